// A batch's hot-spot reason in both languages, from its mart_batch_hotspots row (worded by the
// catalogue, pipeline/messages/batchHotspots.ts): the dashboard, the report, the exports and the
// recommendations' evidence all read it through here.
import { batchHotspotReason } from '../messages/batchHotspots.ts';
import { martRow } from './marts.ts';

export function batchHotspotReasons(json: Record<string, unknown>): {
  reasonZh: string;
  reasonEn: string;
} {
  const row = martRow('mart_batch_hotspots', json);
  return { reasonZh: batchHotspotReason(row, 'zh'), reasonEn: batchHotspotReason(row, 'en') };
}
