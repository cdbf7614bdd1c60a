// One value per monitor run for every metric that baseline and anomaly rules can read, and the series of those
// values over a target's runs. Everything else in src/baselines works on these series.
import type { RunRecord } from '../history/types.js';

/** One run's value of one metric. */
export interface Point {
  /** When the run's first sample started (ms since epoch). */
  at: number;
  value: number;
}

/** One run's error count: what an error-rate rule judges (a rate of 1 of 3 samples is not 33 % of anything). */
export interface RatePoint {
  at: number;
  /** Samples that were errors: no HTTP answer (a transport error, a timeout) or HTTP ≥ 500. */
  errors: number;
  samples: number;
}

/** How a metric's values read: latencies in ms, rates in percent, anything else as the endpoint sent it. */
export type MetricUnit = 'ms' | 'percent' | 'plain';

/** The metrics every run has (when it got an answer), computed from its health samples. */
export const SAMPLE_METRICS = ['avg_response_time', 'p95_response_time', 'max_response_time', 'error_rate'];

/** A sample is an error when it got no HTTP answer or a 5xx: as `recordStats` and the gate count them. */
export const isErrorSample = (sample: RunRecord['samples'][number]) =>
  sample.http === undefined || sample.http >= 500;

/**
 * The durations (ms) of the samples that got an HTTP answer, ascending. A timeout's duration is the timeout,
 * not the target's latency (it counts among the errors instead), as in the roll-ups and the gate.
 */
export function answeredDurations(samples: RunRecord['samples']): number[] {
  return samples
    .filter((sample) => sample.http !== undefined && Number.isFinite(sample.ms))
    .map((sample) => Math.max(0, sample.ms))
    .sort((a, b) => a - b);
}

/** Nearest rank: the smallest value at or above which 95 % of the values lie (src/evaluate/rules/window.ts). */
export function nearestRankP95(ascending: readonly number[]): number | undefined {
  return ascending[Math.ceil(0.95 * ascending.length) - 1];
}

/**
 * Every metric's value in one run: `avg_response_time`, `p95_response_time`, `max_response_time` (over the
 * samples that got an answer; absent when none did), `error_rate` (percent of samples that were errors; absent
 * without samples), `<service>_response_time` for each service that reported a time, and the run's extended
 * metrics (`metrics_cpu`, `database_poolUsage`). Where an extended or service name equals one computed from
 * the samples (a service called `avg`), the samples' value wins: the rule names mean what the docs say.
 */
export function runValues(record: RunRecord): Record<string, number> {
  const values = new Map<string, number>();
  for (const [name, value] of Object.entries(record.metrics ?? {})) {
    if (typeof value === 'number' && Number.isFinite(value)) values.set(name, value);
  }
  for (const service of record.services) {
    if (typeof service.ms === 'number' && Number.isFinite(service.ms))
      values.set(`${service.key}_response_time`, service.ms);
  }
  const durations = answeredDurations(record.samples);
  if (durations.length > 0) {
    values.set('avg_response_time', durations.reduce((sum, ms) => sum + ms, 0) / durations.length);
    values.set('p95_response_time', nearestRankP95(durations) as number);
    values.set('max_response_time', durations[durations.length - 1] as number);
  }
  if (record.samples.length > 0) {
    const errors = record.samples.filter(isErrorSample).length;
    values.set('error_rate', (errors / record.samples.length) * 100);
  }
  // A plain object built from a Map: a `__proto__` key in a stored record stays an ordinary entry.
  return Object.fromEntries(values);
}

const byTime = (a: { at: number }, b: { at: number }) => a.at - b.at;

/** The metric's value in each run that has one, oldest first. */
export function seriesOf(records: readonly RunRecord[], metric: string): Point[] {
  const points: Point[] = [];
  for (const record of records) {
    const values = runValues(record);
    // `hasOwn`: a metric called `constructor` is not Object.prototype's.
    if (Object.hasOwn(values, metric)) points.push({ at: record.at, value: values[metric] as number });
  }
  return points.sort(byTime);
}

/** Each run's errors and samples (runs without samples left out), oldest first: the series of `error_rate`. */
export function countsOf(records: readonly RunRecord[]): RatePoint[] {
  return records
    .filter((record) => record.samples.length > 0)
    .map((record) => ({
      at: record.at,
      errors: record.samples.filter(isErrorSample).length,
      samples: record.samples.length,
    }))
    .sort(byTime);
}

/**
 * The unit of a metric as far as its name tells: response times are ms, `error_rate` is percent. Extended
 * metrics carry their unit in the health body (`MetricValue.unit`), which the caller knows better than a name.
 */
export function metricUnit(metric: string): MetricUnit {
  if (metric === 'error_rate') return 'percent';
  if (metric.endsWith('_response_time')) return 'ms';
  return 'plain';
}
