import { describe, expect, it } from 'vitest';
import { expectedAt, hourMean, hourOfDay, seasonalProfile } from '../../src/baselines/seasonal.js';
import type { RollUp } from '../../src/history/types.js';
import { DAY, HOUR, MIN, T0 } from './fixtures.js';

/** An hourly roll-up whose runs' mean `avg_response_time` was `mean`. */
function hour(start: number, mean: number, extra: Partial<RollUp> = {}): RollUp {
  return {
    start,
    runs: 12,
    failedRuns: 0,
    worst: 'healthy',
    samples: 36,
    errors: 0,
    latency: null,
    values: { avg_response_time: { n: 12, mean } },
    services: {},
    ...extra,
  };
}

/** `days` whole days of hourly roll-ups from T0: hour h of day d has mean `value(d, h)`. */
function days(count: number, value: (day: number, hour: number) => number): RollUp[] {
  const out: RollUp[] = [];
  for (let d = 0; d < count; d++)
    for (let h = 0; h < 24; h++) out.push(hour(T0 + d * DAY + h * HOUR, value(d, h)));
  return out;
}

describe('seasonalProfile', () => {
  it('is the median over days of each hour’s mean', () => {
    // Day 2 is a bad day at every hour: the median ignores it.
    const hourly = days(3, (d, h) => (d === 2 ? 900 : 100 + h * 10 + d));
    const profile = seasonalProfile(hourly, 'avg_response_time', T0 + 3 * DAY);
    expect(profile?.days).toBe(3);
    expect(profile?.spanMs).toBe(3 * DAY);
    // Hour 5: values 150, 151, 900 → 151.
    expect(profile?.hours[5]).toBe(151);
    expect(profile?.hours[23]).toBe(331);
  });

  it('needs 3 days: undefined with 2 days and 23 hours, an hour of the day only with 3 days of values', () => {
    const hourly = days(3, () => 100);
    // The last hour is not complete yet at this `now`: 71 hours span.
    expect(seasonalProfile(hourly, 'avg_response_time', T0 + 3 * DAY - 1)).toBeUndefined();
    expect(seasonalProfile(hourly.slice(0, 71), 'avg_response_time', T0 + 4 * DAY)).toBeUndefined();
    // 72 hours from 06:00 to 06:00 span 4 dates, and every hour of the day has 3 of them.
    const fromSix = days(4, () => 100).slice(6, 6 + 72);
    const profile = seasonalProfile(fromSix, 'avg_response_time', T0 + 4 * DAY);
    expect(profile?.days).toBe(4);
    expect(profile?.hours.every((v) => v === 100)).toBe(true);
    // Hour 3 kept on one day only (a monitor that skipped it): no value for that hour.
    const night = days(4, () => 100).filter((r) => hourOfDay(r.start) !== 3 || r.start < T0 + DAY);
    expect(seasonalProfile(night, 'avg_response_time', T0 + 4 * DAY)?.hours[3]).toBeUndefined();
  });

  it('reads only the last 14 days, and nothing of another metric', () => {
    const hourly = days(20, (d) => (d < 6 ? 500 : 100));
    const profile = seasonalProfile(hourly, 'avg_response_time', T0 + 20 * DAY);
    expect(profile?.days).toBe(14);
    expect(profile?.hours.every((v) => v === 100)).toBe(true);
    expect(seasonalProfile(hourly, 'metrics_cpu', T0 + 20 * DAY)).toBeUndefined();
  });

  it('takes a service’s time from its roll-up, and avg_response_time from roll-ups written before `values`', () => {
    const old = hour(T0, 0, {
      values: undefined,
      latency: { min: 1, mean: 123, max: 300, histogram: [] },
      services: { db: { runs: 12, failed: 0, meanMs: 7.5, msRuns: 12 } },
    });
    expect(hourMean(old, 'avg_response_time')).toBe(123);
    expect(hourMean(old, 'db_response_time')).toBe(7.5);
    expect(hourMean(old, 'cache_response_time')).toBeUndefined();
    expect(hourMean(hour(T0, 88), 'avg_response_time')).toBe(88);
  });
});

describe('expectedAt', () => {
  const profile = {
    metric: 'avg_response_time',
    hours: Array.from({ length: 24 }, (_, h) => 100 + h * 60),
    days: 3,
    spanMs: 3 * DAY,
  };

  it('is an hour’s value at its middle, and linear between two middles', () => {
    expect(expectedAt(profile, T0 + 2 * HOUR + 30 * MIN)).toBe(220);
    expect(expectedAt(profile, T0 + 3 * HOUR)).toBe(250); // halfway from 02:30 (220) to 03:30 (280)
    // Across midnight: 23:30 is 1480, 00:30 is 100.
    expect(expectedAt(profile, T0 + DAY)).toBe(790);
  });

  it('uses the hour’s own value next to a missing hour, and has none for a missing hour', () => {
    const holes = { ...profile, hours: profile.hours.map((v, h) => (h === 4 ? undefined : v)) };
    expect(expectedAt(holes, T0 + 3 * HOUR + 45 * MIN)).toBe(280);
    expect(expectedAt(holes, T0 + 4 * HOUR + 10 * MIN)).toBeUndefined();
  });
});
