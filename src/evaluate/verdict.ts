import type { Finding, HealthStatus, ProbeOutcome, Reason, ResolveOutcome, Verdict } from '../model/types.js';
import { worse } from '../model/types.js';

/** A run that stopped before the endpoint gave a definitive answer is unhealthy, with its own reason. */
export function verdictFromStop(stop: { reason: Reason; message: string }): Verdict {
  return { status: 'unhealthy', reason: stop.reason, message: stop.message, findings: [] };
}

const reasonOf: Record<Finding['source'], Reason> = {
  endpoint: 'endpoint',
  rule: 'rules',
  anomaly: 'anomaly',
  checklist: 'checklist',
};

/**
 * Worst of all findings. The reason names the source of the worst finding; when sources tie, the endpoint
 * outranks rules, rules outrank anomaly rules, and those the checklist (the endpoint is the most direct evidence).
 */
export function verdictFromFindings(findings: Finding[]): Verdict {
  let status: HealthStatus = 'healthy';
  for (const finding of findings) status = worse(status, finding.status);
  if (status === 'healthy') {
    return { status, reason: 'ok', message: 'The deployment is healthy.', findings };
  }
  const order: Finding['source'][] = ['endpoint', 'rule', 'anomaly', 'checklist'];
  const worst = findings
    .filter((f) => f.status === status)
    .sort((a, b) => order.indexOf(a.source) - order.indexOf(b.source))[0];
  const others = findings.filter((f) => f.status === status).length - 1;
  const message = worst
    ? `${worst.message}${others > 0 ? ` (and ${others} more finding${others > 1 ? 's' : ''})` : ''}`
    : `The deployment is ${status}.`;
  return { status, reason: worst ? reasonOf[worst.source] : 'endpoint', message, findings };
}

/** The verdict for runs where resolve or probe ended early; undefined when evaluation should run. */
export function verdictBeforeEvaluation(
  resolve: ResolveOutcome,
  probe: ProbeOutcome | undefined,
): Verdict | undefined {
  if (resolve.kind === 'stopped') return verdictFromStop(resolve);
  if (probe?.kind === 'failed') return verdictFromStop(probe);
  return undefined;
}

/** Whether this verdict fails the step under `fail-on`. Cancelled and config errors always fail. */
export function gateFails(verdict: Verdict, failOn: 'unhealthy' | 'degraded' | 'never'): boolean {
  if (verdict.reason === 'cancelled' || verdict.reason === 'config') return true;
  if (failOn === 'never') return false;
  if (failOn === 'degraded') return verdict.status !== 'healthy';
  return verdict.status === 'unhealthy';
}
