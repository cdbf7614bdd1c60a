// The metrics rules are written in (SPEC "Metrics", listed in metrics/registry.ts), computed from the latest
// health answer and from the samples the probe took, and the extended metrics (the numbers the answer reports
// about itself: `database_poolUsage`, `metrics_cpu`). Pure: `now` is passed in, so windows are tested on a
// fake clock. `metrics` is the registry; tests pass their own.

import type { RuleCondition } from '../../config/types.js';
import { isReservedKey } from '../../formats/metric-values.js';
import {
  documentMetricName,
  extendedUnit,
  fixedMetric,
  METRICS,
  METRICS_PREFIX,
  type MetricDefinition,
  type MetricUnit,
  metricUnit,
  SERVICE_METRICS,
  serviceValueName,
  type WindowMetricDefinition,
} from '../../metrics/registry.js';
import type { HealthDocument, MetricValue, Sample } from '../../model/types.js';
import { untrusted } from '../../util/text.js';
import type { EvaluationContext } from '../evaluator.js';
import { formatMetric } from './format.js';
import { resolveServiceMetric, resolveServiceValue, type ServiceMatch } from './service-match.js';
import { findValue, noValueReason } from './value-lookup.js';
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
      /**
       * The metric's stable name, under which reports and the history keep it: the fixed name,
       * `<serviceKey>_health|_response_time`, `<serviceKey>_<valueKey>` or `metrics_<key>`, keys as the
       * health answer spells them (a rule's `auth_health` reads `authentication_health`).
       */
      canonical: string;
      /** For extended metrics in a unit of the body's own (`MB`, `connections`): the word, for reports. */
      unitLabel?: string | undefined;
      /** For service metrics and service values: the service the name found. */
      match?: ServiceMatch | undefined;
      /** For time-window metrics: what the value was measured over. */
      window?: (WindowStats & { seconds: number | undefined }) | undefined;
    }
  | { missing: string };

type Registry = readonly MetricDefinition[];

/**
 * One metric's value in this deployment, or why it has none (the rule is then skipped). A name is tried as,
 * in this order: a fixed metric, `metrics_<name>` (the body's `metrics`), `<service>_health` /
 * `<service>_response_time`, `<service>_<detail>` (a service's values); the first that finds something wins,
 * so no value of the body can shadow a metric the action measures or the standard service metrics.
 */
export function readMetric(
  name: string,
  source: MetricSource,
  windowSeconds?: number,
  metrics: Registry = METRICS,
): MetricReading {
  const fixed = fixedMetric(name, metrics);
  if (fixed?.kind === 'window') return readWindowMetric(fixed, source, windowSeconds);
  return readAnswerMetric(name, source.document, metrics);
}

/** Every metric read from the latest health answer alone: all but the time-window ones. */
function readAnswerMetric(name: string, document: HealthDocument, metrics: Registry): MetricReading {
  return locateAnswerMetric(name, document, metrics).reading;
}

/** The reading, and whether it is an extended metric (a value the body reports) rather than a standard one. */
function locateAnswerMetric(
  name: string,
  document: HealthDocument,
  metrics: Registry,
): { reading: MetricReading; extended: boolean } {
  const standard = (reading: MetricReading) => ({ reading, extended: false });
  const extended = (reading: MetricReading) => ({ reading, extended: true });
  const fixed = fixedMetric(name, metrics);
  if (fixed?.kind === 'answer') {
    const value = fixed.read(document);
    return standard(
      value === undefined ? { missing: fixed.missing } : { value, unit: fixed.unit, canonical: name },
    );
  }
  const own = resolveDocumentMetric(name, document);
  if (own && 'value' in own) return extended(extendedReading(documentMetricName(own.key), own.value));

  const resolved = resolveServiceMetric(name, document.services);
  if (resolved && !('problem' in resolved)) {
    const { service } = resolved;
    const rule = SERVICE_METRICS.find((r) => r.aspect === resolved.aspect);
    const value = rule?.read(service);
    return standard(
      value === undefined || !rule
        ? { missing: `\`${untrusted(service.key, 40)}\` reports no response time` }
        : {
            value,
            unit: metricUnit(name, metrics),
            canonical: `${service.key}${rule.suffix}`,
            match: resolved,
          },
    );
  }
  const detail = resolveServiceValue(name, document.services);
  if (detail && 'value' in detail) {
    const { valueKey, value, ...match } = detail;
    return extended(extendedReading(serviceValueName(match.service.key, valueKey), value, match));
  }

  // Nothing found: the reason most specific to what the name looks like.
  if (own) return standard({ missing: own.problem });
  if (detail?.matched) return standard({ missing: detail.problem });
  if (resolved) return standard({ missing: withAggregateHint(name, resolved.problem) });
  if (detail) return standard({ missing: detail.problem });
  return standard({ missing: `\`${name}\` is not a metric` });
}

/** `metrics_cpu` → the body's `metrics.cpu` (exact key, else ignoring case, `_` and `-`); undefined for other names. */
function resolveDocumentMetric(
  name: string,
  document: HealthDocument,
): { key: string; value: MetricValue } | { problem: string } | undefined {
  if (!name.startsWith(METRICS_PREFIX) || name.length === METRICS_PREFIX.length) return undefined;
  const wanted = name.slice(METRICS_PREFIX.length);
  const found = findValue(wanted, document.metrics);
  if (found && 'key' in found) return found;
  if (!document.metrics) {
    return { problem: 'the health answer has no `metrics` object to read `metrics_` metrics from' };
  }
  return {
    problem: noValueReason("the health answer's `metrics`", wanted, document.metrics, METRICS_PREFIX),
  };
}

function extendedReading(canonical: string, value: MetricValue, match?: ServiceMatch): MetricReading {
  return { value: value.value, ...extendedUnit(value), canonical, ...(match ? { match } : {}) };
}

/**
 * Why a rule whose threshold was written as a duration or a percentage cannot be compared with this value:
 * an extended metric's unit is the health answer's, and `2s` against a value in MB means nothing. Undefined
 * when the units agree, or the threshold was a plain number (taken in the value's unit).
 */
export function thresholdUnitProblem(
  condition: Pick<RuleCondition, 'metric' | 'thresholdUnit'>,
  reading: Extract<MetricReading, { value: number }>,
): string | undefined {
  const wanted = condition.thresholdUnit;
  if (wanted === undefined || reading.unit === wanted) return undefined;
  const written = wanted === 'ms' ? 'a duration' : 'a percentage';
  const shown = formatMetric(reading.value, reading.unit, reading.unitLabel);
  const unit = reading.unitLabel
    ? `in ${untrusted(reading.unitLabel, 24)}`
    : reading.unit === 'plain'
      ? 'without a unit'
      : `in ${reading.unit}`;
  return `the threshold is ${written}, but the health answer reports ${untrusted(reading.canonical, 140)} ${unit} (${shown}); write the threshold as a plain number in that unit`;
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
  return {
    value,
    unit: metric.unit,
    canonical: metric.name,
    window: { ...stats, seconds: windowSeconds },
  };
}

/** `p99_response_time` reads as a service called `p99`; say which aggregates exist. */
function withAggregateHint(name: string, problem: string): string {
  return name.endsWith('_response_time')
    ? `${problem}; the action measures avg_response_time, p95_response_time and max_response_time itself`
    : problem;
}

/** Extended metrics a report or a history record lists, at most: a hostile answer cannot flood either. */
export const MAX_LISTED_EXTENDED = 40;

/**
 * The extended metrics of a health answer by canonical name (`metrics_cpu`, `database_poolUsage`): the body's
 * `metrics` first, then each service's values, in the body's order, at most `max`. Only names a rule reading
 * them would get back: a value that a fixed or standard service metric, or another value, shadows (a service
 * `avg` with a value `response_time`) is left out, as is a service whose key no rule could write.
 */
export function extendedMetricValues(
  document: HealthDocument,
  max = MAX_LISTED_EXTENDED,
  metrics: Registry = METRICS,
): Record<string, number> {
  const listed = new Map<string, number>();
  // Each candidate is resolved as a rule would; bounded so a body of thousands of services stays cheap.
  let attempts = max * 4;
  for (const [name, value] of candidates(document)) {
    if (listed.size >= max || attempts <= 0) break;
    if (listed.has(name) || isReservedKey(name) || fixedMetric(name, metrics)) continue;
    attempts--;
    const { reading, extended } = locateAnswerMetric(name, document, metrics);
    if (extended && 'value' in reading && reading.canonical === name) listed.set(name, value);
  }
  return Object.fromEntries(listed);
}

function* candidates(document: HealthDocument): Generator<[string, number]> {
  for (const [key, value] of Object.entries(document.metrics ?? {}))
    yield [documentMetricName(key), value.value];
  for (const service of document.services) {
    if (!SANE_SERVICE_KEY.test(service.key)) continue;
    for (const [key, value] of Object.entries(service.values ?? {})) {
      yield [serviceValueName(service.key, key), value.value];
    }
  }
}

/** A service key a rule can write and a report or the history can keep as part of a name. */
const SANE_SERVICE_KEY = /^[A-Za-z0-9_.-]{1,64}$/;

/**
 * Every metric this deployment has, by name: the extended metrics (canonical names, bounded), each service's
 * health and response time, the time-window metrics over `windowSeconds` (all samples from the first answer
 * without one), the check counts and the overall health status.
 */
export function computeMetrics(
  source: MetricSource,
  windowSeconds?: number,
  metrics: Registry = METRICS,
): Record<string, number> {
  // First, so that the standard names below overwrite any value that happens to share one.
  const computed: Record<string, number> = extendedMetricValues(
    source.document,
    MAX_LISTED_EXTENDED,
    metrics,
  );
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

/**
 * The unit a report should show a reading in when its name does not say it: an extended metric's, as the
 * endpoint gave it (`512 MB`); undefined for fixed and service metrics, whose names do.
 */
export function readingUnit(
  reading: Extract<MetricReading, { value: number }>,
): { unit: MetricUnit; label?: string | undefined } | undefined {
  if (fixedMetric(reading.canonical) || /_(health|response_time)$/.test(reading.canonical)) return undefined;
  return { unit: reading.unit, label: reading.unitLabel };
}
