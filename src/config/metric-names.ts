// The metric vocabulary rules are written in (SPEC "Metrics"), as config validation needs it; the metrics
// themselves are listed once, in metrics/registry.ts. Fixed names are checked when the file is loaded;
// `<service>_health`, `<service>_response_time` and the extended metrics `<service>_<detail>` and
// `metrics_<name>` name what a health answer reports, which varies per deployment, so those are only checked
// against the health answer when the rules are evaluated. Since almost any `<a>_<b>` may be an extended
// metric, a name that is a near miss of a fixed metric or of `_health` / `_response_time` is refused here:
// it is far likelier a typo than a service's value.

import {
  fixedMetric,
  METRICS,
  METRICS_PREFIX,
  type MetricDefinition,
  SERVICE_METRICS,
  type ServiceAspect,
} from '../metrics/registry.js';
import { didYouMean, editDistance, listWords } from './suggest.js';

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
  return (
    fixedMetric(name, metrics) !== undefined ||
    serviceMetricName(name, metrics) !== undefined ||
    isExtendedMetricName(name, metrics)
  );
}

/** Longest extended metric name a rule may write: a service key and a value key (64 characters each) and more. */
const MAX_EXTENDED_NAME = 200;

/**
 * `database_poolUsage`, `metrics_cpu`, `redis_hitRate`: a name that can only be an extended metric, i.e. not a
 * fixed or service metric, with something on both sides of an `_`, and no near miss of those (see
 * `nearMiss`). Whether the health answer has it is known only when the rules are evaluated.
 */
export function isExtendedMetricName(name: string, metrics: Registry = METRICS): boolean {
  if (fixedMetric(name, metrics) || serviceMetricName(name, metrics)) return false;
  if (name.length > MAX_EXTENDED_NAME || splits(name).length === 0) return false;
  return nearMiss(name, metrics) === undefined;
}

/** Why `name` is not a metric, with the nearest valid name; undefined when it is one. */
export function metricNameProblem(name: string, metrics: Registry = METRICS): string | undefined {
  if (isMetricName(name, metrics)) return undefined;
  const fixed = metrics.map((m) => m.name);
  const vocabulary = listWords([
    ...fixed,
    ...SERVICE_METRICS.map(({ suffix }) => `<service>${suffix}`),
    '<service>_<detail>',
    `${METRICS_PREFIX}<name>`,
  ]);
  if (/^metrics_*$/.test(name)) {
    return `"${name}" names no metric: write the name of a value of the health answer's \`metrics\` after ${METRICS_PREFIX} (e.g. ${METRICS_PREFIX}cpu); use ${vocabulary}`;
  }
  const near = nearMiss(name, metrics);
  const hint = near ? ` (did you mean "${near}"?)` : didYouMean(name, metricCandidates(name, fixed));
  return `"${name}" is not a metric; use ${vocabulary}${hint}`;
}

/** Case, `_`, `-` and spaces do not matter when telling a near miss (`avgResponseTime`, `database_Health`). */
const normalize = (text: string) => text.toLowerCase().replace(/[\s_-]+/g, '');

/** Within this many edits of a fixed metric, a name is a typo of it (`avg_respone_time`, `error_rates`). */
const FIXED_NEAR = 2;
/** Within this many edits of `health` / `response_time`, a name's tail is a typo (`database_helth`). */
const SUFFIX_NEAR = 1;

/** Each way to cut `name` at an `_` with something on both sides: `a_b_c` → [a, b_c], [a_b, c]. */
export function splits(name: string): Array<[head: string, tail: string]> {
  const cuts: Array<[string, string]> = [];
  for (let at = name.indexOf('_', 1); at > 0 && at < name.length - 1; at = name.indexOf('_', at + 1)) {
    cuts.push([name.slice(0, at), name.slice(at + 1)]);
  }
  return cuts;
}

/**
 * The metric a `<a>_<b>` name most likely meant when it is a near miss: of a fixed metric, or of
 * `<head>_health` / `<head>_response_time`. Undefined when it is no near miss (an extended metric, then).
 */
function nearMiss(name: string, metrics: Registry): string | undefined {
  const wanted = normalize(name);
  let best: { name: string; distance: number } | undefined;
  for (const { name: fixed } of metrics) {
    const distance = editDistance(wanted, normalize(fixed));
    if (distance <= FIXED_NEAR && (!best || distance < best.distance)) best = { name: fixed, distance };
  }
  if (best) return best.name;
  for (const [head, tail] of splits(name)) {
    for (const { suffix } of SERVICE_METRICS) {
      if (editDistance(normalize(tail), normalize(suffix)) <= SUFFIX_NEAR) return `${head}${suffix}`;
    }
  }
  return undefined;
}

/**
 * Why baseline and anomaly rules cannot use `metric`: the history keeps no values of it. Undefined when the
 * history keeps it, and for names that are no metric at all (`metricNameProblem` says why).
 */
export function historyMetricProblem(name: string): string | undefined {
  const fixed = fixedMetric(name);
  const service = serviceMetricName(name);
  const kept = fixed
    ? fixed.kind === 'window'
    : service
      ? SERVICE_METRICS.find((rule) => rule.aspect === service.aspect)?.kept
      : true;
  if (kept) return undefined;
  const keeps = listWords(
    [
      ...WINDOW_METRICS,
      ...SERVICE_METRICS.filter((rule) => rule.kept).map(({ suffix }) => `<service>${suffix}`),
      '<service>_<detail>',
      `${METRICS_PREFIX}<name>`,
    ],
    'and',
  );
  return `"${name}" is not kept in the history, so baseline and anomaly rules cannot read it; the history keeps ${keeps}`;
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
