import type { Operator } from '../../config/types.js';

/** The operators as plain text, for log lines and messages. */
export const OPERATOR_SYMBOL: Record<Operator, string> = {
  gt: '>',
  gte: '>=',
  lt: '<',
  lte: '<=',
  eq: '==',
  neq: '!=',
};

/** The same as a reader writes them, for the summary's and the check run's tables. */
export const OPERATOR_MATH: Record<Operator, string> = {
  gt: '>',
  gte: '≥',
  lt: '<',
  lte: '≤',
  eq: '=',
  neq: '≠',
};

/**
 * `value <operator> threshold`, treating numbers within a relative 1e-9 as equal: an average of sample
 * durations or a percentage like 1/3 carries float noise, and a rule must fire exactly at its boundary
 * (`gte 1500` fires at 1500, `gt 1500` does not), not one ulp beside it.
 */
export function compare(value: number, operator: Operator, threshold: number): boolean {
  const tolerance = 1e-9 * Math.max(1, Math.abs(value), Math.abs(threshold));
  const equal = Math.abs(value - threshold) <= tolerance;
  switch (operator) {
    case 'gt':
      return value > threshold && !equal;
    case 'gte':
      return value > threshold || equal;
    case 'lt':
      return value < threshold && !equal;
    case 'lte':
      return value < threshold || equal;
    case 'eq':
      return equal;
    case 'neq':
      return !equal;
  }
}
