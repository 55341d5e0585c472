// Freshness of the warehouse for the Pipeline page: how long ago the last successful load
// finished, and whether that is too long for a nightly load (> 36 h: one missed night plus
// slack). Pure, so the clock and the time zone are arguments and the unit test can pin them.
//
// The warehouse stores naive wall-clock timestamps in the configured time zone (cfg_settings
// 'timezone', default Asia/Shanghai; see pipeline/warehouse/base_tables.sql), so a timestamp is
// turned into an instant in that zone before it is compared with `now`.

export const defaultTimeZone = 'Asia/Shanghai';
/** A nightly load older than this is stale. */
export const staleAfterHours = 36;
/**
 * A newest complaint older than this means the loads bring nothing new (an export job that keeps
 * sending the same file, or stopped exporting): a successful load is then not "fresh data".
 */
export const dataStaleAfterHours = 72;

export interface Freshness {
  /** Finish time of the latest successful load (naive local), null when there is none. */
  lastLoadAt: string | null;
  /** Hours since then (never negative), null without a load. */
  ageHours: number | null;
  /** Newest complaint received_at in the warehouse (naive local). */
  latestReceivedAt: string | null;
  /** True when there is no successful load or it is older than `staleAfterHours`. */
  stale: boolean;
  thresholdHours: number;
  /** Hours since the newest complaint was received, null without complaints. */
  dataAgeHours: number | null;
  /** The newest complaint is older than `dataStaleAfterHours` (the data, not the load, is old). */
  dataStale: boolean;
  dataThresholdHours: number;
}

export function computeFreshness(input: {
  lastLoadAt: string | null;
  latestReceivedAt: string | null;
  now: Date;
  timeZone: string;
  thresholdHours?: number;
}): Freshness {
  const thresholdHours = input.thresholdHours ?? staleAfterHours;
  const loaded = input.lastLoadAt ? zonedToEpochMs(input.lastLoadAt, input.timeZone) : undefined;
  const ageHours =
    loaded === undefined ? null : Math.max(0, (input.now.getTime() - loaded) / 3_600_000);
  const received = input.latestReceivedAt
    ? zonedToEpochMs(input.latestReceivedAt, input.timeZone)
    : undefined;
  const dataAgeHours =
    received === undefined ? null : Math.max(0, (input.now.getTime() - received) / 3_600_000);
  return {
    lastLoadAt: input.lastLoadAt,
    ageHours,
    latestReceivedAt: input.latestReceivedAt,
    stale: ageHours === null || ageHours > thresholdHours,
    thresholdHours,
    dataAgeHours,
    dataStale: dataAgeHours !== null && dataAgeHours > dataStaleAfterHours,
    dataThresholdHours: dataStaleAfterHours,
  };
}

/**
 * Epoch milliseconds of a naive wall-clock timestamp ('YYYY-MM-DD HH:MM[:SS[.fff]]') in
 * `timeZone`; undefined when it does not parse. Two passes so a DST change between the guess and
 * the answer is honoured.
 */
export function zonedToEpochMs(naive: string, timeZone: string): number | undefined {
  const match = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,6}))?)?/.exec(
    naive,
  );
  if (!match) return undefined;
  const [, y, mo, d, h, mi, s = '0', frac = '0'] = match;
  const wall = Date.UTC(+y, +mo - 1, +d, +h, +mi, +s, Math.round(Number(`0.${frac}`) * 1000));
  let epoch = wall - offsetMs(wall, timeZone);
  epoch = wall - offsetMs(epoch, timeZone);
  return epoch;
}

/** Offset of `timeZone` from UTC at an instant, in ms (Asia/Shanghai: +8 h). */
function offsetMs(epoch: number, timeZone: string): number {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: 'numeric',
    minute: 'numeric',
    second: 'numeric',
  }).formatToParts(new Date(epoch));
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value ?? 0);
  const asUtc = Date.UTC(
    get('year'),
    get('month') - 1,
    get('day'),
    get('hour'),
    get('minute'),
    get('second'),
  );
  return asUtc - Math.floor(epoch / 1000) * 1000;
}

/** A time zone name the runtime knows, else the default. */
export function validTimeZone(name: string | null | undefined): string {
  if (!name) return defaultTimeZone;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: name });
    return name;
  } catch {
    return defaultTimeZone;
  }
}
