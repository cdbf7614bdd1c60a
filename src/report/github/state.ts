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
  deploymentId: 'github-deployment-id',
  deploymentFinished: 'github-deployment-status-finished',
  /** The deployment URL, so a status written by the post step still links to it. */
  deploymentUrl: 'github-deployment-url',
} as const;

export type SaveState = (name: string, value: string) => void;
export type GetState = (name: string) => string;
