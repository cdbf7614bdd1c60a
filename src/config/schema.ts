// The config file's shape, validated with zod. Every field check that needs only the field itself lives
// here (types, closed word lists, metric names, threshold syntax); checks across fields and across rules
// (a new rule needs a severity, a unit must fit the metric, ids are unique) live in cross-checks.ts.

import { z } from 'zod';
import { anomaly, baselineFields } from './history-rules.js';
import { metricNameProblem } from './metric-names.js';
import { numberOrText, oneOf, shown } from './schema-words.js';
import { readThreshold, readTimeWindow, type WrittenThreshold } from './threshold.js';
import {
  CHANNEL_TYPES,
  OPERATOR_SYNONYMS,
  OPERATORS,
  ROLLBAR_LEVELS,
  SEVERITIES,
  SEVERITY_SYNONYMS,
} from './vocabulary.js';

const ID = /^[A-Za-z0-9][\w.:-]*$/;
const id = (what: string, example: string) =>
  z
    .string({
      error: (issue) =>
        issue.input === undefined ? `is required: every ${what} needs an id (e.g. ${example})` : undefined,
    })
    .regex(ID, {
      error: (issue) =>
        `${shown(issue.input)} is not a usable id; use letters, digits, _, ., : and - (e.g. ${example})`,
    });

const text = z.string().trim().min(1);

const metric = z.string().superRefine((name, ctx) => {
  const problem = metricNameProblem(name);
  if (problem) ctx.addIssue({ code: 'custom', message: problem });
});

const threshold = numberOrText(
  'a threshold; write a number, a duration (2000ms, 2s) or a percentage (5%)',
).transform((written, ctx): WrittenThreshold & { shown: string } => {
  const read = readThreshold(written);
  if (!read) {
    ctx.addIssue({
      code: 'custom',
      message: `${shown(written)} is not a threshold; write a number, a duration (2000ms, 2s) or a percentage (5%)`,
    });
    return z.NEVER;
  }
  return { ...read, shown: String(written) };
});

const timeWindow = numberOrText('a time window; write seconds (300) or a duration (300s, 5m)').transform(
  (written, ctx) => {
    const seconds = readTimeWindow(written);
    if (seconds === undefined) {
      ctx.addIssue({
        code: 'custom',
        message: `${shown(written)} is not a time window; write a positive number of seconds (300) or a duration (300s, 5m)`,
      });
      return z.NEVER;
    }
    return seconds;
  },
);

const condition = z.strictObject({
  metric: metric.optional(),
  operator: oneOf(
    'an operator',
    OPERATORS as ['gt', 'gte', 'lt', 'lte', 'eq', 'neq'],
    OPERATOR_SYNONYMS,
  ).optional(),
  threshold: threshold.optional(),
  timeWindow: timeWindow.optional(),
  ...baselineFields,
});

const channel = z.strictObject({
  type: oneOf('a channel this action sends alerts to', CHANNEL_TYPES),
  config: z.strictObject({ level: oneOf('a Rollbar level', ROLLBAR_LEVELS).optional() }).optional(),
});

const rule = z.strictObject({
  id: id('rule', 'custom_alert'),
  name: text.optional(),
  condition: condition.optional(),
  severity: oneOf('a severity', SEVERITIES as ['critical', 'warning', 'info'], SEVERITY_SYNONYMS).optional(),
  anomaly: anomaly.optional(),
  channels: z.array(channel).optional(),
  enabled: z.boolean().optional(),
});

/** A path on the deployment itself: checks never go to another host. */
const deploymentPath = z
  .string({
    error: (issue) =>
      issue.input === undefined
        ? 'is required: the path on the deployment to request (e.g. /api/webhooks/stripe)'
        : undefined,
  })
  .refine((path) => path.startsWith('/') && !path.startsWith('//'), {
    error: (issue) =>
      `${shown(issue.input)} is not a path on the deployment; write one starting with / (e.g. /api/webhooks/stripe); checks only ever request the deployment itself`,
  });

const statusCode = z
  .number()
  .int({ error: (issue) => `${shown(issue.input)} is not an HTTP status code` })
  .min(100, { error: (issue) => `${shown(issue.input)} is not an HTTP status code (100 to 599)` })
  .max(599, { error: (issue) => `${shown(issue.input)} is not an HTTP status code (100 to 599)` });

const item = z.strictObject({
  id: id('checklist item', 'stripe_webhook'),
  name: text.optional(),
  path: deploymentPath,
  expect: z
    .strictObject({
      // `status: 200` is read as `status: [200]`.
      status: z.preprocess((v) => (typeof v === 'number' ? [v] : v), z.array(statusCode).min(1)).optional(),
      json: z
        .strictObject({
          path: text,
          equals: z.unknown().refine((value) => value !== undefined, {
            error: 'is required: the value the JSON field must equal',
          }),
        })
        .optional(),
      text: z.string().min(1).optional(),
    })
    .optional(),
  required: z.boolean().optional(),
});

const DASHBOARD_HINT =
  'write one starting with / (e.g. /admin/monitoring/deployment), or false to skip the dashboard check';

const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

const checklist = z.strictObject({
  env: z
    .array(
      z.string().regex(ENV_NAME, {
        error: (issue) =>
          `${shown(issue.input)} is not an environment variable name (letters, digits and _, not starting with a digit)`,
      }),
    )
    .nullish(),
  dashboard: z
    .union([z.string(), z.boolean()], {
      error: (issue) => `${shown(issue.input)} is not a dashboard path; ${DASHBOARD_HINT}`,
    })
    .refine((value) => typeof value === 'boolean' || (value.startsWith('/') && !value.startsWith('//')), {
      error: (issue) => `${shown(issue.input)} is not a path on the deployment; ${DASHBOARD_HINT}`,
    })
    .optional(),
  items: z.array(item).nullish(),
});

/** The whole file. Empty sections (`rules:` with nothing under it) count as not written. */
export const configFileSchema = z.strictObject({
  defaults: z.boolean().optional(),
  rules: z.array(rule).nullish(),
  checklist: checklist.nullish(),
});

export type ConfigFile = z.output<typeof configFileSchema>;
export type RuleEntry = z.output<typeof rule>;
export type ConditionEntry = z.output<typeof condition>;
export type ItemEntry = z.output<typeof item>;
