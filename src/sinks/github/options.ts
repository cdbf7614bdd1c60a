import type { GitHubClient } from '../../clients/github-octokit.js';
import type { Deps } from '../../model/deps.js';
import type { RunContext } from '../../model/run-context.js';
import type { RunResult } from '../../model/run-result.js';
import type { Settings } from '../../settings/settings.js';
import type { Progress } from '../sink.js';
import type { Locate } from './check-run-annotations.js';

export interface GitHubReportsOptions {
  /** Undefined when there is no token: every report is skipped. */
  octokit: GitHubClient | undefined;
  settings: Settings;
  context: RunContext;
  deps: Deps;
  /** `core.saveState`: records what is open, for the post step, the moment it opens. */
  saveState: (name: string, value: string) => void;
  /** Where a rule or checklist item is defined (config file line); annotations point at the workflow otherwise. */
  locate?: Locate;
  /** Time for every report write after the verdict (default `REPORT_BUDGET_MS`; tests shorten it). */
  budgetMs?: number;
}

export interface GitHubReports extends Progress {
  /** Completes every report with the verdict. Never throws; problems are warnings. */
  finish(run: RunResult): Promise<{ checkRunId?: number; checkRunUrl?: string }>;
}
