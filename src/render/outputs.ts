import type { RunResult } from '../model/run-result.js';
import { plainNumber } from './metric-format.js';
import { redactDeep, redactText, secretsToRedact } from './redact.js';
import { viewOf } from './run-view.js';

/** One triggered rule in the `alerts` output: enough for a later step to route or print it. */
export interface AlertOutput {
  id: string;
  name: string;
  severity: 'critical' | 'warning' | 'info';
  metric: string;
  /** The observed value in the metric's unit; null when the metric had none. */
  value: number | null;
  operator: string;
  /** A threshold rule's limit; null for baseline and anomaly rules (their limit is `limit`). */
  threshold: number | null;
  /** The limit the value was held to: the threshold, or what the history made of a baseline or anomaly rule. */
  limit: number | null;
}

/**
 * The action's outputs this stage knows about; other reporters (check run) add theirs. Every output is
 * always set, empty when unknown, so `if: steps.gate.outputs.deployment-url != ''` works. The metrics come
 * from the evaluation, measured over the samples from the first definitive answer on.
 */
export function outputsFor(run: RunResult, reportPath?: string): Record<string, string> {
  const { deployment, metrics, rules } = viewOf(run);
  const secrets = secretsToRedact(run);
  const avg = metrics.avg_response_time;
  const errorRate = metrics.error_rate;
  const alerts: AlertOutput[] = rules
    .filter((r) => r.state === 'triggered')
    .map(({ rule, value, limit }) => ({
      id: rule.id,
      name: rule.name,
      severity: rule.severity,
      metric: rule.condition.metric,
      value: value !== undefined && Number.isFinite(value) ? value : null,
      operator: rule.condition.operator,
      threshold: finite(rule.condition.threshold),
      limit: finite(rule.condition.threshold ?? limit),
    }));
  return {
    status: run.verdict.status,
    reason: run.verdict.reason,
    'deployment-url': redactText(deployment.url ?? '', secrets),
    'deployment-id': redactText(deployment.id ?? '', secrets),
    sha: deployment.sha,
    environment: deployment.environment,
    'avg-response-time': avg === undefined ? '' : String(Math.round(avg)),
    'error-rate': errorRate === undefined ? '' : plainNumber(errorRate, 2),
    // Masked before encoding: a secret with a quote in it would not match its JSON-escaped form.
    alerts: JSON.stringify(redactDeep(alerts, secrets)),
    'report-path': reportPath ?? '',
  };
}

const finite = (value: number | undefined): number | null =>
  value !== undefined && Number.isFinite(value) ? value : null;
