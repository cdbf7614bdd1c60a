// Closed word lists of the config file, with the words people write instead (for "did you mean …?").

import type { Operator, Severity } from './types.js';

export const OPERATORS: readonly Operator[] = ['gt', 'gte', 'lt', 'lte', 'eq', 'neq'];

export const OPERATOR_SYNONYMS: Readonly<Record<string, Operator>> = {
  '>': 'gt',
  greater: 'gt',
  greaterthan: 'gt',
  above: 'gt',
  more: 'gt',
  morethan: 'gt',
  '>=': 'gte',
  '=>': 'gte',
  ge: 'gte',
  atleast: 'gte',
  greaterorequal: 'gte',
  greaterthanorequal: 'gte',
  min: 'gte',
  '<': 'lt',
  less: 'lt',
  lessthan: 'lt',
  below: 'lt',
  under: 'lt',
  '<=': 'lte',
  '=<': 'lte',
  le: 'lte',
  atmost: 'lte',
  lessorequal: 'lte',
  lessthanorequal: 'lte',
  max: 'lte',
  '==': 'eq',
  '=': 'eq',
  '===': 'eq',
  equal: 'eq',
  equals: 'eq',
  is: 'eq',
  '!=': 'neq',
  '!==': 'neq',
  '<>': 'neq',
  ne: 'neq',
  not: 'neq',
  notequal: 'neq',
  notequals: 'neq',
  isnot: 'neq',
};

export const SEVERITIES: readonly Severity[] = ['critical', 'warning', 'info'];

export const SEVERITY_SYNONYMS: Readonly<Record<string, Severity>> = {
  error: 'critical',
  fatal: 'critical',
  high: 'critical',
  crit: 'critical',
  major: 'critical',
  minor: 'warning',
  warn: 'warning',
  medium: 'warning',
  low: 'info',
  notice: 'info',
  information: 'info',
  debug: 'info',
};

/** Where an alert can be sent. The original design only sends to Rollbar. */
export const CHANNEL_TYPES = ['rollbar'] as const;

/** Rollbar's item levels. */
export const ROLLBAR_LEVELS = ['critical', 'error', 'warning', 'info', 'debug'] as const;
