// The hour-of-day profile of a metric: what it usually is at each UTC hour, from the hourly roll-ups of the
// last two weeks. Anomaly rules measure a run against the profile once there are 3 days of history, so that
// the evening peak of a daily cycle is not "slow" and a slowdown at night is not hidden by the day's spread.
import { median } from 'simple-statistics';
import type { RollUp } from '../history/types.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** Days of hourly roll-ups the profile reads back (the newest complete hours). */
export const SEASONAL_LOOKBACK_DAYS = 14;
/** Days an hour of the day needs values on before the profile speaks for it, and days the data must span. */
export const SEASONAL_MIN_DAYS = 3;

export interface SeasonalProfile {
  metric: string;
  /**
   * By UTC hour of the day (0–23): the median over days of that hour's mean value; undefined for an hour
   * that had a value on fewer than 3 days (a monitor that skipped the nights has no profile for them).
   */
  hours: (number | undefined)[];
  /** Distinct UTC days that contributed a value. */
  days: number;
  /** From the start of the first hour used to the end of the last one (ms). */
  spanMs: number;
}

/**
 * The profile of `metric` from the complete hourly roll-ups of the 14 days before `now` (`hourMean`). Undefined unless the hours with a value span at least 3 days (72 h from the
 * first hour's start to the last one's end) and at least one hour of the day has values on 3 different days.
 * An hour of the day with values on fewer than 3 days stays undefined in `hours`: a median of two days
 * is one bad day away from wrong.
 */
export function seasonalProfile(
  hourly: readonly RollUp[],
  metric: string,
  now: number,
): SeasonalProfile | undefined {
  const since = now - SEASONAL_LOOKBACK_DAYS * DAY;
  // Hour of the day → day → that hour's mean: a roll-up stored twice still counts one day.
  const byHour: Map<number, number>[] = Array.from({ length: 24 }, () => new Map());
  const days = new Set<number>();
  let first = Number.POSITIVE_INFINITY;
  let last = Number.NEGATIVE_INFINITY;
  for (const rollUp of hourly) {
    // Complete hours only: the current hour's roll-up (if any) is still growing.
    if (rollUp.start < since || rollUp.start + HOUR > now) continue;
    const mean = hourMean(rollUp, metric);
    if (mean === undefined) continue;
    const day = Math.floor(rollUp.start / DAY);
    (byHour[hourOfDay(rollUp.start)] as Map<number, number>).set(day, mean);
    days.add(day);
    first = Math.min(first, rollUp.start);
    last = Math.max(last, rollUp.start);
  }
  if (days.size === 0) return undefined;
  const spanMs = last + HOUR - first;
  const hours = byHour.map((means) =>
    means.size >= SEASONAL_MIN_DAYS ? median([...means.values()]) : undefined,
  );
  if (spanMs < SEASONAL_MIN_DAYS * DAY || hours.every((value) => value === undefined)) return undefined;
  return { metric, hours, days: days.size, spanMs };
}

/**
 * An hour's mean of a metric's run values: `values[metric].mean`; for a service's response time, which the
 * roll-up keeps per service instead, `services[key].meanMs`; and for `avg_response_time` in a roll-up written
 * before `values` existed, the mean of its answered samples (the same figure when every run got as many answers).
 */
export function hourMean(rollUp: RollUp, metric: string): number | undefined {
  const entry = rollUp.values && Object.hasOwn(rollUp.values, metric) ? rollUp.values[metric] : undefined;
  if (entry) return entry.n > 0 && Number.isFinite(entry.mean) ? entry.mean : undefined;
  if (metric.endsWith('_response_time')) {
    const key = metric.slice(0, -'_response_time'.length);
    const service = Object.hasOwn(rollUp.services, key) ? rollUp.services[key] : undefined;
    if (service?.meanMs !== undefined && Number.isFinite(service.meanMs)) return service.meanMs;
  }
  if (metric === 'avg_response_time' && rollUp.values === undefined && rollUp.latency)
    return rollUp.latency.mean;
  return undefined;
}

/** The UTC hour of the day (0–23) of a time. */
export function hourOfDay(at: number): number {
  return Math.floor((((at % DAY) + DAY) % DAY) / HOUR);
}

/**
 * The profile's expected value at `at`: each hour's value stands for the middle of its hour, and between two
 * middles the value is interpolated linearly (a daily cycle does not jump on the hour). Where a neighbour is
 * missing, the hour's own value; undefined when the profile has none for the hour.
 */
export function expectedAt(profile: SeasonalProfile, at: number): number | undefined {
  const own = profile.hours[hourOfDay(at)];
  if (own === undefined) return undefined;
  const position = (((at % DAY) + DAY) % DAY) / HOUR - 0.5;
  const before = Math.floor(position);
  const weight = position - before;
  const a = profile.hours[(before + 24) % 24];
  const b = profile.hours[(before + 1) % 24];
  if (a === undefined || b === undefined) return own;
  return a + (b - a) * weight;
}
