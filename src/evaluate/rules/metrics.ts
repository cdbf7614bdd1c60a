// The metrics rules are written in (SPEC "Metrics"), computed from the latest health answer and from the
// samples the probe took. Pure: `now` is passed in, so windows are tested on a fake clock.

import { isWindowMetric, type MetricUnit, metricUnit, type WindowMetric } from '../../config/metric-names.js';
import type { HealthDocument, HealthStatus, Sample, ServiceStatus } from '../../model/types.js';
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

const HEALTH_VALUE: Record<ServiceStatus, number> = { pass: 1, warn: 0.5, fail: 0 };
const STATUS_VALUE: Record<HealthStatus, number> = { healthy: 1, degraded: 0.5, unhealthy: 0 };

/** One metric's value in this deployment, or why it has none (the rule is then skipped). */
export function readMetric(name: string, source: MetricSource, windowSeconds?: number): MetricReading {
  const unit = metricUnit(name);
  if (isWindowMetric(name)) return readWindowMetric(name, source, windowSeconds);
  if (name === 'health_status') return { value: STATUS_VALUE[source.document.status], unit };
  if (name === 'failed_checks' || name === 'warning_checks') {
    const value = countChecks(source.document, name === 'failed_checks' ? 'fail' : 'warn');
    return value === undefined
      ? { missing: 'the health answer has no check counts (no `summary` and no services)' }
      : { value, unit };
  }
  const resolved = resolveServiceMetric(name, source.document.services);
  if (!resolved) return { missing: `\`${name}\` is not a metric` };
  if ('problem' in resolved) return { missing: withAggregateHint(name, resolved.problem) };
  const { service } = resolved;
  if (resolved.aspect === 'health') return { value: HEALTH_VALUE[service.status], unit, match: resolved };
  return service.responseTimeMs === undefined
    ? { missing: `\`${untrusted(service.key, 40)}\` reports no response time` }
    : { value: service.responseTimeMs, unit, match: resolved };
}

function readWindowMetric(name: WindowMetric, source: MetricSource, windowSeconds?: number): MetricReading {
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
  const value = {
    avg_response_time: stats.avgMs,
    p95_response_time: stats.p95Ms,
    max_response_time: stats.maxMs,
    error_rate: stats.errorRate,
  }[name];
  if (value === undefined) {
    return { missing: `none of the ${stats.samples} health samples in the window got an HTTP answer` };
  }
  return { value, unit: metricUnit(name), window: { ...stats, seconds: windowSeconds } };
}

/** The summary's count when the body states it, else counted from the services. */
function countChecks(document: HealthDocument, status: 'fail' | 'warn'): number | undefined {
  const stated = status === 'fail' ? document.summary?.failedChecks : document.summary?.warningChecks;
  if (stated !== undefined) return stated;
  return document.services.length ? document.services.filter((s) => s.status === status).length : undefined;
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
export function computeMetrics(source: MetricSource, windowSeconds?: number): Record<string, number> {
  const metrics: Record<string, number> = {};
  for (const service of source.document.services) {
    metrics[`${service.key}_health`] = HEALTH_VALUE[service.status];
    if (service.responseTimeMs !== undefined)
      metrics[`${service.key}_response_time`] = service.responseTimeMs;
  }
  for (const name of ['failed_checks', 'warning_checks', 'health_status'] as const) {
    const reading = readMetric(name, source);
    if ('value' in reading) metrics[name] = reading.value;
  }
  // Last, so a service that happens to be called `avg` cannot shadow the measured averages.
  const stats = windowStats(
    windowSamples(source.samples, source.firstAnswerIndex, source.now, windowSeconds),
  );
  const measured = {
    avg_response_time: stats.avgMs,
    p95_response_time: stats.p95Ms,
    max_response_time: stats.maxMs,
    error_rate: stats.errorRate,
  };
  for (const [name, value] of Object.entries(measured)) {
    if (value === undefined) delete metrics[name];
    else metrics[name] = value;
  }
  return metrics;
}
