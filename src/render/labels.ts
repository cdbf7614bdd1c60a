import { HEALTH_STATUSES, type HealthStatus, severityOf } from '../model/status.js';
import type { Reason, ResolveSource, ServiceStatus } from '../model/types.js';

// The words and symbols every report uses for the same facts, so the summary, the console and the
// annotations never disagree about what a status or reason is called.

export const statusEmoji: Record<HealthStatus, string> = {
  healthy: '🟢',
  degraded: '🟡',
  unhealthy: '🔴',
};

export const statusLabel: Record<HealthStatus, string> = {
  healthy: 'Healthy',
  degraded: 'Degraded',
  unhealthy: 'Unhealthy',
};

export const serviceIcon: Record<ServiceStatus, string> = { pass: '✅', warn: '⚠️', fail: '❌' };

/** Worst first, for sorting services so the ones that matter survive any cap. */
export const serviceRank: Record<ServiceStatus, number> = { fail: 0, warn: 1, pass: 2 };

/** Worst first (unhealthy 0 … healthy last), for sorting findings; the ranking is model/status.ts's. */
export const statusRank = Object.fromEntries(
  HEALTH_STATUSES.map((status) => [status, HEALTH_STATUSES.length - 1 - severityOf(status)]),
) as Record<HealthStatus, number>;

/** What a reason means, as a short title for callouts and annotations. */
export const reasonTitle: Record<Reason, string> = {
  ok: 'Deployment healthy',
  endpoint: 'Health endpoint reports a problem',
  rules: 'Alert rule triggered',
  checklist: 'Deployment checklist failed',
  anomaly: 'Anomaly detected',
  'deployment-error': 'Vercel build failed',
  'deployment-canceled': 'Deployment canceled',
  'wait-timeout': 'Deployment not READY in time',
  unreachable: 'Deployment unreachable',
  protected: 'Deployment protected',
  'not-found': 'Deployment or endpoint not found',
  cancelled: 'Run cancelled',
  config: 'Configuration error',
};

export const sourceLabel: Record<ResolveSource, string> = {
  input: '`deployment-url` input',
  deployment_status: '`deployment_status` event',
  repository_dispatch: '`repository_dispatch` event from Vercel',
  'vercel-api': 'Vercel API lookup by commit',
  'github-deployments': 'GitHub deployments of the commit',
};

/**
 * The next step for a reader, by reason. Messages from the stages already say what happened; this is the
 * general advice that fits every run stopped for that reason.
 */
export function reasonHint(reason: Reason, healthPath: string, hasDocument: boolean): string | undefined {
  switch (reason) {
    case 'ok':
      return undefined;
    case 'endpoint':
      return hasDocument
        ? 'Fix the failing services the health endpoint names, then re-run the workflow.'
        : `The health endpoint (\`${healthPath}\`) gave no usable answer; open it and compare it with \`health-format\`.`;
    case 'rules':
      return 'Look at the triggered alert rules; fix the app, or adjust their thresholds in the config file.';
    case 'checklist':
      return 'Complete the failed checklist items, then re-run the workflow.';
    case 'anomaly':
      return 'Compare the target with its recent history (the dashboard shows it); a deployment or a dependency usually explains the change.';
    case 'deployment-error':
      return 'Open the Vercel inspector to read the build log, fix the build, and push again.';
    case 'deployment-canceled':
      return 'Redeploy on Vercel, or point `deployment-url` / `sha` at a deployment that finished.';
    case 'wait-timeout':
      return 'Check the Vercel inspector for a stuck build; raise `wait-timeout` if builds take longer.';
    case 'unreachable':
      return 'Check that the deployment URL is right and reachable from the runner; raise `health-timeout` if it needs longer to start.';
    case 'protected':
      return 'Pass the Vercel "Protection Bypass for Automation" secret as `protection-bypass`.';
    case 'not-found':
      return `Check \`health-path\` (\`${healthPath}\`) and that this deployment ships the endpoint; for lookups, check \`vercel-project\` and \`sha\`.`;
    case 'cancelled':
      return 'The run was cancelled before a verdict; re-run the workflow to check the deployment.';
    case 'config':
      return 'Fix the configuration problem the message names, then re-run the workflow.';
  }
}
