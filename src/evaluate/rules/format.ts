import type { MetricUnit } from '../../metrics/registry.js';
import { untrusted } from '../../util/text.js';

const round = (value: number, digits: number) => Number(value.toFixed(digits));

/** `2345 ms`, `12.5%`, `0.5`, `512 MB` — as a person reads a metric value; `label`: an extended metric's own unit. */
export function formatMetric(value: number, unit: MetricUnit, label?: string): string {
  if (unit === 'ms') return `${round(value, 1)} ms`;
  if (unit === 'percent') return `${round(value, 2)}%`;
  return label ? `${round(value, 3)} ${untrusted(label, 24)}` : `${round(value, 3)}`;
}

/** `0.2 s`, `45 s`. */
export function formatSeconds(ms: number): string {
  const seconds = ms / 1000;
  return `${round(seconds, seconds < 10 ? 1 : 0)} s`;
}
