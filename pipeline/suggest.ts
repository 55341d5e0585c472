// "Did you mean …?" for a name the user typed that is not known (a config key, a model setting, a
// --select model): one rule for every message, so a misspelling gets the same help wherever it is
// made. A candidate is close when it differs by a few edits (up to a quarter of the name, at least
// 2) or when one name contains the other (a prefix or a fragment typed); closest first.
export function closestNames(name: string, candidates: Iterable<string>, max = 3): string[] {
  const typed = name.toLowerCase();
  const scored: Array<{ candidate: string; distance: number }> = [];
  for (const candidate of candidates) {
    const known = candidate.toLowerCase();
    const distance = editDistance(typed, known);
    if (distance <= Math.max(2, typed.length / 4) || known.includes(typed) || typed.includes(known))
      scored.push({ candidate, distance });
  }
  // stable: equal distances keep the candidates' own order
  return scored
    .sort((a, b) => a.distance - b.distance)
    .slice(0, max)
    .map((s) => s.candidate);
}

/** ` (did you mean "a"?)` for the closest candidate, or `fallback` when none is close. */
export function didYouMean(name: string, candidates: Iterable<string>, fallback = ''): string {
  const [best] = closestNames(name, candidates, 1);
  return best ? ` (did you mean "${best}"?)` : fallback;
}

/** Levenshtein distance (insertions, deletions, substitutions), two rows of memory. */
export function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++)
      row[j] = Math.min(prev[j] + 1, row[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    prev = row;
  }
  return prev[b.length];
}
