import type { MetricValue } from '../model/types.js';
import { SECRET_KEY } from './details.js';
import { isRecord } from './fields.js';

// The numbers a health body reports about itself (a service's numeric `details`, the Hemera body's `metrics`,
// health+json `observedValue`s) as extended metrics, read the same way by every format. A body is untrusted:
// keys and units are bounded and restricted, and only so many values are kept, so that a hostile body cannot
// blow up memory, reports or the history.

/** Values kept per service and of a body's `metrics`; the rest are ignored (and counted). */
export const MAX_VALUES = 32;

/** A key that may become part of a metric name (`poolUsage`, `cpu`, `heap.used`, `p99-latency`). */
export const VALUE_KEY = /^[A-Za-z0-9_.-]{1,64}$/;

/** Keys that are never values even when they look sane: they mean something to every JavaScript object. */
const RESERVED_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/** Longest unit word kept as the body names it (`MB`, `connections`, `req/s`). */
const MAX_UNIT = 24;

/** Factors of the time units (lower-case) to milliseconds. */
const TIME_UNITS: Record<string, number> = {
  ms: 1,
  msec: 1,
  millisecond: 1,
  milliseconds: 1,
  s: 1000,
  sec: 1000,
  secs: 1000,
  second: 1000,
  seconds: 1000,
  min: 60_000,
  mins: 60_000,
  minute: 60_000,
  minutes: 60_000,
  h: 3_600_000,
  hr: 3_600_000,
  hour: 3_600_000,
  hours: 3_600_000,
  us: 0.001,
  µs: 0.001, // micro sign
  μs: 0.001, // Greek mu
  microsecond: 0.001,
  microseconds: 0.001,
  ns: 0.000_001,
  nanosecond: 0.000_001,
  nanoseconds: 0.000_001,
};

const PERCENT_UNITS = new Set(['%', 'percent', 'percentage', 'pct']);

/** What a unit word may keep: letters, digits and the few signs units use (`req/s`, `°C`, `MiB`). */
const UNIT_NOISE = /[^\p{L}\p{N} /._%°-]/gu;

/**
 * Whether `key` may name a value: a sane word, not an object's own machinery (`__proto__`), and not a
 * secret-looking one (`password`, `apiKey`): what a body sends under such a key is never reported or kept,
 * wherever in the body it is (service details, `metrics`, health+json measurements).
 */
export function isValueKey(key: string): boolean {
  return VALUE_KEY.test(key) && !RESERVED_KEYS.has(key) && !SECRET_KEY.test(key);
}

/** A name no record of values may have as a key (`__proto__`…), whatever it is made of. */
export const isReservedKey = (name: string) => RESERVED_KEYS.has(name);

/**
 * A number in `unit` as a metric value: time units become milliseconds (unit `ms`), `%`/`percent` becomes
 * `percent`, any other word is kept (sanitized, at most 24 characters); no unit, no unit. Undefined when the
 * value is no finite number (or stops being one when converted).
 */
export function metricValue(value: unknown, unit?: unknown): MetricValue | undefined {
  if (typeof value !== 'number' || !Number.isFinite(value)) return undefined;
  const word = typeof unit === 'string' ? unit.trim() : '';
  if (word === '') return { value };
  const lower = word.toLowerCase();
  const factor = TIME_UNITS[lower];
  if (factor !== undefined) {
    const ms = value * factor;
    return Number.isFinite(ms) ? { value: Number(ms.toPrecision(15)), unit: 'ms' } : undefined;
  }
  if (PERCENT_UNITS.has(lower)) return { value, unit: 'percent' };
  const kept = word.replace(UNIT_NOISE, '').trim().slice(0, MAX_UNIT).trim();
  return kept === '' ? { value } : { value, unit: kept };
}

/** A bare number, or `{value: number, unit?: string}`; anything else (strings, booleans, NaN) is no value. */
export function readMetricValue(raw: unknown): MetricValue | undefined {
  if (typeof raw === 'number') return metricValue(raw);
  if (isRecord(raw) && typeof raw.value === 'number') return metricValue(raw.value, raw.unit);
  return undefined;
}

export interface ReadValues {
  /** By the key the body uses; undefined when there were none. */
  values: Record<string, MetricValue> | undefined;
  /** Values beyond the bound that were ignored. */
  dropped: number;
}

/**
 * The values among `entries` (key → raw value): the first `max` whose key is usable and whose value is a
 * number. `skip` leaves out keys that mean something else (a service's `provider`).
 */
export function readMetricValues(
  entries: Iterable<readonly [string, unknown]>,
  skip: (key: string) => boolean = () => false,
  max = MAX_VALUES,
): ReadValues {
  const values: Record<string, MetricValue> = {};
  let kept = 0;
  let dropped = 0;
  for (const [key, raw] of entries) {
    if (!isValueKey(key) || skip(key) || Object.hasOwn(values, key)) continue;
    const value = readMetricValue(raw);
    if (!value) continue;
    if (kept >= max) {
      dropped++;
      continue;
    }
    values[key] = value;
    kept++;
  }
  return { values: kept > 0 ? values : undefined, dropped };
}
