import type { WindowStats } from '../evaluate/rules/window.js';
import type {
  HealthDocument,
  HealthStatus,
  MetricValue,
  ServiceHealth,
  ServiceStatus,
} from '../model/types.js';

// Every metric an alert rule can name (SPEC "Metrics"), once: its unit, whether it is measured over a time
// window of samples or read from the latest health answer, how to read it, and how reports show it. Config
// validation (names and suggestions, units of thresholds, where `timeWindow` applies), the rules evaluator and
// the renderers all look metrics up here; a new window metric is one entry in METRICS.

/** What a metric's values and thresholds are in: `ms`, `percent`, or a plain number (health values, counts). */
export type MetricUnit = 'ms' | 'percent' | 'plain';

/** How reports show a value: `2400 ms`, `12.5%`, `0 (fail)`, `0.5 (degraded)`, `3`, `0.333`. */
export type MetricDisplay = 'ms' | 'percent' | 'health' | 'status' | 'count' | 'number';

interface MetricBase {
  readonly name: string;
  readonly unit: MetricUnit;
  readonly display: MetricDisplay;
}

/** Measured by the action over the rule's `timeWindow` of health samples (from the first answer on). */
export interface WindowMetricDefinition extends MetricBase {
  readonly kind: 'window';
  /** Undefined when no sample of the window got an HTTP answer. */
  readonly measure: (stats: WindowStats) => number | undefined;
}

/** Read from the latest health answer. */
export interface AnswerMetricDefinition extends MetricBase {
  readonly kind: 'answer';
  readonly read: (document: HealthDocument) => number | undefined;
  /** Why a rule on it is skipped when `read` finds nothing. */
  readonly missing: string;
}

export type MetricDefinition = WindowMetricDefinition | AnswerMetricDefinition;

/** A service's status as a metric value (`database_health` 0.5 is a warning). */
export const HEALTH_VALUE: Record<ServiceStatus, number> = { pass: 1, warn: 0.5, fail: 0 };
/** The overall status as a metric value (`health_status`). */
export const STATUS_VALUE: Record<HealthStatus, number> = { healthy: 1, degraded: 0.5, unhealthy: 0 };

/** The summary's count when the body states it, else counted from the services. */
function countChecks(document: HealthDocument, status: 'fail' | 'warn'): number | undefined {
  const stated = status === 'fail' ? document.summary?.failedChecks : document.summary?.warningChecks;
  if (stated !== undefined) return stated;
  return document.services.length ? document.services.filter((s) => s.status === status).length : undefined;
}

const NO_COUNTS = 'the health answer has no check counts (no `summary` and no services)';

/** The fixed metrics, window metrics first; suggestions and the metrics map keep this order. */
export const METRICS = [
  { name: 'avg_response_time', kind: 'window', unit: 'ms', display: 'ms', measure: (s) => s.avgMs },
  { name: 'p95_response_time', kind: 'window', unit: 'ms', display: 'ms', measure: (s) => s.p95Ms },
  { name: 'max_response_time', kind: 'window', unit: 'ms', display: 'ms', measure: (s) => s.maxMs },
  { name: 'error_rate', kind: 'window', unit: 'percent', display: 'percent', measure: (s) => s.errorRate },
  {
    name: 'failed_checks',
    kind: 'answer',
    unit: 'plain',
    display: 'count',
    read: (d) => countChecks(d, 'fail'),
    missing: NO_COUNTS,
  },
  {
    name: 'warning_checks',
    kind: 'answer',
    unit: 'plain',
    display: 'count',
    read: (d) => countChecks(d, 'warn'),
    missing: NO_COUNTS,
  },
  {
    name: 'health_status',
    kind: 'answer',
    unit: 'plain',
    display: 'status',
    read: (d) => STATUS_VALUE[d.status],
    missing: 'the health answer states no status',
  },
] as const satisfies readonly MetricDefinition[];

/**
 * The rule that makes metrics of the services a health answer lists: `<service>_health` and
 * `<service>_response_time`, where `<service>` is a key, the start of one, or a provider (see service-match).
 */
export const SERVICE_METRICS = [
  {
    suffix: '_health',
    aspect: 'health',
    unit: 'plain',
    display: 'health',
    read: (service: ServiceHealth): number | undefined => HEALTH_VALUE[service.status],
    /** Whether the history keeps this metric's values (baseline and anomaly rules read them back). */
    kept: false,
  },
  {
    suffix: '_response_time',
    aspect: 'response_time',
    unit: 'ms',
    display: 'ms',
    read: (service: ServiceHealth): number | undefined => service.responseTimeMs,
    kept: true,
  },
] as const;

export type ServiceAspect = (typeof SERVICE_METRICS)[number]['aspect'];

/**
 * The naming rule of extended metrics, the numbers an endpoint reports about itself (formats/metric-values.ts):
 * a value of a service is `<service>_<key>` (`database_poolUsage`), a value of the body's own `metrics` is
 * `metrics_<key>` (`metrics_cpu`), keys as the body spells them. Rules may write the service part as the
 * standard service metrics do (key, key prefix or provider) and the key in another case or without `_`/`-`;
 * the names reports and the history use are these canonical ones.
 */
export const METRICS_PREFIX = 'metrics_';
export const serviceValueName = (serviceKey: string, valueKey: string) => `${serviceKey}_${valueKey}`;
export const documentMetricName = (key: string) => `${METRICS_PREFIX}${key}`;

/** An extended metric's unit: `ms` and `percent` as the fixed metrics; any other word is a label for reports. */
export function extendedUnit(value: MetricValue): { unit: MetricUnit; unitLabel?: string | undefined } {
  if (value.unit === 'ms' || value.unit === 'percent') return { unit: value.unit };
  return value.unit === undefined ? { unit: 'plain' } : { unit: 'plain', unitLabel: value.unit };
}

/** The fixed metric of that name; undefined for service metrics and anything else. */
export const fixedMetric = (
  name: string,
  metrics: readonly MetricDefinition[] = METRICS,
): MetricDefinition | undefined => metrics.find((metric) => metric.name === name);

/** The service-metric rule whose suffix `name` ends with (the service part may be empty: check it). */
export const serviceRuleOf = (name: string) => SERVICE_METRICS.find((rule) => name.endsWith(rule.suffix));

/** The unit of any metric name: a fixed metric's own, else its service rule's, else plain. */
export function metricUnit(name: string, metrics: readonly MetricDefinition[] = METRICS): MetricUnit {
  return fixedMetric(name, metrics)?.unit ?? serviceRuleOf(name)?.unit ?? 'plain';
}

/** How reports show values of any metric name; `number` for a name that is no metric. */
export function metricDisplay(name: string, metrics: readonly MetricDefinition[] = METRICS): MetricDisplay {
  return fixedMetric(name, metrics)?.display ?? serviceRuleOf(name)?.display ?? 'number';
}
