import { windowText } from '../baselines/window.js';
import type { RuleResult } from '../evaluate/evaluation.js';
import { formatMetric, OPERATOR_MATH } from '../evaluate/rules/index.js';
import {
  HEALTH_VALUE,
  METRICS,
  type MetricDefinition,
  metricDisplay,
  STATUS_VALUE,
} from '../metrics/registry.js';
import { formatDuration } from '../util/text.js';

// How metric values, operators and windows read in every report, so a rule says `error_rate 12.5% > 5%` the
// same way in the summary, the log and an annotation. Plain text: Markdown callers escape it themselves.

// How each metric is shown is its registry entry's `display` (metrics/registry.ts).

/** The word behind a value of a health scale (`0.5` → `warn`), keyed by the value as `plainNumber` writes it. */
const wordsOf = (scale: Record<string, number>): Record<string, string> =>
  Object.fromEntries(Object.entries(scale).map(([word, value]) => [plainNumber(value), word]));
const healthWord = wordsOf(HEALTH_VALUE);
const statusWord = wordsOf(STATUS_VALUE);

/** A number without float noise or trailing zeros: `12.5`, `2400`, `0.33`. */
export function plainNumber(value: number, decimals = 2): string {
  return Number.isFinite(value) ? String(Number(value.toFixed(decimals))) : String(value);
}

/** `2400 ms`, `12.5%`, `0 (fail)`, `0.5 (degraded)`, `3`; `—` when there is no value. */
export function formatMetricValue(
  metric: string,
  value: number | undefined,
  metrics: readonly MetricDefinition[] = METRICS,
): string {
  if (value === undefined || !Number.isFinite(value)) return '—';
  switch (metricDisplay(metric, metrics)) {
    case 'ms':
      return `${plainNumber(value, value < 10 ? 1 : 0)} ms`;
    case 'percent':
      return `${plainNumber(value, 2)}%`;
    case 'health': {
      const word = healthWord[plainNumber(value)];
      return word ? `${plainNumber(value)} (${word})` : plainNumber(value);
    }
    case 'status': {
      const word = statusWord[plainNumber(value)];
      return word ? `${plainNumber(value)} (${word})` : plainNumber(value);
    }
    case 'count':
      return plainNumber(value, 0);
    case 'number':
      return plainNumber(value, 3);
  }
}

/** A value of a rule's metric: in the unit the endpoint gave an extended metric, else as the metric shows. */
export function ruleValue(result: RuleResult, value: number | undefined): string {
  const { unit } = result;
  if (unit && value !== undefined && Number.isFinite(value))
    return formatMetric(value, unit.unit, unit.label);
  return formatMetricValue(result.rule.condition.metric, value);
}

/**
 * What a rule holds its metric to: `2000 ms`; a baseline rule's `1.5× production (534 ms)`; an anomaly rule's
 * `3.5 robust σ (> 620 ms)`, the history's part only once it was worked out.
 */
export function limitText(result: RuleResult, metrics: readonly MetricDefinition[] = METRICS): string {
  const { metric, threshold, baseline, anomaly } = result.rule.condition;
  const worked = result.limit === undefined ? '' : ` (${ruleValue(result, result.limit)})`;
  if (baseline) return `${plainNumber(baseline.factor)}× ${baseline.against}${worked}`;
  if (anomaly) return `${plainNumber(anomaly.sensitivity)} robust σ${worked}`;
  return result.unit ? ruleValue(result, threshold) : formatMetricValue(metric, threshold, metrics);
}

/** `5 min`, `all samples`, `24 h of history`, or '' for a metric read from one answer, which has no window. */
export function configuredWindow(result: RuleResult, metrics: readonly MetricDefinition[] = METRICS): string {
  const { metric, timeWindow, baseline, anomaly } = result.rule.condition;
  const history = baseline?.window ?? anomaly?.window;
  if (history !== undefined) return `${windowText(history * 1000)} of history`;
  if (timeWindow !== undefined && Number.isFinite(timeWindow)) return formatDuration(timeWindow * 1000);
  return metrics.some((m) => m.name === metric && m.kind === 'window') ? 'all samples' : '';
}

/**
 * The remark on the window actually observed: the evaluator's note, or, without one, the seconds of samples
 * the value came from when they fall short of the configured window. Not for skipped rules (their note is
 * the reason, shown with the result) nor disabled ones (nothing was observed).
 */
export function windowRemark(result: RuleResult): string {
  if (result.state === 'skipped' || result.state === 'disabled') return '';
  if (result.note) return result.note;
  const wanted = result.rule.condition.timeWindow;
  const seen = result.windowSeconds;
  if (wanted === undefined || seen === undefined || !Number.isFinite(seen) || seen >= wanted) return '';
  return `observed ${formatDuration(Math.max(0, seen) * 1000)}`;
}

/**
 * `error_rate 12.5% > 5% over 5 min (observed 45 s)`: the condition with what was seen, for logs and
 * annotations; without the window where space is short (titles).
 */
export function conditionText(result: RuleResult, options: { window?: boolean } = {}): string {
  const { metric, operator } = result.rule.condition;
  const comparison = `${metric} ${ruleValue(result, result.value)} ${OPERATOR_MATH[operator]} ${limitText(result)}`;
  if (options.window === false) return comparison;
  const window = configuredWindow(result);
  const remark = windowRemark(result);
  return `${comparison}${window && window !== 'all samples' ? ` over ${window}` : ''}${remark ? ` (${remark})` : ''}`;
}
