// The metric vocabulary rules are written in (SPEC "Metrics"), as config validation needs it; the metrics
// themselves are listed once, in metrics/registry.ts. Fixed names are checked when the file is loaded;
// `<service>_health` and `<service>_response_time` name services, which vary per deployment, so those are
// only checked against the health answer when the rules are evaluated.

import {
  fixedMetric,
  METRICS,
  type MetricDefinition,
  SERVICE_METRICS,
  type ServiceAspect,
} from '../metrics/registry.js';
import { didYouMean, listWords } from './suggest.js';

export { type MetricUnit, metricUnit } from '../metrics/registry.js';

type Registry = readonly MetricDefinition[];

/** Measured by the action over the rule's `timeWindow` of health samples. */
export const WINDOW_METRICS = METRICS.filter((m) => m.kind === 'window').map((m) => m.name);

/** Read from the latest health answer. */
export const ANSWER_METRICS = METRICS.filter((m) => m.kind === 'answer').map((m) => m.name);

export const FIXED_METRICS: readonly string[] = METRICS.map((m) => m.name);

export type WindowMetric = Extract<(typeof METRICS)[number], { kind: 'window' }>['name'];

export interface ServiceMetricName {
  /** What is written before the suffix (`auth` in `auth_health`): a service key, key prefix or provider. */
  service: string;
  aspect: ServiceAspect;
}

export function isWindowMetric(name: string, metrics: Registry = METRICS): boolean {
  return fixedMetric(name, metrics)?.kind === 'window';
}

/** `auth_health` → { service: 'auth', aspect: 'health' }; undefined for fixed names and anything else. */
export function serviceMetricName(name: string, metrics: Registry = METRICS): ServiceMetricName | undefined {
  if (fixedMetric(name, metrics)) return undefined;
  for (const { suffix, aspect } of SERVICE_METRICS) {
    if (name.endsWith(suffix) && name.length > suffix.length) {
      return { service: name.slice(0, -suffix.length), aspect };
    }
  }
  return undefined;
}

export function isMetricName(name: string, metrics: Registry = METRICS): boolean {
  return fixedMetric(name, metrics) !== undefined || serviceMetricName(name, metrics) !== undefined;
}

/** Why `name` is not a metric, with the nearest valid name; undefined when it is one. */
export function metricNameProblem(name: string, metrics: Registry = METRICS): string | undefined {
  if (isMetricName(name, metrics)) return undefined;
  const fixed = metrics.map((m) => m.name);
  const vocabulary = listWords([...fixed, ...SERVICE_METRICS.map(({ suffix }) => `<service>${suffix}`)]);
  return `"${name}" is not a metric; use ${vocabulary}${didYouMean(name, metricCandidates(name, fixed))}`;
}

/**
 * The fixed names, plus `<start>_health` / `<start>_response_time` for every way of cutting the input whose
 * tail looks like a misspelt suffix (`database_helth` → `database_health`).
 */
function metricCandidates(name: string, fixed: readonly string[]): string[] {
  const candidates = [...fixed];
  for (let cut = 1; cut < name.length; cut++) {
    const head = name.slice(0, cut).replace(/[_\s-]+$/, '');
    const tail = name.slice(cut);
    if (head === '') continue;
    for (const { suffix } of SERVICE_METRICS) {
      if (Math.abs(tail.length - suffix.length) <= 2) candidates.push(`${head}${suffix}`);
    }
  }
  return candidates;
}
