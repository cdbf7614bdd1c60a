import type { RunContext } from '../../model/run-context.js';

/**
 * What the main step leaves for the post step about the Vercel check run, in GITHUB_STATE (per project in a
 * monorepo: the runner prefixes each name, see `statePrefix`). `core.saveState` appends to the file at once,
 * so these survive a SIGKILL; the post step completes a run recorded as started and not as completed.
 */
export const VERCEL_STATE = {
  /** The deployment whose check run the gate opened (or was about to create): saved before the write. */
  deploymentId: 'vercel-check-deployment-id',
  /**
   * The project check whose run is being created, saved before the request: a creation the kill cut off may
   * still have happened, and the post step then finds the open run of this check on the deployment.
   */
  checkId: 'vercel-check-id',
  /** The check run, once created or found. */
  runId: 'vercel-check-run-id',
  /** `true` once Vercel accepted the completion: the post step then makes no Vercel request at all. */
  completed: 'vercel-check-completed',
  /**
   * The conclusion the main step means to complete the run with, saved before it tries: when that write
   * fails (Vercel down, a kill), the post step completes the run with it instead of `canceled`.
   */
  conclusion: 'vercel-check-conclusion',
  /** That conclusion's one-line text. */
  conclusionText: 'vercel-check-conclusion-text',
  /** Where the run links to (the GitHub check run, else the workflow run). */
  externalUrl: 'vercel-check-external-url',
} as const;

/**
 * The `externalId` the gate gives its check runs: this workflow run's attempt. The post step completes only
 * an open run with this id (or none yet, for a creation the kill cut off), never another attempt's.
 */
export function checkRunExternalId(context: Pick<RunContext, 'runId' | 'runAttempt'>): string {
  return `deployment-health-gate:${context.runId || 'local'}:${context.runAttempt || '1'}`;
}
