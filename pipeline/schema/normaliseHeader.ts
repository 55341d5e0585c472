// The one rule that turns a raw header into the key its synonyms (synonyms.ts) are written in.

/** Normalise a header for synonym lookup: NFKC, lower case, drop bracketed notes and punctuation. */
export function normaliseHeader(header: string): string {
  return header
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[(\[（【].*?[)\]）】]/gu, '')
    .replace(/[\s_\-./:?？*#'"’，,、]+/gu, '')
    .trim();
}
