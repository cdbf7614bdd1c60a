// The validated file merged over the built-in defaults: the GateConfig the rest of the action reads.

import { DEFAULT_DASHBOARD, standardRules } from './defaults.js';
import { isWindowMetric } from './metric-names.js';
import type { ConfigFile, ItemEntry, RuleEntry } from './schema.js';
import { thresholdFor } from './threshold.js';
import type { ChecklistConfig, CustomCheckItem, RuleConfig, SourcePosition } from './types.js';
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
 * condition merges field by field (`condition: { threshold: 3s }` keeps the metric and operator).
 */
function mergeRule(entry: RuleEntry, base: RuleConfig | undefined): RuleConfig {
  const written = entry.condition ?? {};
  // cross-checks.ts has made sure a new rule writes these and that the threshold's unit fits the metric.
  const metric = written.metric ?? base?.condition.metric ?? '';
  let threshold = base?.condition.threshold ?? Number.NaN;
  if (written.threshold) {
    const fitted = thresholdFor(metric, written.threshold, written.threshold.shown);
    threshold = 'value' in fitted ? fitted.value : Number.NaN;
  }
  const timeWindow = written.timeWindow ?? base?.condition.timeWindow;
  return {
    id: entry.id,
    name: entry.name ?? base?.name ?? entry.id,
    condition: {
      metric,
      operator: written.operator ?? base?.condition.operator ?? 'eq',
      threshold,
      // A window only means something for metrics measured over samples; an override to another metric drops it.
      timeWindow: isWindowMetric(metric) ? timeWindow : undefined,
    },
    severity: entry.severity ?? base?.severity ?? 'warning',
    channels: entry.channels ?? base?.channels ?? [],
    enabled: entry.enabled ?? base?.enabled ?? true,
    origin: 'config',
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
