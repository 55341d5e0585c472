// Text normalisation before tokenisation: one canonical form for every way a customer (or an
// export) may have written the same thing.
//
// - Unicode NFKC: full-width ASCII (ＢＣＤ－５２０Ｗ, ２０２６) → half-width, U+3000 → space, ① → 1,
//   compatibility ideographs → their unified form.
// - Latin lower-cased; English contractions expanded so that the negation survives tokenisation
//   ("doesn't" → "does not").
// - PII masked again (defence in depth: ingest already masks description, but the text module is also
//   used on other inputs, e.g. the evaluation sets): mobiles, landlines, ID cards, e-mails and URLs,
//   masked or not, become a space; what is left of a mask (138****5678) is removed too, so a mask can
//   never become a term.

const EMAIL = /[a-z0-9._%+*-]+@[a-z0-9.-]+\.[a-z]{2,}/g;
const URL = /\b(?:https?:\/\/|www\.)\S+/g;
// Masked or plain mobile (+86 optional), landline, 15/18-digit ID card; ingest masks with '*'.
const PHONE_OR_ID = /(?:\+?86[- ]?)?(?:\d[\d*]{1,5}[- ]?)?[\d*]{3,4}[- ]?[\d*]{4,}[0-9x*]?/g;
const MASK_REMAINS = /[\w.+-]*\*{2,}[\w.+-]*/g;
const CONTRACTIONS: [RegExp, string][] = [
  [/\b(can)['’]?t\b/g, 'can not'],
  [/\bcannot\b/g, 'can not'],
  [/\bwon['’]t\b/g, 'will not'],
  [/\bshan['’]t\b/g, 'shall not'],
  [/\b([a-z]+)n['’]t\b/g, '$1 not'],
  [/['’](?:s|re|ve|ll|d|m)\b/g, ''],
];

/** NFKC, lower-case, contractions expanded, PII and masks removed. Never throws. */
export function normalizeText(input: string | null | undefined): string {
  if (!input) return '';
  let s = input.normalize('NFKC').toLowerCase();
  if (s.includes('@')) s = s.replace(EMAIL, ' ');
  if (s.includes('http') || s.includes('www.')) s = s.replace(URL, ' ');
  if (s.includes('*')) s = s.replace(MASK_REMAINS, ' ');
  // Only long digit runs can be PII; the regex is skipped for the common case of none.
  if (/\d{7}/.test(s))
    s = s.replace(PHONE_OR_ID, (m) => (m.replace(/\D/g, '').length >= 7 ? ' ' : m));
  if (s.includes("'") || s.includes('’') || s.includes('cannot')) {
    for (const [re, to] of CONTRACTIONS) s = s.replace(re, to);
  }
  return s;
}

/** True when the character is a CJK ideograph (the scripts jieba segments). */
export function isHan(code: number): boolean {
  return (
    (code >= 0x4e00 && code <= 0x9fff) ||
    (code >= 0x3400 && code <= 0x4dbf) ||
    (code >= 0xf900 && code <= 0xfaff)
  );
}

export function hasHan(s: string): boolean {
  for (let i = 0; i < s.length; i++) if (isHan(s.charCodeAt(i))) return true;
  return false;
}
