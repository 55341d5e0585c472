// Localised labels of the hot-spot pages' own values (age buckets), in the current language.
import { tr } from '../../i18n/current.ts';
import { ageBucketOfKey, type AgeBucket } from '../../hotspots/params.ts';

/** "0–29 d" / "0–29 天"; the open last bucket "≥ 720 d" (a key carries its bounds). */
export function ageBucketLabel(bucket: AgeBucket | string): string {
  const b = typeof bucket === 'string' ? ageBucketOfKey(bucket) : bucket;
  if (!b) return String(bucket);
  return b.max === null
    ? tr('hotspots.age.over', { days: b.min })
    : tr('hotspots.age.range', { min: b.min, max: b.max });
}
