// GitHub reports: the check run and the deployment status, written while the gate works and completed with
// its verdict; the post step's clean-up of what a killed run left open; recognising the action's own events.

import type { RunContext } from '../../model/run-context.js';
import type { Settings } from '../../settings/settings.js';
import { settlesWithin } from '../../util/clock.js';
import { untrusted } from '../../util/text.js';
import { noSink } from '../sink.js';
import { GitHubAccess } from './access.js';
import { CheckRunReport } from './check-run.js';
import { DeploymentStatusReport } from './deployment-status.js';
import type { GitHubReports, GitHubReportsOptions } from './options.js';
import { checkConclusion, deploymentState } from './outcome.js';
import { budgetText, CUT_OFF_SETTLE_MS, REPORT_BUDGET_MS, type ReportEnv } from './report-env.js';

export {
  createGitHubClient,
  type GitHubClient,
  type GitHubClientTuning,
} from '../../clients/github-octokit.js';
export type { AnnotationSubject, Locate } from './check-run-annotations.js';
export { locateInConfig } from './config-location.js';
export type { GitHubReports, GitHubReportsOptions } from './options.js';
export { isOwnDeploymentStatusEvent } from './own-status.js';
export { REPORT_BUDGET_MS } from './report-env.js';
export { STATE as GITHUB_REPORT_STATE } from './state.js';
export { completeStranded } from './stranded.js';
export type { SourceLocation } from './workflow-location.js';

const noReports: GitHubReports = { ...noSink, finish: async () => ({}) };

/**
 * Why the check run and deployment status the `report` input asks for cannot be written in this run (no
 * `github-token`, no `GITHUB_REPOSITORY`), as one line for the log that says how to have them; undefined
 * when they can be (or none is asked for).
 */
export function githubReportsUnavailable(
  settings: Pick<Settings, 'reports' | 'githubToken'>,
  context: Pick<RunContext, 'owner' | 'repo'>,
): string | undefined {
  const wanted = [
    settings.reports.has('check-run') ? { what: 'check run', permission: 'checks: write' } : undefined,
    settings.reports.has('deployment-status')
      ? { what: 'deployment status', permission: 'deployments: write' }
      : undefined,
  ].filter((w) => w !== undefined);
  if (wanted.length === 0) return undefined;
  const what = wanted.map((w) => `the ${w.what}`).join(' and ');
  const permissions = wanted.map((w) => w.permission).join(', ');
  const instead = 'the job summary, annotations and outputs still report, and the verdict decides the step';
  if (!settings.githubToken) {
    return (
      `No \`github-token\`, so ${what} ${wanted.length > 1 ? 'are' : 'is'} not written to GitHub (${instead}). ` +
      `To have ${wanted.length > 1 ? 'them' : 'it'}, pass \`github-token: \${{ github.token }}\` (the default) and ` +
      `give the job \`permissions: { contents: read, ${permissions} }\`; to drop this note, leave ` +
      `${wanted.length > 1 ? 'them' : 'it'} out of \`report\`.`
    );
  }
  if (!context.owner || !context.repo) {
    return (
      `\`GITHUB_REPOSITORY\` is not set, so the gate does not know which repository to write ${what} to, and ` +
      `skips ${wanted.length > 1 ? 'them' : 'it'} (${instead}). Inside GitHub Actions the runner sets it; ` +
      'elsewhere set `GITHUB_REPOSITORY=owner/repo`.'
    );
  }
  return undefined;
}

/**
 * The check run and deployment status the `report` input asks for, as a pipeline observer. Observer calls
 * queue their writes and return at once; `finish` waits for them (briefly, when the run was cancelled), all
 * of them within one time budget (`REPORT_BUDGET_MS`): past it the requests still in flight are aborted, one
 * warning names what was not written, and `finish` returns, the verdict unchanged.
 */
export function createGitHubReports(options: GitHubReportsOptions): GitHubReports {
  const { octokit, settings, context, deps } = options;
  if (!octokit || !context.owner || !context.repo) return noReports;
  const wantCheckRun = settings.reports.has('check-run');
  const wantStatus = settings.reports.has('deployment-status');
  if (!wantCheckRun && !wantStatus) return noReports;

  const cutOff = new AbortController();
  const access = new GitHubAccess(context, deps.logger, cutOff.signal);
  const env: ReportEnv = {
    octokit,
    settings,
    context,
    deps,
    access,
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
      const budgetMs = options.budgetMs ?? REPORT_BUDGET_MS;
      let checkRunSettled = checkRun === undefined;
      let statusSettled = status === undefined;
      const work = Promise.all([
        checkRun?.finish(run).finally(() => {
          checkRunSettled = true;
        }),
        status?.finish(run).finally(() => {
          statusSettled = true;
        }),
      ]).catch((error: unknown) => {
        deps.logger.warning(`GitHub reports could not be completed: ${untrusted(String(error))}`);
      });
      if (await settlesWithin(deps.clock, budgetMs, work)) return checkRun?.reference() ?? {};

      // What is still under way now will not be written: its requests are aborted and not retried.
      const unwritten = [
        checkRunSettled || !checkRun
          ? undefined
          : `the check run${checkRun.reference().checkRunId === undefined ? '' : "'s completion"} (\`${checkConclusion(run)}\`)`,
        statusSettled ? undefined : `the deployment status (\`${deploymentState(run)}\`)`,
      ].filter((u) => u !== undefined);
      cutOff.abort();
      await settlesWithin(deps.clock, CUT_OFF_SETTLE_MS, work);
      if (unwritten.length > 0) {
        deps.logger.warning(
          `GitHub did not take the reports within ${budgetText(budgetMs)} of the verdict, so the gate stopped ` +
            `waiting: ${unwritten.join(' and ')} ${unwritten.length > 1 ? 'were' : 'was'} not written. The verdict ` +
            'stands and decides the step (the job summary and outputs have it); the post step completes what it can.',
        );
      }
      return checkRun?.reference() ?? {};
    },
  };
}
