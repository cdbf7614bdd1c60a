import { resolve } from 'node:path';
import type { HistoryStore } from '../history/types.js';
import type { Deps } from '../model/deps.js';
import type { RunContext } from '../model/run-context.js';
import type { MonitorSettings } from './settings.js';
import type { IncidentReporter } from './types.js';

/**
 * Where the monitor keeps its history and tells its incidents. The defaults (below) are the history store of
 * `history` and the reporters `incidents` and `rollbar-token` ask for; each is loaded only when used, so a
 * run with `history: none` and no incidents loads neither the Git Data client nor Rollbar's.
 */
export interface MonitorServices {
  openStore(settings: MonitorSettings, context: RunContext, deps: Deps): Promise<HistoryStore>;
  reporters(settings: MonitorSettings, context: RunContext, deps: Deps): Promise<IncidentReporter[]>;
}

export const defaultServices: MonitorServices = {
  async openStore(settings, context, deps) {
    const { openHistoryStore, HistoryConfigError } = await import('../history/open-store.js');
    const token = settings.gate.githubToken;
    try {
      // A relative folder is the workspace's (the CLI's working directory), not the process's.
      const spec =
        settings.history.kind === 'dir'
          ? { kind: 'dir' as const, path: resolve(context.workspace, settings.history.path) }
          : settings.history;
      return openHistoryStore(spec, {
        deps,
        github:
          token && context.owner && context.repo
            ? { apiUrl: context.apiUrl, token, owner: context.owner, repo: context.repo }
            : undefined,
        squashAfterMs: settings.historySquashMs,
      });
    } catch (error) {
      if (!(error instanceof HistoryConfigError)) throw error;
      // The verdict still stands without a history: a warning, and nothing is kept this run.
      deps.logger.warning(`${error.message} Nothing is recorded this run.`);
      return openHistoryStore({ kind: 'none' }, { deps });
    }
  },

  async reporters(settings, context, deps) {
    const reporters: IncidentReporter[] = [];
    const { githubToken } = settings.gate;
    if (settings.incidents === 'issue') {
      if (githubToken && context.owner && context.repo) {
        const [{ createGitHubClient }, { createGitHubIssueReporter }] = await Promise.all([
          import('../sinks/github/index.js'),
          import('../sinks/incidents/github-issues.js'),
        ]);
        reporters.push(
          createGitHubIssueReporter({
            octokit: createGitHubClient(githubToken, context, deps),
            owner: context.owner,
            repo: context.repo,
            label: settings.incidentLabel,
            deps,
          }),
        );
      } else {
        deps.logger.warning(
          'Incidents are not opened as GitHub issues: `incidents: issue` needs `github-token` and the ' +
            'repository (GITHUB_REPOSITORY); pass `github-token`, or set `incidents: none`.',
        );
      }
    }
    if (settings.gate.rollbar.token) {
      const { createRollbarIncidentReporter } = await import('../sinks/incidents/rollbar-incidents.js');
      reporters.push(
        createRollbarIncidentReporter({
          token: settings.gate.rollbar.token,
          endpoint: settings.gate.rollbar.endpoint,
          environment: settings.gate.rollbar.environment ?? 'production',
          deps,
        }),
      );
    }
    return reporters;
  },
};
