import type { GateConfig, RuleConfig } from '../../config/types.js';
import { METRICS, type MetricDefinition } from '../../metrics/registry.js';
import type { Blame, Finding } from '../../model/types.js';
import { untrusted } from '../../util/text.js';
import { documentBlame } from '../endpoint.js';
import type { RuleResult } from '../evaluation.js';
import type { Evaluator } from '../evaluator.js';
import { hintFor } from '../troubleshooting.js';
import { compare, OPERATOR_SYMBOL } from './compare.js';
import { formatMetric, formatSeconds } from './format.js';
import {
  computeMetrics,
  type MetricReading,
  type MetricSource,
  metricSource,
  readMetric,
} from './metrics.js';
import { severityStatus } from './severity.js';

/** A window counts as observed when at most this much of it (or a second) is missing. */
const WINDOW_SLACK = 0.05;

/** The alert rules (defaults merged with the config file) against the latest answer and the samples. */
export function rulesEvaluator(
  config: GateConfig,
  metrics: readonly MetricDefinition[] = METRICS,
): Evaluator {
  return {
    name: 'rules',
    async evaluate(context) {
      const source = metricSource(context);
      const rules: RuleResult[] = [];
      const findings: Finding[] = [];
      for (const rule of config.rules) {
        const { result, finding } = evaluateRule(rule, source, metrics);
        rules.push(result);
        if (finding) findings.push(finding);
      }
      return { findings, rules, metrics: computeMetrics(source, undefined, metrics) };
    },
  };
}

/** One rule against the metrics; `metrics` is the registry (tests pass their own). */
export function evaluateRule(
  rule: RuleConfig,
  source: MetricSource,
  metrics: readonly MetricDefinition[] = METRICS,
): { result: RuleResult; finding?: Finding | undefined } {
  if (!rule.enabled) return { result: { rule, state: 'disabled' } };
  const { metric, operator, threshold, timeWindow } = rule.condition;
  const reading = readMetric(metric, source, timeWindow, metrics);
  if ('missing' in reading) return { result: { rule, state: 'skipped', note: reading.missing } };

  const note = windowNote(reading, timeWindow);
  const result: RuleResult = {
    rule,
    state: compare(reading.value, operator, threshold) ? 'triggered' : 'ok',
    value: reading.value,
    windowSeconds: reading.window ? Number((reading.window.observedMs / 1000).toFixed(1)) : undefined,
    note,
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
  return compare(answeredRate, operator, threshold) ? 'deployment' : 'gate';
}

/** "Database Connection Failure: database_health is 0 (== 0), critical; check the DATABASE_URL …" */
function triggeredMessage(
  rule: RuleConfig,
  reading: Extract<MetricReading, { value: number }>,
  note?: string,
) {
  const { metric, operator, threshold } = rule.condition;
  const match = reading.match;
  const aliased = match && match.by !== 'key' ? ` (service ${untrusted(match.service.key, 40)})` : '';
  const value = formatMetric(reading.value, reading.unit);
  const limit = formatMetric(threshold, reading.unit);
  const window = reading.window;
  const over = window
    ? ` over ${window.samples} health sample${window.samples === 1 ? '' : 's'}${
        metric === 'error_rate' ? ` (${window.errors} failed: transport error, timeout or HTTP ≥ 500)` : ''
      }`
    : '';
  const hint = match ? hintFor(match.service) : undefined;
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
