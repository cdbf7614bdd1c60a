// Baseline rules of the gate: production's own value of a metric over the last hours of the monitor's runs,
// which a preview's value is compared with ("p95 820 ms is 2.3× production's 24 h p95 (356 ms, 288 samples)").
import { mean, median } from 'simple-statistics';
import type { RunRecord } from '../history/types.js';
import { answeredDurations, isErrorSample, nearestRankP95, runValues } from './series.js';
import { windowText } from './window.js';

export { type WilsonInterval, wilson } from './wilson.js';

/**
 * The least history a baseline is computed from: 30 samples from 10 runs. 30 answers make a mean whose
 * standard error is under a fifth of the spread of one answer, and a p95 that rests on more than one sample;
 * 10 runs spread them over most of an hour of 5-minute runs, so one bad minute is not "production". Fewer
 * and the rule is skipped with the reason, never judged on a guess.
 */
export const BASELINE_MIN_SAMPLES = 30;
export const BASELINE_MIN_RUNS = 10;

/** Metrics whose baseline pools production's health samples (as the gate measures a deployment's own). */
const SAMPLE_POOLED = new Set(['avg_response_time', 'p95_response_time', 'max_response_time', 'error_rate']);

export type ProductionBaseline =
  | {
      value: number;
      /** Health samples pooled (answered ones for response times), or for per-run metrics the runs' values. */
      samples: number;
      /** Runs that contributed. */
      runs: number;
      /** How `value` was formed: over the pooled samples, or the median of the runs' values. */
      method: 'samples' | 'run-median';
    }
  | { missing: string };

/**
 * Production's value of `metric` over its runs in [now − windowMs, now): `avg_response_time`,
 * `p95_response_time` (nearest rank) and `max_response_time` over all the answered health samples, as the
 * gate measures a deployment; `error_rate` as the percent of all samples that were errors; a service's
 * response time and extended metrics as the median of the runs' values (one value a run). Missing, with the
 * reason, below BASELINE_MIN_SAMPLES samples or BASELINE_MIN_RUNS runs.
 */
export function productionBaseline(
  records: readonly RunRecord[],
  metric: string,
  now: number,
  windowMs: number,
): ProductionBaseline {
  const inWindow = records.filter((record) => record.at >= now - windowMs && record.at < now);
  const history = `production's ${windowText(windowMs)} history`;
  if (SAMPLE_POOLED.has(metric)) {
    const latency = metric !== 'error_rate';
    const contributing = inWindow.filter((record) =>
      latency ? answeredDurations(record.samples).length > 0 : record.samples.length > 0,
    );
    const samples = contributing.flatMap((record) => record.samples);
    const durations = answeredDurations(samples);
    const count = latency ? durations.length : samples.length;
    const short = shortfall(history, count, contributing.length, latency ? 'answered samples' : 'samples');
    if (short) return { missing: short };
    const value =
      metric === 'avg_response_time'
        ? mean(durations)
        : metric === 'p95_response_time'
          ? (nearestRankP95(durations) as number)
          : metric === 'max_response_time'
            ? (durations[durations.length - 1] as number)
            : (samples.filter(isErrorSample).length / samples.length) * 100;
    return { value, samples: count, runs: contributing.length, method: 'samples' };
  }
  const values: number[] = [];
  for (const record of inWindow) {
    const all = runValues(record);
    if (Object.hasOwn(all, metric)) values.push(all[metric] as number);
  }
  if (values.length === 0 && inWindow.length > 0)
    return {
      missing: `${history} holds ${inWindow.length} run${inWindow.length === 1 ? '' : 's'} and none has a value of ${metric}`,
    };
  const short = shortfall(history, values.length, values.length, `values of ${metric}`);
  if (short) return { missing: short };
  return { value: median(values), samples: values.length, runs: values.length, method: 'run-median' };
}

/** The reason a baseline is missing for too little history, or undefined when there is enough. */
function shortfall(history: string, samples: number, runs: number, what: string): string | undefined {
  if (samples >= BASELINE_MIN_SAMPLES && runs >= BASELINE_MIN_RUNS) return undefined;
  return (
    `${history} holds ${samples} ${what} from ${runs} run${runs === 1 ? '' : 's'}; ` +
    `baseline rules need at least ${BASELINE_MIN_SAMPLES} from ${BASELINE_MIN_RUNS} runs`
  );
}
