// Checks that look at more than one field, run on the file as written (even where zod found other
// problems), so every mistake is reported at once.

import { isRecord } from '../util/is-record.js';
import { standardRules } from './defaults.js';
import { historyRuleProblems } from './history-rules.js';
import { isMetricName, isWindowMetric, metricUnit, WINDOW_METRICS } from './metric-names.js';
import type { Problem } from './problems.js';
import { listWords } from './suggest.js';
import { readThreshold, thresholdFor } from './threshold.js';
import type { RuleConfig } from './types.js';
import { SEVERITIES } from './vocabulary.js';
import type { PathSegment, YamlSource } from './yaml-source.js';

const list = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);

export function crossCheck(data: unknown, source: YamlSource): Problem[] {
  if (!isRecord(data)) return [];
  const problems: Problem[] = [];
  const standard = new Map(data.defaults === false ? [] : standardRules().map((r) => [r.id, r]));

  const repeated = uniqueIds(list(data.rules), ['rules'], 'rule', source, problems);
  for (const [index, entry] of list(data.rules).entries()) {
    // A repeated id is already reported; what else it lacks would only add noise.
    if (!isRecord(entry) || repeated.has(index)) continue;
    const base = typeof entry.id === 'string' ? standard.get(entry.id) : undefined;
    checkRule(entry, ['rules', index], base, data.defaults === false, problems);
  }

  const checklist = isRecord(data.checklist) ? data.checklist : {};
  uniqueIds(list(checklist.items), ['checklist', 'items'], 'checklist item', source, problems);
  return problems;
}

function uniqueIds(
  entries: unknown[],
  at: PathSegment[],
  what: string,
  source: YamlSource,
  problems: Problem[],
): Set<number> {
  const first = new Map<string, number>();
  const repeated = new Set<number>();
  for (const [index, entry] of entries.entries()) {
    if (!isRecord(entry) || typeof entry.id !== 'string') continue;
    const earlier = first.get(entry.id);
    if (earlier === undefined) {
      first.set(entry.id, index);
      continue;
    }
    repeated.add(index);
    const { line } = source.locate([...at, earlier]);
    problems.push({
      path: [...at, index, 'id'],
      message: `"${entry.id}" is already the id of the ${what} at line ${line}; give each ${what} its own id`,
    });
  }
  return repeated;
}

function checkRule(
  entry: Record<string, unknown>,
  path: PathSegment[],
  base: RuleConfig | undefined,
  defaultsDropped: boolean,
  problems: Problem[],
): void {
  const condition = isRecord(entry.condition) ? entry.condition : undefined;
  if (!base && typeof entry.id === 'string') {
    const why = defaultsDropped
      ? `\`defaults: false\` drops the standard rules, so "${entry.id}" is a new rule`
      : `"${entry.id}" is not one of the standard rules, so it is a new rule`;
    if (entry.severity === undefined) {
      problems.push({
        path: [...path, 'severity'],
        message: `is required: ${why}; use ${listWords(SEVERITIES)}`,
      });
    }
    if (entry.condition === undefined && entry.anomaly === undefined) {
      problems.push({
        path: [...path, 'condition'],
        message: `is required: ${why}; write e.g. { metric: avg_response_time, operator: gt, threshold: 1500 }, or an \`anomaly\``,
      });
    } else if (condition) {
      // A baseline rule's limit comes from production's history, not a threshold.
      const fields =
        condition.baseline === undefined
          ? (['metric', 'operator', 'threshold'] as const)
          : (['metric', 'operator'] as const);
      for (const field of fields) {
        if (condition[field] === undefined) {
          problems.push({ path: [...path, 'condition', field], message: `is required: ${why}` });
        }
      }
    }
  }
  const written = typeof condition?.metric === 'string' ? condition.metric : undefined;
  const metric = written === undefined ? base?.condition.metric : isMetricName(written) ? written : undefined;
  problems.push(...historyRuleProblems(entry, path, metric, !base));
  if (!condition || metric === undefined) return;

  const raw = condition.threshold;
  if (typeof raw === 'number' || typeof raw === 'string') {
    const read = readThreshold(raw);
    const fitted = read && thresholdFor(metric, read, String(raw));
    if (fitted && 'problem' in fitted)
      problems.push({ path: [...path, 'condition', 'threshold'], message: fitted.problem });
  } else if (
    raw === undefined &&
    condition.baseline === undefined &&
    base &&
    metricUnit(metric) !== metricUnit(base.condition.metric)
  ) {
    problems.push({
      path: [...path, 'condition', 'threshold'],
      message: `is required when the metric changes to ${metric}: the standard threshold ${base.condition.threshold} is for ${base.condition.metric}`,
    });
  }

  if (written !== undefined && condition.timeWindow !== undefined && !isWindowMetric(metric)) {
    problems.push({
      path: [...path, 'condition', 'timeWindow'],
      message: `does not apply to ${metric}, which is read from the latest health answer; time windows apply to ${listWords(WINDOW_METRICS, 'and')}, so remove it`,
    });
  }
}
