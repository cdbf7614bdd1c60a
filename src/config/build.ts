// The validated file merged over the built-in defaults: the GateConfig the rest of the action reads.

import { ANOMALY_DEFAULTS } from '../baselines/settings.js';
import { DEFAULT_DASHBOARD, standardRules } from './defaults.js';
import { type AnomalyEntry, DEFAULT_BASELINE_WINDOW_S } from './history-rules.js';
import { isWindowMetric } from './metric-names.js';
import type { ConditionEntry, ConfigFile, ItemEntry, RuleEntry } from './schema.js';
import { thresholdFor } from './threshold.js';
import type { ChecklistConfig, CustomCheckItem, RuleCondition, RuleConfig, SourcePosition } from './types.js';
import type { YamlSource } from './yaml-source.js';

export function buildConfig(file: string, parsed: ConfigFile, source: YamlSource) {
  const positions = new Map<string, SourcePosition>();
  const rules = parsed.defaults === false ? [] : standardRules();
  for (const [index, entry] of (parsed.rules ?? []).entries()) {
    const at = rules.findIndex((rule) => rule.id === entry.id);
    const merged = mergeRule(entry, at >= 0 ? rules[at] : undefined);
    if (at >= 0) rules[at] = merged;
    else rules.push(merged);
    positions.set(`rule:${entry.id}`, source.locate(['rules', index]));
  }

  const items = (parsed.checklist?.items ?? []).map((entry, index) => {
    positions.set(`checklist:${entry.id}`, source.locate(['checklist', 'items', index]));
    return checkItem(entry);
  });
  const dashboard = parsed.checklist?.dashboard;
  const checklist: ChecklistConfig = {
    env: [...new Set(parsed.checklist?.env ?? [])],
    dashboard: dashboard === undefined || dashboard === true ? DEFAULT_DASHBOARD : dashboard,
    dashboardWritten: dashboard !== undefined && dashboard !== false,
    items,
  };
  return { file, rules, checklist, positions };
}

/**
 * A rule from the file, over the standard rule with its id when there is one: written fields win, the
 * condition merges field by field (`condition: { threshold: 3s }` keeps the metric and operator). A rule that
 * writes `anomaly` becomes an anomaly rule; one that writes `baseline` a baseline rule (no threshold).
 */
function mergeRule(entry: RuleEntry, base: RuleConfig | undefined): RuleConfig {
  const condition = entry.anomaly
    ? anomalyCondition(entry.anomaly, base)
    : ruleCondition(entry.condition ?? {}, base);
  return {
    id: entry.id,
    name: entry.name ?? base?.name ?? entry.id,
    condition,
    severity: entry.severity ?? base?.severity ?? 'warning',
    channels: entry.channels ?? base?.channels ?? [],
    enabled: entry.enabled ?? base?.enabled ?? true,
    origin: 'config',
  };
}

function ruleCondition(written: ConditionEntry, base: RuleConfig | undefined): RuleCondition {
  // cross-checks.ts has made sure a new rule writes these and that the threshold's unit fits the metric.
  const metric = written.metric ?? base?.condition.metric ?? '';
  const timeWindow = written.timeWindow ?? base?.condition.timeWindow;
  // A window only means something for metrics measured over samples; an override to another metric drops it.
  const windowed = isWindowMetric(metric) ? timeWindow : undefined;
  const operator = written.operator ?? base?.condition.operator ?? 'eq';
  if (written.baseline) {
    return {
      metric,
      operator,
      timeWindow: windowed,
      baseline: {
        against: written.baseline,
        factor: written.factor ?? Number.NaN,
        window: written.window ?? DEFAULT_BASELINE_WINDOW_S,
        target: written.target,
      },
    };
  }
  let threshold = base?.condition.threshold ?? Number.NaN;
  let thresholdUnit = base?.condition.thresholdUnit;
  if (written.threshold) {
    const fitted = thresholdFor(metric, written.threshold, written.threshold.shown);
    threshold = 'value' in fitted ? fitted.value : Number.NaN;
    thresholdUnit = WRITTEN_UNIT[written.threshold.kind];
  }
  return { metric, operator, threshold, timeWindow: windowed, ...(thresholdUnit ? { thresholdUnit } : {}) };
}

/** What a written threshold's form says of its unit (`2s` is a time, `5%` a percentage, `0.9` nothing). */
const WRITTEN_UNIT = { duration: 'ms', percent: 'percent', number: undefined } as const;

const DIRECTION_OPERATOR = { above: 'gt', below: 'lt', both: 'neq' } as const;

function anomalyCondition(written: AnomalyEntry, base: RuleConfig | undefined): RuleCondition {
  const direction = written.direction ?? ANOMALY_DEFAULTS.direction;
  const metric = written.metric ?? base?.condition.metric ?? '';
  // Error rates are judged by Wilson intervals, whose z the evaluation chose separately (docs/anomalies.md).
  const sensitivity =
    metric === 'error_rate' ? ANOMALY_DEFAULTS.errorRateSensitivity : ANOMALY_DEFAULTS.sensitivity;
  return {
    metric,
    operator: DIRECTION_OPERATOR[direction],
    anomaly: {
      sensitivity: written.sensitivity ?? sensitivity,
      window: written.window ?? ANOMALY_DEFAULTS.window,
      trigger: written.trigger ?? ANOMALY_DEFAULTS.trigger,
      direction,
    },
  };
}

function checkItem(entry: ItemEntry): CustomCheckItem {
  return {
    id: entry.id,
    name: entry.name ?? entry.id,
    path: entry.path,
    expect: {
      status: entry.expect?.status ?? [200],
      json: entry.expect?.json
        ? { path: entry.expect.json.path, equals: entry.expect.json.equals }
        : undefined,
      text: entry.expect?.text,
    },
    // An item someone bothered to write is meant to gate the deployment unless they say otherwise.
    required: entry.required ?? true,
  };
}
