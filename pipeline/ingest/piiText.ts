// PII patterns in text, for JavaScript callers (the dashboard masks rejects' raw rows for
// non-admins with maskPii; ingest masks the rows its readers reject with it). The same rules as
// the ingest's SQL macro cl_mask_pii (normalise.ts), so what a non-admin sees is what ingest would
// have stored: mobile numbers (optional +86), landlines with an area code, 18/15-digit resident ID
// numbers, e-mail addresses and Chinese street addresses with a house number. ID numbers first: a
// mobile pattern would otherwise match inside them.

// A Chinese street address: an optional province, then a city and/or a district/county, then a
// street (路/街/大道/巷/弄/胡同, optionally a 段) and a house number in digits (88号, 12-3号, with
// building/unit/room after it). The province and city are kept, the rest is dropped:
// 北京市朝阳区建国路88号3单元 → 北京市***. A city or district is required before the street, so
// "知道1号" or "路由器型号88号" are not addresses; house numbers in Chinese numerals are not found.
// The source is written in the syntax both JavaScript (with the u flag) and RE2 (DuckDB) read
// (hence the literal CJK range: the two spell \p{Han} differently).
const han = '[一-鿿]';
const province = String.raw`(?:${han}{2,7}?(?:省|自治区))?`;
const city = String.raw`${han}{1,7}?市`;
const district = String.raw`${han}{1,7}?(?:区|县|旗)`;
const street =
  String.raw`${han}{1,12}?(?:路|街|大道|巷|弄|胡同)(?:[东西南北中一二三四五六七八九十]{1,2}段)?` +
  String.raw`\s*\d{1,5}(?:-\d{1,5})?\s*号(?:[0-9A-Za-z-]{1,6}(?:栋|幢|楼|单元|室|层|座))*`;
/** Groups 1 and 2: the kept coarse part (province/city), one of them empty. */
export const addressPattern = `(${province}(?:${city})?)${district}${street}|(${province}${city})${street}`;

const rules: ReadonlyArray<[RegExp, string]> = [
  [/\b(\d{6})\d{8}(\d{3}[0-9Xx])\b/g, '$1********$2'],
  [/\b(\d{6})\d{6}(\d{3})\b/g, '$1******$2'],
  [/(\+?86[- ]?)?\b(1[3-9]\d)[- ]?\d{4}[- ]?(\d{4})\b/g, '$2****$3'],
  [/\b(0\d{2,3})-\d{3,4}(\d{4})\b/g, '$1-****$2'],
  [/\b([A-Za-z0-9._%+-])[A-Za-z0-9._%+-]*@([A-Za-z0-9.-]+\.[A-Za-z]{2,})\b/g, '$1***@$2'],
  [new RegExp(addressPattern, 'gu'), '$1$2***'],
];

export function maskPii(text: string): string;
export function maskPii(text: string | null): string | null;
export function maskPii(text: string | null): string | null {
  if (text === null || !/[0-9@]/.test(text)) return text;
  let out = text;
  for (const [pattern, replacement] of rules) out = out.replace(pattern, replacement);
  return out;
}

/** Whether a text holds anything maskPii would mask. */
export function hasPii(text: string): boolean {
  return maskPii(text) !== text;
}
