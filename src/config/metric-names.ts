// The metric vocabulary rules are written in (SPEC "Metrics"). Fixed names are checked when the file is
// loaded; `<service>_health` and `<service>_response_time` name services, which vary per deployment, so
// those are only checked against the health answer when the rules are evaluated.

import { didYouMean, listWords } from './suggest.js';

/** Measured by the action over the rule's `timeWindow` of health samples. */
export const WINDOW_METRICS = [
  'avg_response_time',
  'p95_response_time',
  'max_response_time',
  'error_rate',
] as const;

/** Read from the latest health answer. */
export const ANSWER_METRICS = ['failed_checks', 'warning_checks', 'health_status'] as const;

export const FIXED_METRICS: readonly string[] = [...WINDOW_METRICS, ...ANSWER_METRICS];

export type WindowMetric = (typeof WINDOW_METRICS)[number];

/** `ms` for response times, `percent` for `error_rate`, `plain` for health values and counts. */
export type MetricUnit = 'ms' | 'percent' | 'plain';

const SERVICE_SUFFIXES = ['_health', '_response_time'] as const;

export interface ServiceMetricName {
  /** What is written before the suffix (`auth` in `auth_health`): a service key, key prefix or provider. */
  service: string;
  aspect: 'health' | 'response_time';
}

export function isWindowMetric(name: string): name is WindowMetric {
  return (WINDOW_METRICS as readonly string[]).includes(name);
}

/** `auth_health` → { service: 'auth', aspect: 'health' }; undefined for fixed names and anything else. */
export function serviceMetricName(name: string): ServiceMetricName | undefined {
  if (FIXED_METRICS.includes(name)) return undefined;
  for (const suffix of SERVICE_SUFFIXES) {
    if (name.endsWith(suffix) && name.length > suffix.length) {
      return {
        service: name.slice(0, -suffix.length),
        aspect: suffix === '_health' ? 'health' : 'response_time',
      };
    }
  }
  return undefined;
}

export function isMetricName(name: string): boolean {
  return FIXED_METRICS.includes(name) || serviceMetricName(name) !== undefined;
}

export function metricUnit(name: string): MetricUnit {
  if (name === 'error_rate') return 'percent';
  return name.endsWith('_response_time') ? 'ms' : 'plain';
}

/** Why `name` is not a metric, with the nearest valid name; undefined when it is one. */
export function metricNameProblem(name: string): string | undefined {
  if (isMetricName(name)) return undefined;
  const vocabulary = listWords([...FIXED_METRICS, '<service>_health', '<service>_response_time']);
  return `"${name}" is not a metric; use ${vocabulary}${didYouMean(name, metricCandidates(name))}`;
}

/**
 * The fixed names, plus `<start>_health` / `<start>_response_time` for every way of cutting the input whose
 * tail looks like a misspelt suffix (`database_helth` → `database_health`).
 */
function metricCandidates(name: string): string[] {
  const candidates = [...FIXED_METRICS];
  for (let cut = 1; cut < name.length; cut++) {
    const head = name.slice(0, cut).replace(/[_\s-]+$/, '');
    const tail = name.slice(cut);
    if (head === '') continue;
    for (const suffix of SERVICE_SUFFIXES) {
      if (Math.abs(tail.length - suffix.length) <= 2) candidates.push(`${head}${suffix}`);
    }
  }
  return candidates;
}
