// What a rebuild did to the clusters people already know, recorded in cluster_builds.changes and
// shown on the Root causes page: a quality manager who sees a root cause's id, label or size move
// between nights must be told that the model was rebuilt and which causes it touched.
//
// kept     — matched to a previous cluster (same id, same label) with centroid cosine ≥ CHANGED_BELOW;
// changed  — matched, but its centroid moved (cosine below CHANGED_BELOW): same id and label, other
//            complaints (its members are partly reassigned);
// new      — no previous cluster close enough (a new id, a new label);
// retired  — a previous cluster no new one matched (its id is never reused).
import type { MatchResult } from './match.ts';

/** A matched cluster whose centroid cosine with its predecessor is below this has changed. */
export const CHANGED_BELOW = 0.9;

export interface BuildChanges {
  kept: number;
  changed: { id: number; similarity: number }[];
  new: number[];
  retired: number[];
}

export function buildChanges(match: MatchResult, hadPrevious: boolean): BuildChanges | null {
  if (!hadPrevious) return null;
  const changes: BuildChanges = { kept: 0, changed: [], new: [], retired: [...match.retired] };
  match.ids.forEach((id, j) => {
    const s = match.similarity[j];
    if (s === null) changes.new.push(id);
    else if (s < CHANGED_BELOW)
      changes.changed.push({ id, similarity: Math.round(s * 1000) / 1000 });
    else changes.kept++;
  });
  changes.new.sort((a, b) => a - b);
  changes.retired.sort((a, b) => a - b);
  changes.changed.sort((a, b) => a.similarity - b.similarity || a.id - b.id);
  return changes;
}

/** Whether a rebuild changed anything people see (a cluster changed, appeared or went away). */
export function changedAnything(c: BuildChanges | null): boolean {
  return c !== null && (c.changed.length > 0 || c.new.length > 0 || c.retired.length > 0);
}
