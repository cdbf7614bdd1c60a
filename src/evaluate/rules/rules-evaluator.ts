import type { GateConfig, RuleConfig } from '../../config/types.js';
import { METRICS, type MetricDefinition } from '../../metrics/registry.js';
import type { Blame, Finding } from '../../model/types.js';
import { untrusted } from '../../util/text.js';
import { documentBlame } from '../endpoint.js';
import type { RuleResult } from '../evaluation.js';
import type { Evaluator } from '../evaluator.js';
import { hintFor } from '../troubleshooting.js';
import { type BaselineSource, NO_HISTORY } from './baseline-source.js';
import { compare, OPERATOR_SYMBOL } from './compare.js';
import { formatMetric, formatSeconds } from './format.js';
import {
  computeMetrics,
  type MetricReading,
  type MetricSource,
  metricSource,
  readingUnit,
  readMetric,
  thresholdUnitProblem,
} from './metrics.js';
import { severityStatus } from './severity.js';

/** A window counts as observed when at most this much of it (or a second) is missing. */
const WINDOW_SLACK = 0.05;

export interface RulesOptions {
  /** Where baseline rules read production's history; without one they are skipped with the reason. */
  baselines?: BaselineSource | undefined;
}

/**
 * The alert rules (defaults merged with the config file) against the latest answer and the samples; baseline
 * rules also against production's history. Anomaly rules are the monitor's (monitor/anomaly-rules.ts).
 */
export function rulesEvaluator(
  config: GateConfig,
  metrics: readonly MetricDefinition[] = METRICS,
  options: RulesOptions = {},
): Evaluator {
  return {
    name: 'rules',
    async evaluate(context) {
      const source = metricSource(context);
      const judged = await Promise.all(
        config.rules.map((rule) =>
          rule.enabled && rule.condition.baseline
            ? judgeBaselineRule(rule, source, metrics, options.baselines, context.deployment.project)
            : evaluateRule(rule, source, metrics),
        ),
      );
      return {
        findings: judged.flatMap(({ finding }) => (finding ? [finding] : [])),
        rules: judged.map(({ result }) => result),
        metrics: computeMetrics(source, undefined, metrics),
      };
    },
  };
}

/** Said on anomaly rules wherever the monitor does not judge them. */
export const ANOMALY_ELSEWHERE =
  "anomaly rules are judged by the monitor (…/monitor), against the target's own recent runs";

async function judgeBaselineRule(
  rule: RuleConfig,
  source: MetricSource,
  metrics: readonly MetricDefinition[],
  baselines: BaselineSource | undefined,
  project: string | undefined,
) {
  const reading = readMetric(rule.condition.metric, source, rule.condition.timeWindow, metrics);
  if ('missing' in reading) return { result: { rule, state: 'skipped' as const, note: reading.missing } };
  const { evaluateBaselineRule } = await import('./baseline-rule.js');
  return evaluateBaselineRule(rule, reading, baselines, source.now, project);
}

/** One rule against the metrics; `metrics` is the registry (tests pass their own). */
export function evaluateRule(
  rule: RuleConfig,
  source: MetricSource,
  metrics: readonly MetricDefinition[] = METRICS,
): { result: RuleResult; finding?: Finding | undefined } {
  if (!rule.enabled) return { result: { rule, state: 'disabled' } };
  if (rule.condition.anomaly) return { result: { rule, state: 'skipped', note: ANOMALY_ELSEWHERE } };
  const { metric, operator, threshold, timeWindow } = rule.condition;
  // Only rulesEvaluator can read a baseline's history; a baseline rule judged alone has none.
  if (threshold === undefined) return { result: { rule, state: 'skipped', note: NO_HISTORY } };
  const reading = readMetric(metric, source, timeWindow, metrics);
  if ('missing' in reading) return { result: { rule, state: 'skipped', note: reading.missing } };
  const unitProblem = thresholdUnitProblem(rule.condition, reading);
  if (unitProblem) return { result: { rule, state: 'skipped', note: unitProblem } };

  const note = windowNote(reading, timeWindow);
  const result: RuleResult = {
    rule,
    state: compare(reading.value, operator, threshold) ? 'triggered' : 'ok',
    value: reading.value,
    windowSeconds: reading.window ? Number((reading.window.observedMs / 1000).toFixed(1)) : undefined,
    note,
    unit: readingUnit(reading),
  };
  if (result.state !== 'triggered') return { result };
  return {
    result,
    finding: {
      source: 'rule',
      id: rule.id,
      title: rule.name,
      status: severityStatus[rule.severity],
      message: triggeredMessage(rule, reading, note),
      blame: ruleBlame(rule, reading, source),
    },
  };
}

/**
 * Whose failure a triggered rule shows. A metric read from the health document is as good as the document
 * (see `documentBlame`); response times are the deployment's own answers. `error_rate` also counts requests
 * that got no answer at all, which may be the runner's: the rule is the deployment's only when it still
 * triggers with those counted as successes, i.e. on the HTTP 5xx answers alone.
 */
function ruleBlame(
  rule: RuleConfig,
  reading: Extract<MetricReading, { value: number }>,
  source: MetricSource,
): Blame {
  const window = reading.window;
  if (!window) return documentBlame(source.document, source.samples);
  if (rule.condition.metric !== 'error_rate') return 'deployment';
  const answeredRate = window.samples > 0 ? (window.serverErrors / window.samples) * 100 : 0;
  const { operator, threshold } = rule.condition;
  return threshold === undefined || compare(answeredRate, operator, threshold) ? 'deployment' : 'gate';
}

/** "Database Connection Failure: database_health is 0 (== 0), critical; check the DATABASE_URL …" */
function triggeredMessage(
  rule: RuleConfig,
  reading: Extract<MetricReading, { value: number }>,
  note?: string,
) {
  const { metric, operator } = rule.condition;
  const threshold = rule.condition.threshold ?? Number.NaN;
  const match = reading.match;
  const aliased = match && match.by !== 'key' ? ` (service ${untrusted(match.service.key, 40)})` : '';
  const value = formatMetric(reading.value, reading.unit, reading.unitLabel);
  const limit = formatMetric(threshold, reading.unit, reading.unitLabel);
  const window = reading.window;
  const over = window
    ? ` over ${window.samples} health sample${window.samples === 1 ? '' : 's'}${
        metric === 'error_rate' ? ` (${window.errors} failed: transport error, timeout or HTTP ≥ 500)` : ''
      }`
    : '';
  // The service's troubleshooting hint is about it being down or slow, not about a value it reports.
  const aboutService = /_(health|response_time)$/.test(reading.canonical);
  const hint = match && aboutService ? hintFor(match.service) : undefined;
  return [
    `${rule.name}: ${metric}${aliased} is ${value} (${OPERATOR_SYMBOL[operator]} ${limit})${over}, ${rule.severity}`,
    note,
    hint,
  ]
    .filter(Boolean)
    .join('; ');
}

/** "observed 45 s of a 300 s window" when the samples cover less of the rule's window than it asks for. */
function windowNote(reading: Extract<MetricReading, { value: number }>, timeWindow: number | undefined) {
  if (!reading.window || timeWindow === undefined) return undefined;
  const windowMs = timeWindow * 1000;
  const observed = reading.window.observedMs;
  if (observed >= windowMs - Math.max(1000, windowMs * WINDOW_SLACK)) return undefined;
  return `observed ${formatSeconds(observed)} of a ${formatSeconds(windowMs)} window (set \`observe\` to ${timeWindow}s to measure all of it)`;
}
