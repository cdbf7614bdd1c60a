// Rules that read the monitor's history: baseline rules (`condition: { baseline: production, factor, window }`)
// and anomaly rules (`anomaly: { metric, sensitivity, window, trigger, direction }`). Their fields' own checks
// live here; the checks across fields (a baseline rule has no threshold, a metric the history keeps) are
// `historyRuleProblems`, run by cross-checks.ts.

import { z } from 'zod';
import { ANOMALY_DEFAULTS, MIN_WINDOW_POINTS } from '../baselines/settings.js';
import { isRecord } from '../util/is-record.js';
import { historyMetricProblem, metricNameProblem } from './metric-names.js';
import type { Problem } from './problems.js';
import { numberOrText, oneOf, shown } from './schema-words.js';
import { readTimeWindow } from './threshold.js';
import type { PathSegment } from './yaml-source.js';

/** What a baseline rule can compare with. */
export const BASELINES = ['production'] as const;
export const DIRECTIONS = ['above', 'below', 'both'] as const;

/**
 * The shortest window: GitHub starts scheduled workflows at most every 5 minutes, so an hour holds at most a
 * dozen runs, the fewest a median and a spread say anything about. The longest: the history keeps the runs
 * themselves for 48 hours (older hours are roll-ups, which hold no single run's value).
 */
export const MIN_HISTORY_WINDOW_S = 3600;
export const MAX_HISTORY_WINDOW_S = 48 * 3600;
/** Default `window` of a baseline rule. */
export const DEFAULT_BASELINE_WINDOW_S = 24 * 3600;
/** `trigger: a/b` looks at most at this many runs: an hour of 5-minute runs. */
export const MAX_TRIGGER_RUNS = 12;

/**
 * An anomaly rule's window holds at least this much: its baseline needs 20 runs besides the last few it
 * judges (MIN_WINDOW_POINTS), two hours of a 5-minute schedule, and scheduled runs come late or not at all
 * now and then. Shorter windows also raised several false alerts a week in the evaluation (docs/anomalies.md).
 * A trigger over more than 8 runs needs more (anomalyWindowProblems).
 */
export const MIN_ANOMALY_WINDOW_S = 3 * 3600;

const windowWords = (min: string) => `write a duration from ${min} to 48h (e.g. 24h)`;

const historyWindow = (minSeconds: number, min: string, why: string) =>
  numberOrText(`a window; ${windowWords(min)}`).transform((written, ctx) => {
    const seconds = readTimeWindow(written);
    if (seconds === undefined) {
      ctx.addIssue({ code: 'custom', message: `${shown(written)} is not a window; ${windowWords(min)}` });
      return z.NEVER;
    }
    if (seconds < minSeconds) {
      ctx.addIssue({
        code: 'custom',
        message: `${shown(written)} is too short: ${why}; ${windowWords(min)}`,
      });
      return z.NEVER;
    }
    if (seconds > MAX_HISTORY_WINDOW_S) {
      ctx.addIssue({
        code: 'custom',
        message: `${shown(written)} is longer than the 48 hours of runs the history keeps; ${windowWords(min)}`,
      });
      return z.NEVER;
    }
    return seconds;
  });

const baselineWindow = historyWindow(
  MIN_HISTORY_WINDOW_S,
  '1h',
  "GitHub runs a schedule at most every 5 minutes, so a shorter window holds too few of the monitor's runs",
);
const anomalyWindow = historyWindow(
  MIN_ANOMALY_WINDOW_S,
  '3h',
  "an anomaly rule compares the last runs with at least 20 earlier ones, 2 hours of a monitor every 5 minutes (GitHub's most frequent schedule), and scheduled runs come late or not at all now and then",
);

const FACTOR_WORDS = 'write a positive number (1.5), 1.5x or 150%';

/** `1.5`, `"1.5x"`, `"1.5×"`, `"150%"` → 1.5. */
export function readFactor(written: number | string): number | undefined {
  if (typeof written === 'number') return Number.isFinite(written) && written > 0 ? written : undefined;
  const text = written.trim();
  const times = /^(\d+(?:\.\d+)?|\.\d+)\s*[x×]?$/i.exec(text);
  const percent = /^(\d+(?:\.\d+)?|\.\d+)\s*%$/.exec(text);
  const value = times?.[1] ? Number(times[1]) : percent?.[1] ? Number(percent[1]) / 100 : undefined;
  return value !== undefined && Number.isFinite(value) && value > 0 ? value : undefined;
}

const factor = numberOrText(`a factor; ${FACTOR_WORDS}`).transform((written, ctx) => {
  const value = readFactor(written);
  if (value === undefined) {
    ctx.addIssue({ code: 'custom', message: `${shown(written)} is not a factor; ${FACTOR_WORDS}` });
    return z.NEVER;
  }
  return value;
});

const TARGET = /^[a-z0-9][a-z0-9-]{0,62}$/;

/** The fields a `condition` gains for baseline rules. */
export const baselineFields = {
  baseline: oneOf('something a deployment is compared with', BASELINES).optional(),
  factor: factor.optional(),
  window: baselineWindow.optional(),
  target: z
    .string()
    .regex(TARGET, {
      error: (issue) =>
        `${shown(issue.input)} is not a monitor target name; use the name the monitor gives production (lower-case letters, digits and -)`,
    })
    .optional(),
};

const TRIGGER_WORDS = `write how many of the last runs must be flagged, e.g. 3/4 (at most ${MAX_TRIGGER_RUNS} runs)`;

/** `"3/4"` → { flagged: 3, of: 4 }. */
export function readTrigger(written: unknown): { flagged: number; of: number } | string {
  const match = typeof written === 'string' ? /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(written) : null;
  if (!match) return `${shown(written)} is not a trigger; ${TRIGGER_WORDS}`;
  const flagged = Number(match[1]);
  const of = Number(match[2]);
  if (flagged < 1)
    return `${shown(written)} never triggers: at least one run must be flagged; ${TRIGGER_WORDS}`;
  if (flagged > of) return `${shown(written)} asks for more flagged runs than it looks at; ${TRIGGER_WORDS}`;
  if (of > MAX_TRIGGER_RUNS)
    return `${shown(written)} looks at more than ${MAX_TRIGGER_RUNS} runs; ${TRIGGER_WORDS}`;
  return { flagged, of };
}

const trigger = numberOrText(`a trigger; ${TRIGGER_WORDS}`).transform((written, ctx) => {
  const read = readTrigger(written);
  if (typeof read === 'string') {
    ctx.addIssue({ code: 'custom', message: read });
    return z.NEVER;
  }
  return read;
});

const sensitivity = z
  .number({
    error: (issue) => `${shown(issue.input)} is not a sensitivity; write a positive number (e.g. 3.5)`,
  })
  .positive({
    error: (issue) => `${shown(issue.input)} is not a sensitivity; write a positive number (e.g. 3.5)`,
  });

const metric = z.string().superRefine((name, ctx) => {
  const problem = metricNameProblem(name) ?? historyMetricProblem(name);
  if (problem) ctx.addIssue({ code: 'custom', message: problem });
});

/** A rule's `anomaly` mapping. */
export const anomaly = z.strictObject({
  metric: metric.optional(),
  sensitivity: sensitivity.optional(),
  window: anomalyWindow.optional(),
  trigger: trigger.optional(),
  direction: oneOf('a direction', DIRECTIONS).optional(),
});

export type AnomalyEntry = z.output<typeof anomaly>;

/**
 * What is wrong across the fields of a rule that reads the history, as written: `metric` is the rule's metric
 * after merging with the standard rule it overrides (undefined when unknown).
 */
export function historyRuleProblems(
  entry: Record<string, unknown>,
  path: PathSegment[],
  metric: string | undefined,
  isNew: boolean,
): Problem[] {
  const problems: Problem[] = [];
  const condition = isRecord(entry.condition) ? entry.condition : undefined;
  if (entry.anomaly !== undefined && entry.condition !== undefined) {
    problems.push({
      path: [...path, 'anomaly'],
      message:
        'a rule has either a `condition` (a threshold or a baseline) or an `anomaly`, not both; make them two rules with their own ids',
    });
  }
  if (isRecord(entry.anomaly) && entry.anomaly.metric === undefined) {
    if (isNew) {
      problems.push({
        path: [...path, 'anomaly', 'metric'],
        message: 'is required: which metric to watch (e.g. avg_response_time, p95_response_time, error_rate)',
      });
    } else {
      // The metric of the standard rule this one overrides, which the anomaly rule would watch.
      const problem = metric === undefined ? undefined : historyMetricProblem(metric);
      if (problem)
        problems.push({
          path: [...path, 'anomaly'],
          message: `${problem} (it is the metric of the standard rule this one overrides; write \`metric\`)`,
        });
    }
  }
  if (isRecord(entry.anomaly)) problems.push(...anomalyWindowProblems(entry.anomaly, [...path, 'anomaly']));
  if (!condition) return problems;

  if (condition.baseline === undefined) {
    for (const field of ['factor', 'window', 'target'] as const) {
      if (condition[field] !== undefined) {
        problems.push({
          path: [...path, 'condition', field],
          message: 'applies to baseline rules only; add `baseline: production`, or remove it',
        });
      }
    }
    return problems;
  }
  if (condition.threshold !== undefined) {
    problems.push({
      path: [...path, 'condition', 'threshold'],
      message:
        "does not go with `baseline`: a baseline rule's limit is `factor` × production's value; remove the threshold, or remove `baseline` for a fixed limit",
    });
  }
  if (condition.operator === 'eq' || condition.operator === 'neq') {
    problems.push({
      path: [...path, 'condition', 'operator'],
      message:
        "does not go with `baseline`: a measurement never equals a multiple of production's value exactly; use gt, gte, lt or lte",
    });
  }
  if (condition.factor === undefined) {
    problems.push({
      path: [...path, 'condition', 'factor'],
      message:
        "is required with `baseline`: the limit as a multiple of production's value (e.g. factor: 1.5)",
    });
  }
  const problem = metric === undefined ? undefined : historyMetricProblem(metric);
  if (problem) {
    const at = condition.metric === undefined ? 'baseline' : 'metric';
    problems.push({ path: [...path, 'condition', at], message: problem });
  }
  return problems;
}

/** Scheduled runs come late or not at all now and then: a window holds this much more than the runs it needs. */
const SCHEDULE_SLACK = 1.25;
/** GitHub's most frequent schedule. */
const SCHEDULE_S = 300;

/**
 * An anomaly rule's window must hold the baseline's runs (MIN_WINDOW_POINTS) besides the `of` runs it judges,
 * at GitHub's most frequent schedule and with some slack; otherwise the rule could never be judged.
 */
function anomalyWindowProblems(anomaly: Record<string, unknown>, path: PathSegment[]): Problem[] {
  const written = anomaly.window;
  const seconds =
    typeof written === 'number' || typeof written === 'string' ? readTimeWindow(written) : undefined;
  if (seconds === undefined || seconds < MIN_ANOMALY_WINDOW_S || seconds > MAX_HISTORY_WINDOW_S) return [];
  const trigger = anomaly.trigger === undefined ? ANOMALY_DEFAULTS.trigger : readTrigger(anomaly.trigger);
  if (typeof trigger === 'string') return [];
  const minutes = Math.ceil(((MIN_WINDOW_POINTS + trigger.of) * SCHEDULE_S * SCHEDULE_SLACK) / 60);
  if (seconds >= minutes * 60) return [];
  return [
    {
      path: [...path, 'window'],
      message:
        `${shown(written)} is too short for trigger ${trigger.flagged}/${trigger.of}: the rule compares the last ${trigger.of} runs with at least ${MIN_WINDOW_POINTS} earlier ones, ` +
        `${(MIN_WINDOW_POINTS + trigger.of) * 5} minutes of a monitor every 5 minutes, and scheduled runs come late or not at all now and then; write at least ${minutes}m`,
    },
  ];
}
