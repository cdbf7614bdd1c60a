import type { RunContext } from '../../context.js';
import type { Deps } from '../../deps.js';
import type { RunResult } from '../../run-result.js';
import type { Settings } from '../../settings/settings.js';
import type { GitHubAccess } from './access.js';
import type { GitHubClient } from './client.js';
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

/** A run cut short by the runner: finish in one quick write per report. */
export function inAHurry(run: RunResult, deps: Deps): boolean {
  return deps.signal.aborted || run.verdict.reason === 'cancelled';
}

export const FULL_SHA = /^[0-9a-f]{40}$/i;
