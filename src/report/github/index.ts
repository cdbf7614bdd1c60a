// GitHub reports: the check run and the deployment status, written while the gate works and completed with
// its verdict; the post step's clean-up of what a killed run left open; recognising the action's own events.

import { untrusted } from '../../util/text.js';
import { GitHubAccess } from './access.js';
import { CheckRunReport } from './check-run.js';
import { DeploymentStatusReport } from './deployment-status.js';
import type { GitHubReports, GitHubReportsOptions } from './options.js';
import type { ReportEnv } from './report-env.js';

export type { AnnotationSubject, Locate } from './check-run-annotations.js';
export { createGitHubClient, type GitHubClient, type GitHubClientTuning } from './client.js';
export { locateInConfig } from './config-location.js';
export type { GitHubReports, GitHubReportsOptions } from './options.js';
export { isOwnDeploymentStatusEvent } from './own-status.js';
export { STATE as GITHUB_REPORT_STATE } from './state.js';
export { completeStranded } from './stranded.js';
export type { SourceLocation } from './workflow-location.js';

const noReports: GitHubReports = {
  started: async () => undefined,
  phase: async () => undefined,
  resolved: async () => undefined,
  finish: async () => ({}),
};

/**
 * The check run and deployment status the `report` input asks for, as a pipeline observer. Observer calls
 * queue their writes and return at once; `finish` waits for them (briefly, when the run was cancelled).
 */
export function createGitHubReports(options: GitHubReportsOptions): GitHubReports {
  const { octokit, settings, context, deps } = options;
  if (!octokit) return noReports;
  const wantCheckRun = settings.reports.has('check-run');
  const wantStatus = settings.reports.has('deployment-status');
  if (!wantCheckRun && !wantStatus) return noReports;

  const env: ReportEnv = {
    octokit,
    settings,
    context,
    deps,
    access: new GitHubAccess(context, deps.logger),
    saveState: (name, value) => {
      try {
        options.saveState(name, value);
      } catch (error) {
        deps.logger.warning(`Could not record ${name} for the post step: ${untrusted(String(error))}`);
      }
    },
  };
  const checkRun = wantCheckRun ? new CheckRunReport(env, options.locate) : undefined;
  const status = wantStatus ? new DeploymentStatusReport(env) : undefined;

  // Observer calls only queue work; a bug here must still not reach the pipeline.
  const guard = (what: string, work: () => void) => {
    try {
      work();
    } catch (error) {
      deps.logger.warning(`GitHub reports: ${what} failed: ${untrusted(String(error))}`);
    }
  };

  return {
    async started(info) {
      guard('start', () => {
        checkRun?.started(info.sha);
        status?.started(info);
      });
    },
    async phase(phase, detail) {
      guard('phase update', () => checkRun?.phase(phase, detail));
    },
    async resolved(outcome) {
      guard('resolution update', () => {
        checkRun?.resolved(outcome);
        status?.resolved(outcome);
      });
    },
    async finish(run) {
      try {
        const [ref] = await Promise.all([checkRun?.finish(run), status?.finish(run)]);
        return ref ?? {};
      } catch (error) {
        deps.logger.warning(`GitHub reports could not be completed: ${untrusted(String(error))}`);
        return {};
      }
    },
  };
}
