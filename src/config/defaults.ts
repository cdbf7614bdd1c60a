import type { ChecklistConfig, GateConfig, RuleConfig } from './types.js';

// The original design's five "Standard Alert Rules" ("Alert System"), with the ids the
// SPEC gives them. The original design names a Rollbar notification for the first three; the last two get one at their
// severity's level so every standard alert reaches Rollbar when a token is given.

const rollbar = (level: 'critical' | 'warning') => [{ type: 'rollbar', config: { level } }];

const STANDARD_RULES: readonly RuleConfig[] = [
  {
    id: 'database_connection_failure',
    name: 'Database Connection Failure',
    condition: { metric: 'database_health', operator: 'eq', threshold: 0 },
    severity: 'critical',
    channels: rollbar('critical'),
    enabled: true,
    origin: 'default',
  },
  {
    id: 'authentication_service_down',
    name: 'Authentication Service Down',
    condition: { metric: 'auth_health', operator: 'eq', threshold: 0 },
    severity: 'critical',
    channels: rollbar('critical'),
    enabled: true,
    origin: 'default',
  },
  {
    id: 'payment_service_degraded',
    name: 'Payment Service Degraded',
    condition: { metric: 'stripe_health', operator: 'eq', threshold: 0 },
    severity: 'warning',
    channels: rollbar('warning'),
    enabled: true,
    origin: 'default',
  },
  {
    id: 'high_response_time',
    name: 'High Response Time',
    condition: { metric: 'avg_response_time', operator: 'gt', threshold: 2000, timeWindow: 300 },
    severity: 'warning',
    channels: rollbar('warning'),
    enabled: true,
    origin: 'default',
  },
  {
    id: 'error_rate_spike',
    name: 'Error Rate Spike',
    condition: { metric: 'error_rate', operator: 'gt', threshold: 5, timeWindow: 300 },
    severity: 'critical',
    channels: rollbar('critical'),
    enabled: true,
    origin: 'default',
  },
];

/** Fresh copies of the standard rules (callers may merge into them). */
export function standardRules(): RuleConfig[] {
  return STANDARD_RULES.map((rule) => structuredClone(rule));
}

export const STANDARD_RULE_IDS: readonly string[] = STANDARD_RULES.map((rule) => rule.id);

/** The Hemera app's dashboard path (`/admin/monitoring/deployment`). */
export const DEFAULT_DASHBOARD = '/admin/monitoring/deployment';

export function defaultChecklist(): ChecklistConfig {
  return { env: [], dashboard: DEFAULT_DASHBOARD, dashboardWritten: false, items: [] };
}

/** What applies when there is no config file: the standard rules and the built-in checklist. */
export function defaultConfig(): GateConfig {
  return { file: undefined, rules: standardRules(), checklist: defaultChecklist(), positions: new Map() };
}
