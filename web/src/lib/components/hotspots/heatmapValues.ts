// What a product × batch-age heatmap cell shows and how it is coloured (pure, unit-tested):
// with the rate ratio, a cell holding a hot-spot batch takes that batch's rate ratio — the statistic
// that flagged it — and every other cell the ratio of all its batches, kept below the hot colours,
// so orange and red mean "a flagged batch is here" and a hot batch is not averaged away.
import type { HeatmapCellData } from '../../server/hotspots/types.ts';
import type { AgeBucket, Metric } from '../../hotspots/params.ts';

/** Lowest ratio of the hot colours (the heatmap's third break). */
export const hotFrom = 2;
/** Where the colour of a cell without a flagged batch is capped. */
export const belowHot = 1.99;

/** The number a cell shows (null: no value, the cell is blank). */
export function shownValue(cell: HeatmapCellData, metric: Metric): number | null {
  if (metric === 'rate') return cell.per10k;
  return cell.hotspots > 0 && cell.hotRatio !== null ? cell.hotRatio : cell.ratio;
}

/**
 * The value its colour is looked up with. A cell holding a flagged batch is coloured at least hot:
 * a batch flagged by its cause mix or cause rate can have a rate ratio under 2, and its ▲ marker
 * must not sit on a grey cell.
 */
export function colourValue(cell: HeatmapCellData, metric: Metric): number | null {
  const value = shownValue(cell, metric);
  if (value === null || metric === 'rate') return value;
  return cell.hotspots > 0 ? Math.max(value, hotFrom) : Math.min(value, belowHot);
}

/**
 * Of the warehouse's age bands (`buckets`, in order), those with at least one value; the others are
 * dropped (and named).
 */
export function shownBuckets(
  cells: readonly HeatmapCellData[],
  metric: Metric,
  buckets: readonly AgeBucket[],
) {
  const shown = buckets.filter((b) =>
    cells.some((c) => c.bucket === b.key && shownValue(c, metric) !== null),
  );
  return { shown, dropped: buckets.filter((b) => !shown.includes(b)) };
}
