import type { GateConfig } from '../../config/types.js';
import { failed, type ItemOutcome, type ItemSpec, passed } from './item.js';

export const ALERT_RULES: ItemSpec = {
  id: 'alert_rules',
  name: 'Alert rules valid and enabled',
  required: true,
};

/**
 * Validity is settled before any network call: a config that does not load stops the run with `config`, so
 * rules that reach this point are valid. What is left to check is that something is watching.
 */
export function alertRules(config: GateConfig): ItemOutcome {
  const where = config.file ? `in ${config.file}` : 'in `.github/deployment-health.yml`';
  const enabled = config.rules.filter((r) => r.enabled);
  if (config.rules.length === 0) {
    return {
      result: failed(ALERT_RULES, 'no alert rules are configured'),
      advice: `Keep the built-in default rules or define at least one rule ${where}.`,
    };
  }
  if (enabled.length === 0) {
    return {
      result: failed(ALERT_RULES, `all ${config.rules.length} alert rules are disabled`),
      advice: `Enable at least one rule (\`enabled: true\`) ${where}.`,
    };
  }
  const bySeverity = (['critical', 'warning', 'info'] as const)
    .map((severity) => [severity, enabled.filter((r) => r.severity === severity).length] as const)
    .filter(([, count]) => count > 0)
    .map(([severity, count]) => `${count} ${severity}`)
    .join(', ');
  const total = config.rules.length;
  return {
    result: passed(
      ALERT_RULES,
      `${enabled.length} of ${total} rule${total === 1 ? '' : 's'} enabled (${bySeverity})`,
    ),
  };
}
