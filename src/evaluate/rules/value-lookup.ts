import { nearest } from '../../config/suggest.js';
import type { MetricValue } from '../../model/types.js';
import { untrusted } from '../../util/text.js';

// Finding one of the numbers a health answer reports (a service's `values`, the body's `metrics`) by the name
// a rule writes for it. Keys are the body's (remote text): looked up with `Object.hasOwn`, shown escaped.

export interface ValueFound {
  /** The key exactly as the body spells it: the canonical name is built from it. */
  key: string;
  value: MetricValue;
}

/** `poolusage`, `pool_usage` and `pool-usage` all find `poolUsage`. */
const loose = (key: string) => key.toLowerCase().replace(/[_-]/g, '');

/**
 * The value `wanted` names: the key spelt exactly so, else the one key that matches ignoring case, `_` and
 * `-`. Several such keys are ambiguous (`pool_usage` and `poolUsage`): listed, not guessed.
 */
export function findValue(
  wanted: string,
  values: Readonly<Record<string, MetricValue>> | undefined,
): ValueFound | { ambiguous: string[] } | undefined {
  if (!values) return undefined;
  if (Object.hasOwn(values, wanted)) return { key: wanted, value: values[wanted] as MetricValue };
  const target = loose(wanted);
  const keys = Object.keys(values).filter((key) => loose(key) === target);
  if (keys.length > 1) return { ambiguous: keys };
  const key = keys[0];
  return key === undefined ? undefined : { key, value: values[key] as MetricValue };
}

/** `poolUsage, connections` (escaped, at most 8, then how many more). */
export function listKeys(keys: readonly string[]): string {
  const shown = keys.slice(0, 8).map((key) => untrusted(key, 64));
  return `${shown.join(', ')}${keys.length > 8 ? `, … ${keys.length - 8} more` : ''}`;
}

/**
 * Why `wanted` is none of `values`: what there is, and the nearest as a full metric name (`prefix` + key) —
 * `extra` are further keys worth suggesting (a service's `health`, `response_time`).
 */
export function noValueReason(
  what: string,
  wanted: string,
  values: Readonly<Record<string, MetricValue>> | undefined,
  prefix: string,
  extra: readonly string[] = [],
): string {
  const keys = Object.keys(values ?? {});
  const found = findValue(wanted, values);
  if (found && 'ambiguous' in found) {
    return `${what} reports several values that \`${untrusted(wanted, 64)}\` may mean (${listKeys(found.ambiguous)}); write the key as the health answer spells it`;
  }
  const near = nearest(wanted, [...keys, ...extra]);
  const hint = near === undefined ? '' : `; did you mean \`${untrusted(`${prefix}${near}`, 140)}\`?`;
  if (keys.length === 0) return `${what} reports no values${hint}`;
  return `${what} reports no value \`${untrusted(wanted, 64)}\` (it reports ${listKeys(keys)})${hint}`;
}
