/**
 * What the main step leaves for the post step in GITHUB_STATE. `core.saveState` appends to the file at once,
 * so these survive a SIGKILL; the post step completes whatever is recorded as opened and not finished.
 */
export const STATE = {
  checkRunId: 'github-check-run-id',
  /**
   * The commit a check run is being created on, saved before the request: a creation cut off by SIGKILL may
   * still have happened, and the post step finds it by name and `external_id` on this commit.
   */
  checkRunSha: 'github-check-run-sha',
  checkRunCompleted: 'github-check-run-completed',
  /**
   * The conclusion the main step means to complete the check run with, saved before it tries: when that
   * write fails (GitHub down, a cancel meeting a slow GitHub, a kill), the post step completes the check run
   * with the real verdict instead of `cancelled`. Not saved for a cancelled run: that is the post step's default.
   */
  checkRunConclusion: 'github-check-run-conclusion',
  /** The verdict's title (`🔴 Unhealthy — endpoint`), for the check run the post step completes. */
  checkRunTitle: 'github-check-run-title',
  /** The verdict's message in one short line (escaped, secrets masked), for that check run's summary. */
  checkRunMessage: 'github-check-run-message',
  deploymentId: 'github-deployment-id',
  deploymentFinished: 'github-deployment-status-finished',
  /** The final deployment status the main step means to write (`success`, `failure`, `error`), saved before it tries. */
  deploymentState: 'github-deployment-status-state',
  /** That status's text (without the `[check-name]` marker). */
  deploymentText: 'github-deployment-status-text',
  /** The deployment URL, so a status written by the post step still links to it. */
  deploymentUrl: 'github-deployment-url',
} as const;

export type SaveState = (name: string, value: string) => void;
export type GetState = (name: string) => string;
