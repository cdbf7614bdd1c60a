import type { GitHubClient } from '../../clients/github-octokit.js';
import type { Deps } from '../../model/deps.js';
import type { RunContext } from '../../model/run-context.js';
import type { RunResult } from '../../model/run-result.js';
import type { Settings } from '../../settings/settings.js';
import type { GitHubAccess } from './access.js';
import type { SaveState } from './state.js';

/** What each GitHub report needs: the client, the run's facts, and the shared failure handling. */
export interface ReportEnv {
  octokit: GitHubClient;
  settings: Settings;
  context: RunContext;
  deps: Deps;
  access: GitHubAccess;
  saveState: SaveState;
}

/**
 * After cancellation the runner sends SIGKILL 7.5 s after SIGTERM: queued progress updates get this long to
 * drain before the final write goes out regardless. As long as the client's `cancelledTimeoutMs`, so a
 * request in flight at the cancel has ended (answered or cut off) by then.
 */
export const CANCEL_GRACE_MS = 2000;

/**
 * The time all GitHub report writes after the verdict get together: completing the check run (with its
 * annotations), the deployment status, and whatever was still queued from the run (a creation in flight).
 * A GitHub that hangs or refuses connections must not hold the job for minutes: past this the verdict stands,
 * the requests still in flight are aborted, one warning names what was not written, and the step ends; the
 * post step completes what it can.
 */
export const REPORT_BUDGET_MS = 15_000;

/**
 * After the budget, how long the aborted calls get to settle (their requests end at once; a retry wait
 * already scheduled may not) before the reports give up on them.
 */
export const CUT_OFF_SETTLE_MS = 1000;

/** The budget as the warnings quote it: `15 s`. */
export function budgetText(ms: number): string {
  return ms >= 1000 ? `${Math.round(ms / 100) / 10} s` : `${ms} ms`;
}

/** A run cut short by the runner: finish in one quick write per report. */
export function inAHurry(run: RunResult, deps: Deps): boolean {
  return deps.signal.aborted || run.verdict.reason === 'cancelled';
}

export const FULL_SHA = /^[0-9a-f]{40}$/i;
