// Baseline rules (`condition: { metric, operator, baseline: production, factor, window }`): the deployment's value
// of a metric against `factor` × production's value over the window, read from the monitor's history. Every
// result says what production's value was and from how many samples, so a person can check it.

import { productionBaseline } from '../../baselines/baseline.js';
import { windowText } from '../../baselines/window.js';
import type { RuleConfig } from '../../config/types.js';
import type { Finding } from '../../model/types.js';
import type { RuleResult } from '../evaluation.js';
import { type BaselineSource, NO_HISTORY } from './baseline-source.js';
import { compare } from './compare.js';
import { formatMetric } from './format.js';
import { historyRuleOutcome } from './history-outcome.js';
import { type MetricReading, readingUnit } from './metrics.js';

type Value = Extract<MetricReading, { value: number }>;

/** One baseline rule, with the deployment's reading of its metric already taken. */
export async function evaluateBaselineRule(
  rule: RuleConfig,
  reading: Value,
  source: BaselineSource | undefined,
  now: number,
  /** The deployment's Vercel project, when known. */
  project?: string | undefined,
): Promise<{ result: RuleResult; finding?: Finding | undefined }> {
  const baseline = rule.condition.baseline;
  if (!baseline) throw new Error(`rule ${rule.id} is not a baseline rule`);
  const skipped = (note: string) => ({
    result: { rule, state: 'skipped' as const, value: reading.value, note },
  });
  if (!source) return skipped(NO_HISTORY);
  const target = source.targetOf(rule, project);
  if (typeof target !== 'string') return skipped(target.skip);
  const windowMs = baseline.window * 1000;
  const history = await source.runs(target, now - windowMs);
  if ('problem' in history) return skipped(`production's history could not be read: ${history.problem}`);
  if (history.records.length === 0) {
    return skipped(
      `production's history holds no runs of \`${target}\` in the last ${windowText(windowMs)}; if the monitor watches production under another name, write it as the rule's \`target\``,
    );
  }
  // The history keeps service and extended metrics under the names the body spells (`database_poolUsage`).
  const name = reading.canonical ?? rule.condition.metric;
  const production = productionBaseline(history.records, name, now, windowMs);
  if ('missing' in production) return skipped(production.missing);
  const shown = (value: number) => formatMetric(value, reading.unit, reading.unitLabel);
  const { metric, operator } = rule.condition;
  const productionText = `production's ${windowText(windowMs)} ${metric} (${shown(production.value)}, ${production.samples} samples from ${production.runs} runs of ${target})`;
  if (production.value <= 0) {
    // No multiple of 0 (or of a negative reading) is a limit worth holding a deployment to.
    return skipped(
      `${productionText} is not above 0, so no multiple of it makes a limit; use a threshold for ${metric}`,
    );
  }
  const limit = baseline.factor * production.value;
  const triggered = compare(reading.value, operator, limit);
  const sentence =
    `${metric} ${shown(reading.value)} is ${(reading.value / production.value).toFixed(1)}× ${productionText}; ` +
    `limit ${baseline.factor}× (${shown(limit)})`;
  return historyRuleOutcome({
    rule,
    source: 'rule',
    triggered,
    value: reading.value,
    limit,
    sentence,
    unit: readingUnit(reading),
  });
}
