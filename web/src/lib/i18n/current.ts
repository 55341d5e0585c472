// The current request's language, for components. Reading `page.data` inside a template or
// $derived makes the caller re-render when the language changes.
import { page } from '$app/state';
import { categoryName, codeLabels } from '../../../../pipeline/messages/codes.ts';
import { codeLabel, langOf } from './codes.ts';
import { defaultLocale, isLocale, t, type Locale, type MessageKey } from './messages.ts';

export function currentLocale(): Locale {
  const locale: unknown = page.data.locale;
  return isLocale(locale) ? locale : defaultLocale;
}

/** Translate in the current language. */
export function tr(key: MessageKey, params?: Record<string, string | number>): string {
  return t(currentLocale(), key, params);
}

/**
 * A taxonomy category in the current language: its configured English label (capitalised) in
 * English, its own name in Chinese. The value in URLs and queries stays the category's name.
 */
export function categoryLabel(category: string | null | undefined): string {
  const labels = (page.data.categoryLabels ?? {}) as Record<string, string>;
  return categoryName(langOf(currentLocale()), category, labels);
}

/** A product-defined code (rule, alert kind, severity, default owner…) in the current language. */
export function code(field: string, value: string | null | undefined): string {
  return codeLabel(currentLocale(), field, value);
}

/** A list of codes (a hot spot's flag bases) in the current language: "rate + cause rate". */
export function codes(field: string, values: readonly string[] | null | undefined): string {
  return codeLabels(langOf(currentLocale()), field, values);
}
