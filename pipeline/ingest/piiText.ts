// PII patterns in text, for JavaScript callers (the dashboard masks rejects' raw rows for
// non-admins with maskPii). The same rules as the ingest's SQL macro cl_mask_pii
// (normalise.ts), so what a non-admin sees is what ingest would have stored: mobile numbers
// (optional +86), landlines with an area code, 18/15-digit resident ID numbers and e-mail
// addresses. ID numbers first: a mobile pattern would otherwise match inside them.
const rules: ReadonlyArray<[RegExp, string]> = [
  [/\b(\d{6})\d{8}(\d{3}[0-9Xx])\b/g, '$1********$2'],
  [/\b(\d{6})\d{6}(\d{3})\b/g, '$1******$2'],
  [/(\+?86[- ]?)?\b(1[3-9]\d)[- ]?\d{4}[- ]?(\d{4})\b/g, '$2****$3'],
  [/\b(0\d{2,3})-\d{3,4}(\d{4})\b/g, '$1-****$2'],
  [/\b([A-Za-z0-9._%+-])[A-Za-z0-9._%+-]*@([A-Za-z0-9.-]+\.[A-Za-z]{2,})\b/g, '$1***@$2'],
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
