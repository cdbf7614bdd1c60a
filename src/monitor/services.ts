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
    const [{ openHistoryStore, HistoryConfigError }, { workspaceHistoryStore }] = await Promise.all([
      import('../history/open-store.js'),
      import('../history/workspace-store.js'),
    ]);
    try {
      return workspaceHistoryStore({
        history: settings.history,
        token: settings.gate.githubToken,
        context,
        deps,
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
