import type { RunResult } from '../../model/run-result.js';

export type CheckConclusion = 'success' | 'neutral' | 'failure' | 'timed_out' | 'cancelled';
export type DeploymentState = 'success' | 'failure' | 'error';

/** Whether the run was stopped by the runner rather than ending on its own. */
export function wasCancelled(run: RunResult): boolean {
  return run.verdict.reason === 'cancelled';
}

/**
 * The check run's conclusion. Branch protection and Vercel Deployment Checks block on anything but success,
 * neutral and skipped, so a verdict the gate lets through must never be `failure`.
 */
export function checkConclusion(run: RunResult): CheckConclusion {
  const { reason, status } = run.verdict;
  if (reason === 'cancelled') return 'cancelled';
  if (reason === 'wait-timeout') return 'timed_out';
  if (run.gateFailed) return 'failure';
  return status === 'healthy' ? 'success' : 'neutral';
}

/**
 * The deployment status: `error` when the gate could not judge the deployment (cancelled, never READY in
 * time, misconfigured), `failure` when it judged it unhealthy or the gate fails, `success` otherwise (a
 * degraded deployment the gate lets through).
 */
export function deploymentState(run: RunResult): DeploymentState {
  const { reason, status } = run.verdict;
  if (reason === 'cancelled' || reason === 'wait-timeout' || reason === 'config') return 'error';
  if (run.gateFailed || status === 'unhealthy') return 'failure';
  return 'success';
}
