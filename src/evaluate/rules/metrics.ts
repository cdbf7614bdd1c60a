// The metrics rules are written in (SPEC "Metrics", listed in metrics/registry.ts), computed from the latest
// health answer and from the samples the probe took. Pure: `now` is passed in, so windows are tested on a fake
// clock. `metrics` is the registry; tests pass their own.

import {
  fixedMetric,
  METRICS,
  type MetricDefinition,
  type MetricUnit,
  metricUnit,
  SERVICE_METRICS,
  type WindowMetricDefinition,
} from '../../metrics/registry.js';
import type { HealthDocument, Sample } from '../../model/types.js';
import { untrusted } from '../../util/text.js';
import type { EvaluationContext } from '../evaluator.js';
import { resolveServiceMetric, type ServiceMatch } from './service-match.js';
import { type WindowStats, windowSamples, windowStats } from './window.js';

export interface MetricSource {
  /** The latest definitive health answer. */
  document: HealthDocument;
  samples: readonly Sample[];
  firstAnswerIndex: number;
  /** Clock time the window ends at (ms since the epoch). */
  now: number;
}

export const metricSource = (context: EvaluationContext): MetricSource => ({
  document: context.document,
  samples: context.samples,
  firstAnswerIndex: context.firstAnswerIndex,
  now: context.deps.clock.now(),
});

export type MetricReading =
  | {
      value: number;
      unit: MetricUnit;
      /** For service metrics: the service the name found. */
      match?: ServiceMatch | undefined;
      /** For time-window metrics: what the value was measured over. */
      window?: (WindowStats & { seconds: number | undefined }) | undefined;
    }
  | { missing: string };

type Registry = readonly MetricDefinition[];

/** One metric's value in this deployment, or why it has none (the rule is then skipped). */
export function readMetric(
  name: string,
  source: MetricSource,
  windowSeconds?: number,
  metrics: Registry = METRICS,
): MetricReading {
  const unit = metricUnit(name, metrics);
  const fixed = fixedMetric(name, metrics);
  if (fixed?.kind === 'window') return readWindowMetric(fixed, source, windowSeconds);
  if (fixed?.kind === 'answer') {
    const value = fixed.read(source.document);
    return value === undefined ? { missing: fixed.missing } : { value, unit };
  }
  const resolved = resolveServiceMetric(name, source.document.services);
  if (!resolved) return { missing: `\`${name}\` is not a metric` };
  if ('problem' in resolved) return { missing: withAggregateHint(name, resolved.problem) };
  const { service } = resolved;
  const value = SERVICE_METRICS.find((rule) => rule.aspect === resolved.aspect)?.read(service);
  return value === undefined
    ? { missing: `\`${untrusted(service.key, 40)}\` reports no response time` }
    : { value, unit, match: resolved };
}

function readWindowMetric(
  metric: WindowMetricDefinition,
  source: MetricSource,
  windowSeconds?: number,
): MetricReading {
  const samples = windowSamples(source.samples, source.firstAnswerIndex, source.now, windowSeconds);
  if (samples.length === 0) {
    return {
      missing:
        windowSeconds === undefined || source.samples.length === 0
          ? 'no health samples were taken'
          : `no health sample started in the last ${windowSeconds} s`,
    };
  }
  const stats = windowStats(samples);
  const value = metric.measure(stats);
  if (value === undefined) {
    return { missing: `none of the ${stats.samples} health samples in the window got an HTTP answer` };
  }
  return { value, unit: metric.unit, window: { ...stats, seconds: windowSeconds } };
}

/** `p99_response_time` reads as a service called `p99`; say which aggregates exist. */
function withAggregateHint(name: string, problem: string): string {
  return name.endsWith('_response_time')
    ? `${problem}; the action measures avg_response_time, p95_response_time and max_response_time itself`
    : problem;
}

/**
 * Every metric this deployment has, by name: each service's health and response time, the time-window
 * metrics over `windowSeconds` (all samples from the first answer without one), the check counts and the
 * overall health status.
 */
export function computeMetrics(
  source: MetricSource,
  windowSeconds?: number,
  metrics: Registry = METRICS,
): Record<string, number> {
  const computed: Record<string, number> = {};
  for (const service of source.document.services) {
    for (const rule of SERVICE_METRICS) {
      const value = rule.read(service);
      if (value !== undefined) computed[`${service.key}${rule.suffix}`] = value;
    }
  }
  for (const metric of metrics) {
    if (metric.kind !== 'answer') continue;
    const value = metric.read(source.document);
    if (value !== undefined) computed[metric.name] = value;
  }
  // Last, so a service that happens to be called `avg` cannot shadow the measured averages.
  const stats = windowStats(
    windowSamples(source.samples, source.firstAnswerIndex, source.now, windowSeconds),
  );
  for (const metric of metrics) {
    if (metric.kind !== 'window') continue;
    const value = metric.measure(stats);
    if (value === undefined) delete computed[metric.name];
    else computed[metric.name] = value;
  }
  return computed;
}
