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
  if (isLocale(param)) return param;
  if (isLocale(cookie)) return cookie;
  return fromAcceptLanguage(acceptLanguage) ?? defaultLocale;
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
    if (tag === 'zh' || tag.startsWith('zh-')) return 'zh-CN';
    if (tag === 'en' || tag.startsWith('en-')) return 'en';
  }
  return undefined;
}
