import { runValues, SAMPLE_METRICS } from '../baselines/series.js';
import { type HealthStatus, worse } from '../model/status.js';
import { histogramCount, histogramOf, mergeHistograms } from './histogram.js';
import type { RollUp, RunRecord } from './types.js';

/** Means are stored to a thousandth of a millisecond: files stay tidy, merges stay deterministic. */
const round = (ms: number) => Math.round(ms * 1000) / 1000;

/**
 * One target's roll-up of the runs in a period (an hour). A run failed when its verdict is not healthy; a
 * sample is an error when it is not `ok`. Latency counts the samples that got an answer (`http` set): a
 * timeout's duration is the timeout, not the target's latency, and is counted among the errors instead.
 * Per service: runs that reported it, runs where it failed (`fail`) and its mean response time. Per metric
 * (`values`): the runs that had a value and the mean of those values, each run's value as anomaly rules take
 * it (src/baselines/series.ts), so an hour-of-day profile can be read from the roll-ups; except what the
 * roll-up holds already or no profile reads (see `notInValues`).
 * Undefined when there are no runs.
 */
export function rollUpRuns(start: number, records: readonly RunRecord[]): RollUp | undefined {
  if (records.length === 0) return undefined;
  let worst: HealthStatus = 'healthy';
  let failedRuns = 0;
  let samples = 0;
  let errors = 0;
  const latencies: number[] = [];
  const services: Record<string, { runs: number; failed: number; msSum: number; msRuns: number }> = {};
  const values = new Map<string, { n: number; sum: number }>();
  // Sorted so the same records in any order give byte-for-byte the same roll-up.
  const ordered = [...records].sort((a, b) => a.at - b.at || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  for (const record of ordered) {
    worst = worse(worst, record.status);
    if (record.status !== 'healthy') failedRuns++;
    for (const sample of record.samples) {
      samples++;
      if (!sample.ok) errors++;
      if (sample.http !== undefined && Number.isFinite(sample.ms)) latencies.push(Math.max(0, sample.ms));
    }
    for (const [metric, value] of Object.entries(runValues(record)))
      if (!notInValues(metric, record)) add(values, metric, value, 1);
    for (const service of record.services) {
      const entry = tally(services, service.key);
      entry.runs++;
      if (service.status === 'fail') entry.failed++;
      if (service.ms !== undefined && Number.isFinite(service.ms)) {
        entry.msSum += service.ms;
        entry.msRuns++;
      }
    }
  }
  return {
    start,
    runs: ordered.length,
    failedRuns,
    worst,
    samples,
    errors,
    latency:
      latencies.length === 0
        ? null
        : {
            min: round(Math.min(...latencies)),
            mean: round(latencies.reduce((a, b) => a + b, 0) / latencies.length),
            max: round(Math.max(...latencies)),
            histogram: histogramOf(latencies),
          },
    ...valueSummary(values),
    services: serviceSummary(services),
  };
}

/**
 * The sum of roll-ups (an hour's into a day's): counts add, min/max take the extremes, means are weighted
 * by what they averaged (latency by the histogram's count, a service by the runs that reported a time, a
 * metric's `values` by the runs that had one).
 * Parts are taken in `start` order, so the result does not depend on the order they come in.
 */
export function mergeRollUps(start: number, parts: readonly RollUp[]): RollUp | undefined {
  if (parts.length === 0) return undefined;
  const ordered = [...parts].sort((a, b) => a.start - b.start);
  let worst: HealthStatus = 'healthy';
  const latencyParts = ordered.flatMap((part) => (part.latency ? [part.latency] : []));
  const services: Record<string, { runs: number; failed: number; msSum: number; msRuns: number }> = {};
  const values = new Map<string, { n: number; sum: number }>();
  for (const part of ordered) {
    worst = worse(worst, part.worst);
    // Roll-ups written before `values` existed add nothing: their runs had no such record.
    for (const [metric, entry] of Object.entries(part.values ?? {})) add(values, metric, entry.mean, entry.n);
    for (const [key, service] of Object.entries(part.services)) {
      const entry = tally(services, key);
      entry.runs += service.runs;
      entry.failed += service.failed;
      if (service.meanMs !== undefined) {
        // Older roll-ups without `msRuns` weigh by their runs.
        const weight = service.msRuns ?? service.runs;
        entry.msSum += service.meanMs * weight;
        entry.msRuns += weight;
      }
    }
  }
  let latency: RollUp['latency'] = null;
  if (latencyParts.length > 0) {
    const histogram = mergeHistograms(latencyParts.map((l) => l.histogram));
    const count = histogramCount(histogram);
    const weighted = latencyParts.reduce((sum, l) => sum + l.mean * histogramCount(l.histogram), 0);
    latency = {
      min: Math.min(...latencyParts.map((l) => l.min)),
      mean: round(count === 0 ? 0 : weighted / count),
      max: Math.max(...latencyParts.map((l) => l.max)),
      histogram,
    };
  }
  const sum = (pick: (part: RollUp) => number) => ordered.reduce((total, part) => total + pick(part), 0);
  return {
    start,
    runs: sum((p) => p.runs),
    failedRuns: sum((p) => p.failedRuns),
    worst,
    samples: sum((p) => p.samples),
    errors: sum((p) => p.errors),
    latency,
    ...valueSummary(values),
    services: serviceSummary(services),
  };
}

/**
 * Metrics left out of `values`, to keep the history's files small (every hourly roll-up is kept 90 days):
 * a service's response time (`<key>_response_time`) is `services[key].meanMs` over `msRuns` runs already,
 * and `error_rate` has no hour-of-day profile (its anomaly rules compare counts: src/baselines/rate-anomaly.ts).
 */
function notInValues(metric: string, record: RunRecord): boolean {
  if (SAMPLE_METRICS.includes(metric)) return metric === 'error_rate';
  if (!metric.endsWith('_response_time') || record.metrics?.[metric] !== undefined) return false;
  const key = metric.slice(0, -'_response_time'.length);
  return record.services.some((service) => service.key === key);
}

/** Adds `weight` runs whose mean value is `value` to a metric's running sum. */
function add(values: Map<string, { n: number; sum: number }>, metric: string, value: number, weight: number) {
  if (!Number.isFinite(value) || !(weight > 0)) return;
  const entry = values.get(metric) ?? { n: 0, sum: 0 };
  entry.n += weight;
  entry.sum += value * weight;
  values.set(metric, entry);
}

/** `{ values }` with metrics in name order, means rounded like the rest of the file; nothing when empty. */
function valueSummary(values: Map<string, { n: number; sum: number }>): Pick<RollUp, 'values'> {
  if (values.size === 0) return {};
  const sorted = [...values.keys()].sort();
  return {
    values: Object.fromEntries(
      sorted.map((metric) => {
        const { n, sum } = values.get(metric) as { n: number; sum: number };
        return [metric, { n, mean: round(sum / n) }];
      }),
    ),
  };
}

type Tally = { runs: number; failed: number; msSum: number; msRuns: number };

function tally(services: Record<string, Tally>, key: string): Tally {
  let entry = services[key];
  if (!entry) {
    entry = { runs: 0, failed: 0, msSum: 0, msRuns: 0 };
    services[key] = entry;
  }
  return entry;
}

function serviceSummary(
  services: Record<string, { runs: number; failed: number; msSum: number; msRuns: number }>,
): RollUp['services'] {
  const out: RollUp['services'] = {};
  for (const key of Object.keys(services).sort()) {
    const s = services[key] as { runs: number; failed: number; msSum: number; msRuns: number };
    out[key] =
      s.msRuns > 0
        ? { runs: s.runs, failed: s.failed, meanMs: round(s.msSum / s.msRuns), msRuns: s.msRuns }
        : { runs: s.runs, failed: s.failed };
  }
  return out;
}
