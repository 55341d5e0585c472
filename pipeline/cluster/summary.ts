// The one-line summary of a cluster: the opening of its most representative complaint (the sampled
// complaint nearest to the centroid, describe.ts), so that a reader sees the cause in a customer's
// own words next to the keyword label. Whole sentences when they fit, cut at a word boundary
// otherwise; narratives typed in capitals (common in NHTSA complaints) are shown in sentence case.

/** Sentence ends: Chinese and Western terminators, and line breaks. */
const SENTENCE_END = /[。！？!?；;\n\r]+|\.(?=\s|$)/u;
const HAS_LOWER = /\p{Ll}/u;
const HAS_UPPER = /\p{Lu}/u;

function sentenceCase(text: string): string {
  if (HAS_LOWER.test(text) || !HAS_UPPER.test(text)) return text;
  const lower = text.toLowerCase();
  return lower.replace(/(^|[.!?]\s+)(\p{Ll})/gu, (_, p: string, c: string) => p + c.toUpperCase());
}

/** A one-line summary of `text` of at most `maxChars` characters ('' for an empty text). */
export function summarize(text: string | null | undefined, maxChars = 100, minChars = 12): string {
  const clean = sentenceCase((text ?? '').replace(/\s+/g, ' ').trim());
  if (!clean) return '';
  // Whole sentences until the summary says something (a first sentence like "Hi." says nothing).
  let out = '';
  let rest = clean;
  while (rest && out.length < minChars) {
    const m = SENTENCE_END.exec(rest);
    const end = m ? m.index + m[0].length : rest.length;
    out += rest.slice(0, end);
    rest = rest.slice(end);
  }
  out = out.trim();
  if (out.length <= maxChars) return out;
  const cut = out.slice(0, maxChars - 1);
  // Latin text: cut at the last space; Chinese has no spaces, any character boundary will do.
  const space = cut.lastIndexOf(' ');
  return (space > maxChars / 2 ? cut.slice(0, space) : cut).replace(/[\s,，、:：]+$/u, '') + '…';
}
