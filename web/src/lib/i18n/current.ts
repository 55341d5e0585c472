// The current request's language, for components. Reading `page.data` inside a template or
// $derived makes the caller re-render when the language changes.
import { page } from '$app/state';
import { defaultLocale, isLocale, t, type Locale, type MessageKey } from './messages.ts';

export function currentLocale(): Locale {
  const locale: unknown = page.data.locale;
  return isLocale(locale) ? locale : defaultLocale;
}

/** Translate in the current language. */
export function tr(key: MessageKey, params?: Record<string, string | number>): string {
  return t(currentLocale(), key, params);
}
