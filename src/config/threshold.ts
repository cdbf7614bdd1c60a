// Thresholds and time windows as people write them (`5%`, `2000ms`, `1.5s`, `5m`), turned into the
// metric's own unit so the rules engine compares plain numbers.

import { parseDuration } from '../settings/duration.js';
import { isExtendedMetricName, type MetricUnit, metricUnit } from './metric-names.js';

/** A threshold as written: a bare number, a duration, or a percentage. */
export type WrittenThreshold =
  | { kind: 'number'; value: number }
  | { kind: 'duration'; ms: number }
  | { kind: 'percent'; value: number };

const NUMBER = /^[+-]?(\d+(\.\d*)?|\.\d+)$/;

/** Undefined when the text is neither a number, a duration nor a percentage. */
export function readThreshold(written: number | string): WrittenThreshold | undefined {
  if (typeof written === 'number')
    return Number.isFinite(written) ? { kind: 'number', value: written } : undefined;
  const text = written.trim();
  if (NUMBER.test(text)) return { kind: 'number', value: Number(text) };
  const percent = /^(.*?)\s*%$/.exec(text);
  if (percent?.[1] !== undefined && NUMBER.test(percent[1]))
    return { kind: 'percent', value: Number(percent[1]) };
  const ms = parseDuration(text);
  return ms === undefined ? undefined : { kind: 'duration', ms };
}

/** Drops the float noise of unit conversion (`1.1s` is 1100, not 1100.0000000000002). */
export const tidy = (value: number) => Number(value.toPrecision(12));

const UNIT_WORDS: Record<MetricUnit, string> = {
  ms: 'in milliseconds; write e.g. 2000, 2000ms or 2s',
  percent: 'a percentage; write e.g. 5 or 5%',
  plain: 'a plain number (health: pass 1, warn 0.5, fail 0; counts: 0, 1, 2…); write it without a unit',
};

/** The threshold in the metric's unit, or why its unit does not fit the metric. */
export function thresholdFor(
  metric: string,
  written: WrittenThreshold,
  shown: string,
): { value: number } | { problem: string } {
  const unit = metricUnit(metric);
  if (written.kind === 'number') return { value: written.value };
  // An extended metric's unit is the health answer's to say: a duration or percentage is taken as written
  // (ms, the number) and held to the value's unit when the rule is evaluated (`thresholdUnit`).
  if (isExtendedMetricName(metric))
    return { value: tidy(written.kind === 'duration' ? written.ms : written.value) };
  if (written.kind === 'duration' && unit === 'ms') return { value: tidy(written.ms) };
  if (written.kind === 'percent' && unit === 'percent') return { value: tidy(written.value) };
  const what = written.kind === 'duration' ? 'a duration' : 'a percentage';
  return { problem: `"${shown}" is ${what}, but ${metric} is ${UNIT_WORDS[unit]}` };
}

/** `timeWindow` in seconds: a number of seconds, or `300s`, `5m`, `1h`. Undefined when unreadable. */
export function readTimeWindow(written: number | string): number | undefined {
  if (typeof written === 'number') return Number.isFinite(written) && written > 0 ? written : undefined;
  const ms = parseDuration(written);
  return ms !== undefined && ms > 0 ? tidy(ms / 1000) : undefined;
}
