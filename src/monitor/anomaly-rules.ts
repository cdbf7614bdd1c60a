// Anomaly rules (`anomaly: { metric, sensitivity, window, trigger, direction }`) as the monitor judges them: this
// run's value of the metric against the target's own runs of the window (robust median and spread, an
// hour-of-day profile once there are 3 days of roll-ups; Wilson intervals for error rates). Each result says
// what was expected and what was seen, in a sentence a person can check against the dashboard.

import { type AnomalyOutcome, judgeRateSeries, judgeSeries, type RateOutcome } from '../baselines/anomaly.js';
import { seasonalProfile } from '../baselines/seasonal.js';
import { countsOf, seriesOf } from '../baselines/series.js';
import { windowText } from '../baselines/window.js';
import type { RuleConfig } from '../config/types.js';
import type { RuleResult } from '../evaluate/evaluation.js';
import type { EvaluationContext, Evaluator } from '../evaluate/evaluator.js';
import { formatMetric } from '../evaluate/rules/format.js';
import { historyRuleOutcome } from '../evaluate/rules/history-outcome.js';
import { metricSource, readingUnit, readMetric } from '../evaluate/rules/metrics.js';
import type { RollUp, RunRecord } from '../history/types.js';
import { fixedMetric, type MetricUnit } from '../metrics/registry.js';
import type { Finding } from '../model/types.js';
import { recordMetrics, recordSample } from './record.js';

export interface AnomalyHistory {
  /** The target's raw runs before this one (oldest first), covering the widest anomaly window. */
  records: readonly RunRecord[];
  /** The target's hourly roll-ups of the last days (oldest first): the hour-of-day profile. */
  hourly: readonly RollUp[];
  /** Why the history could not be read: every anomaly rule is skipped with it. */
  problem?: string | undefined;
}

/** The anomaly rules of the config against this run and the target's history. */
export function anomalyEvaluator(rules: readonly RuleConfig[], history: AnomalyHistory): Evaluator {
  return {
    name: 'anomaly rules',
    async evaluate(context) {
      if (history.problem) {
        const note = `the target's history could not be read: ${history.problem}`;
        return {
          rules: rules.map((rule) =>
            rule.enabled ? { rule, state: 'skipped' as const, note } : { rule, state: 'disabled' as const },
          ),
        };
      }
      const now = context.deps.clock.now();
      const records = [...history.records, thisRun(context, now)];
      const judged = rules.map((rule) => judgeRule(rule, context, records, history.hourly, now));
      return {
        rules: judged.map((j) => j.result),
        findings: judged.flatMap((j) => (j.finding ? [j.finding] : [])),
      };
    },
  };
}

/** This run as the history will keep it: the same samples, services and extended metrics (record.ts). */
function thisRun(context: EvaluationContext, now: number): RunRecord {
  const samples = context.samples.map(recordSample);
  return {
    id: 'this-run',
    target: '',
    at: samples[0]?.at ?? now,
    url: '',
    status: context.document.status,
    reason: 'ok',
    message: '',
    samples,
    services: context.document.services.map((s) => ({
      key: s.key,
      name: s.name,
      status: s.status,
      ms: s.responseTimeMs,
    })),
    findings: [],
    metrics: recordMetrics(context.document),
  };
}

function judgeRule(
  rule: RuleConfig,
  context: EvaluationContext,
  records: readonly RunRecord[],
  hourly: readonly RollUp[],
  now: number,
): { result: RuleResult; finding?: Finding | undefined } {
  const anomaly = rule.condition.anomaly;
  if (!rule.enabled || !anomaly) return { result: { rule, state: 'disabled' } };
  const { metric } = rule.condition;
  // Service and extended metrics are kept under the names the body spells (`database_poolUsage`).
  let name = metric;
  let unit: MetricUnit = fixedMetric(metric)?.unit ?? 'plain';
  let unitLabel: string | undefined;
  let reportUnit: RuleResult['unit'];
  if (!fixedMetric(metric)) {
    const reading = readMetric(metric, metricSource(context));
    if ('missing' in reading) return { result: { rule, state: 'skipped', note: reading.missing } };
    name = reading.canonical ?? metric;
    unit = reading.unit;
    unitLabel = reading.unitLabel;
    reportUnit = readingUnit(reading);
  }
  const windowMs = anomaly.window * 1000;
  const settings = {
    sensitivity: anomaly.sensitivity,
    trigger: anomaly.trigger,
    direction: anomaly.direction,
  };
  if (name === 'error_rate') {
    return rateResult(rule, judgeRateSeries(countsOf(records), now, windowMs, settings), windowMs);
  }
  const outcome = judgeSeries(seriesOf(records, name), now, windowMs, settings, {
    profile: seasonalProfile(hourly, name, now),
    unit,
  });
  return seriesResult(rule, outcome, windowMs, unit, unitLabel, reportUnit);
}

const DIRECTION_WORD = { above: 'above', below: 'below' } as const;

function seriesResult(
  rule: RuleConfig,
  outcome: AnomalyOutcome,
  windowMs: number,
  unit: MetricUnit,
  unitLabel: string | undefined,
  reportUnit?: RuleResult['unit'],
): { result: RuleResult; finding?: Finding | undefined } {
  const shown = (value: number) => formatMetric(value, unit, unitLabel);
  if (outcome.kind === 'skipped') return { result: { rule, state: 'skipped', note: outcome.reason } };
  const { latest, flagged, of, triggered, seasonal } = outcome;
  const anomaly = rule.condition.anomaly;
  const side = latest.score >= 0 ? DIRECTION_WORD.above : DIRECTION_WORD.below;
  const expected = seasonal
    ? `the expected ${shown(latest.expected)} for this hour of the day (${windowText(windowMs)} of runs and the daily pattern)`
    : `the ${windowText(windowMs)} median of ${shown(latest.expected)}`;
  const sentence =
    `${label(rule.condition.metric)} ${shown(latest.value)} is ${Math.abs(latest.score).toFixed(1)} robust σ ` +
    `${side} ${expected} (${flagged} of the last ${of} runs flagged; trigger ${anomaly?.trigger.flagged}/${of})`;
  const sensitivity = anomaly?.sensitivity ?? 0;
  const limit = latest.expected + (side === 'above' ? 1 : -1) * sensitivity * outcome.scale;
  return judged(rule, triggered, latest.value, limit, sentence, reportUnit);
}

function rateResult(
  rule: RuleConfig,
  outcome: RateOutcome,
  windowMs: number,
): { result: RuleResult; finding?: Finding | undefined } {
  if (outcome.kind === 'skipped') return { result: { rule, state: 'skipped', note: outcome.reason } };
  const pct = (rate: number) => formatMetric(rate, 'percent');
  const { latest, baseline, flagged, of, triggered } = outcome;
  const sentence =
    `error rate ${pct(latest.rate)} (${latest.errors} of ${latest.samples} requests) against the ` +
    `${windowText(windowMs)} rate of ${pct(baseline.rate)} (${baseline.errors} of ${baseline.samples}; ` +
    `interval ${pct(baseline.low)}–${pct(baseline.high)}): ${flagged} of the last ${of} runs flagged`;
  return judged(rule, triggered, latest.rate, baseline.high, sentence);
}

function judged(
  rule: RuleConfig,
  triggered: boolean,
  value: number,
  limit: number,
  sentence: string,
  unit?: RuleResult['unit'],
): { result: RuleResult; finding?: Finding | undefined } {
  return historyRuleOutcome({ rule, source: 'anomaly', triggered, value, limit, sentence, unit });
}

/** `avg_response_time` reads as "latency" in a sentence; other metrics by their names. */
function label(metric: string): string {
  return metric.endsWith('_response_time')
    ? `${metric.replace(/_response_time$/, '').replace(/_/g, ' ')} latency`
    : metric;
}
