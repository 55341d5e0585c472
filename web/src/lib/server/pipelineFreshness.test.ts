// Freshness of the last load: naive local timestamps in the warehouse's time zone vs. the clock.
import { describe, expect, it } from 'vitest';
import { computeFreshness, validTimeZone, zonedToEpochMs } from './pipelineFreshness.ts';

describe('zonedToEpochMs', () => {
  it('reads a wall-clock time in the given zone', () => {
    expect(zonedToEpochMs('2026-11-24 06:39:03.090607', 'Asia/Shanghai')).toBe(
      Date.parse('2026-11-23T22:39:03.091Z'),
    );
    expect(zonedToEpochMs('2026-11-24 06:39', 'UTC')).toBe(Date.parse('2026-11-24T06:39:00Z'));
    expect(zonedToEpochMs('yesterday', 'UTC')).toBeUndefined();
  });

  it('honours daylight saving time', () => {
    // New York: EDT (UTC-4) in July, EST (UTC-5) in January
    expect(zonedToEpochMs('2026-07-01 12:00:00', 'America/New_York')).toBe(
      Date.parse('2026-07-01T16:00:00Z'),
    );
    expect(zonedToEpochMs('2026-01-01 12:00:00', 'America/New_York')).toBe(
      Date.parse('2026-01-01T17:00:00Z'),
    );
  });
});

describe('computeFreshness', () => {
  const now = new Date('2026-11-24T12:00:00Z'); // 20:00 in Shanghai
  const base = { latestReceivedAt: '2026-10-31 21:53:45', now, timeZone: 'Asia/Shanghai' };

  it('is fresh right after a nightly load', () => {
    const f = computeFreshness({ ...base, lastLoadAt: '2026-11-24 02:00:00' });
    expect(f.ageHours).toBeCloseTo(18, 6);
    expect(f.stale).toBe(false);
    expect(f.latestReceivedAt).toBe('2026-10-31 21:53:45');
  });

  it('warns once the load is older than 36 hours, not at exactly 36', () => {
    expect(computeFreshness({ ...base, lastLoadAt: '2026-11-23 08:00:00' }).stale).toBe(false);
    const old = computeFreshness({ ...base, lastLoadAt: '2026-11-23 07:59:00' });
    expect(old.ageHours).toBeCloseTo(36 + 1 / 60, 6);
    expect(old.stale).toBe(true);
  });

  it('would be wrong by 8 hours if the zone were ignored', () => {
    const f = computeFreshness({ ...base, lastLoadAt: '2026-11-24 02:00:00', timeZone: 'UTC' });
    expect(f.ageHours).toBeCloseTo(10, 6);
  });

  it('is stale without any successful load, and never negative', () => {
    const none = computeFreshness({ ...base, lastLoadAt: null });
    expect(none).toMatchObject({ stale: true, ageHours: null });
    expect(computeFreshness({ ...base, lastLoadAt: '2026-11-25 00:00:00' }).ageHours).toBe(0);
  });

  it('is not fresh data when the newest complaint is old, however recent the load', () => {
    // the issue: "loaded within 36 hours" in green while the newest complaint was 37 days old
    const f = computeFreshness({ ...base, lastLoadAt: '2026-11-24 02:00:00' });
    expect(f.stale).toBe(false);
    expect(f.dataAgeHours).toBeCloseTo(23 * 24 + 22.1, 0); // 31 Oct 21:53 → 24 Nov 20:00
    expect(f.dataStale).toBe(true);
    const recent = computeFreshness({
      ...base,
      latestReceivedAt: '2026-11-23 23:00:00',
      lastLoadAt: '2026-11-24 02:00:00',
    });
    expect(recent.dataStale).toBe(false);
  });

  it('falls back to the default zone for an unknown name', () => {
    expect(validTimeZone('Mars/Olympus')).toBe('Asia/Shanghai');
    expect(validTimeZone('UTC')).toBe('UTC');
    expect(validTimeZone(null)).toBe('Asia/Shanghai');
  });
});
