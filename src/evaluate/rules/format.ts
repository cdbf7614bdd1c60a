import type { MetricUnit } from '../../metrics/registry.js';

const round = (value: number, digits: number) => Number(value.toFixed(digits));

/** `2345 ms`, `12.5%`, `0.5` — as a person reads a metric value. */
export function formatMetric(value: number, unit: MetricUnit): string {
  if (unit === 'ms') return `${round(value, 1)} ms`;
  if (unit === 'percent') return `${round(value, 2)}%`;
  return `${round(value, 3)}`;
}

/** `0.2 s`, `45 s`. */
export function formatSeconds(ms: number): string {
  const seconds = ms / 1000;
  return `${round(seconds, seconds < 10 ? 1 : 0)} s`;
}
