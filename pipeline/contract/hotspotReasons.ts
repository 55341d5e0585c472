// Hot-spot reasons in both languages, from a mart_batch_hotspots or mart_product_hotspots row
// (worded by the catalogue, pipeline/messages/batchHotspots.ts and productHotspots.ts): the
// dashboard, the report, the exports and the recommendations' evidence all read them through here.
import { batchHotspotReason } from '../messages/batchHotspots.ts';
import { productHotspotReason } from '../messages/productHotspots.ts';
import { martRow } from './marts.ts';

export function batchHotspotReasons(json: Record<string, unknown>): {
  reasonZh: string;
  reasonEn: string;
} {
  const row = martRow('mart_batch_hotspots', json);
  return { reasonZh: batchHotspotReason(row, 'zh'), reasonEn: batchHotspotReason(row, 'en') };
}

/** A product hot-spot test's reason in both languages, from its mart_product_hotspots row. */
export function productHotspotReasons(json: Record<string, unknown>): {
  reasonZh: string;
  reasonEn: string;
} {
  const row = martRow('mart_product_hotspots', json);
  return { reasonZh: productHotspotReason(row, 'zh'), reasonEn: productHotspotReason(row, 'en') };
}
