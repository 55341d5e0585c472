// Which UI language a request gets: an explicit `?lang=` wins (and is remembered in a cookie),
// then the cookie, then the browser's Accept-Language, then the default (zh-CN).
import { defaultLocale, isLocale, type Locale } from './messages.ts';

export const localeCookie = 'lang';
export const localeParam = 'lang';

export interface LocaleSources {
  param?: string | null;
  cookie?: string | null;
  acceptLanguage?: string | null;
}

export function negotiateLocale({ param, cookie, acceptLanguage }: LocaleSources): Locale {
  return (
    localeOfTag(param) ?? localeOfTag(cookie) ?? fromAcceptLanguage(acceptLanguage) ?? defaultLocale
  );
}

/**
 * The supported locale a language tag names: `zh`, `zh-CN`, `zh-Hans`… → zh-CN, `en`, `en-GB`… →
 * en (case-insensitive), else undefined. Users type `?lang=zh` as often as `?lang=zh-CN`.
 */
export function localeOfTag(tag: string | null | undefined): Locale | undefined {
  if (isLocale(tag)) return tag;
  const lower = tag?.trim().toLowerCase() ?? '';
  if (lower === 'zh' || lower.startsWith('zh-') || lower.startsWith('zh_')) return 'zh-CN';
  if (lower === 'en' || lower.startsWith('en-') || lower.startsWith('en_')) return 'en';
  return undefined;
}

/** Best supported locale in an Accept-Language header, honouring q-values; any `zh*` → zh-CN. */
export function fromAcceptLanguage(header: string | null | undefined): Locale | undefined {
  if (!header) return undefined;
  const ranges = header
    .split(',')
    .map((part, index) => {
      const [tag = '', ...attrs] = part.trim().split(';');
      const q = attrs.map((a) => a.trim()).find((a) => a.startsWith('q='));
      const weight = q ? Number(q.slice(2)) : 1;
      return { tag: tag.toLowerCase(), weight: Number.isFinite(weight) ? weight : 0, index };
    })
    .filter((r) => r.tag && r.weight > 0)
    .sort((a, b) => b.weight - a.weight || a.index - b.index);
  for (const { tag } of ranges) {
    const locale = localeOfTag(tag);
    if (locale) return locale;
  }
  return undefined;
}
