import { asString, get } from '../../resolve/sha.js';
import { untrusted } from '../../util/text.js';
import { GitHubAccess } from './access.js';
import { externalId } from './check-run.js';
import { strandedOutput } from './check-run-output.js';
import type { GitHubClient } from './client.js';
import { postDeploymentStatus } from './deployment-status.js';
import type { GitHubReportsOptions } from './options.js';
import { isOwnStatus, STRANDED_TEXT, statusDescription } from './own-status.js';
import { FULL_SHA } from './report-env.js';
import { type GetState, STATE } from './state.js';

/** What the post step has: the main step's options without `saveState`, and `core.getState` instead. */
export type StrandedOptions = Omit<GitHubReportsOptions, 'saveState'> & { getState: GetState };

/** States in which a deployment status is still open: the gate said it was checking and never said more. */
const OPEN_STATES = new Set(['in_progress', 'queued', 'pending']);

/**
 * The post step (`post-if: always()`): completes what a killed main step left open. The check run, when still
 * not completed, becomes `cancelled` with a summary that says the deployment was not checked; the deployment
 * status, when the action's own `in_progress` is still the latest, becomes `error`. Reads before it writes,
 * so a second run, or a run after a clean finish, writes nothing. Never throws.
 */
export async function completeStranded(options: StrandedOptions): Promise<void> {
  const { octokit, context, deps, getState } = options;
  if (!octokit) return;
  const access = new GitHubAccess(context, deps.logger);
  const env = { ...options, octokit, access };
  try {
    await Promise.all([
      getState(STATE.checkRunCompleted) === 'true'
        ? undefined
        : completeCheckRuns(env, getState(STATE.checkRunSha), idFrom(getState(STATE.checkRunId))),
      getState(STATE.deploymentFinished) === 'true'
        ? undefined
        : finishDeploymentStatus(env, idFrom(getState(STATE.deploymentId)), getState(STATE.deploymentUrl)),
    ]);
  } catch (error) {
    deps.logger.warning(
      `Could not complete the GitHub reports a stopped run left open: ${untrusted(String(error))}`,
    );
  }
}

type Env = StrandedOptions & { octokit: GitHubClient; access: GitHubAccess };

function idFrom(value: string): number | undefined {
  return /^\d{1,16}$/.test(value.trim()) ? Number(value.trim()) : undefined;
}

/**
 * The action's open check runs: by name and this attempt's `external_id` on the commit (which also finds one
 * whose creation the kill cut off before its id was saved), else the saved id.
 */
async function completeCheckRuns(env: Env, sha: string, savedId: number | undefined): Promise<void> {
  const { octokit, context, settings, access } = env;
  let open: number[] = [];
  if (FULL_SHA.test(sha)) {
    const listed = await access.call('checks', `list the check runs of ${sha.slice(0, 7)}`, () =>
      octokit.request('GET /repos/{owner}/{repo}/commits/{ref}/check-runs', {
        owner: context.owner,
        repo: context.repo,
        ref: sha,
        check_name: settings.checkName,
        filter: 'all',
        per_page: 100,
      }),
    );
    const ours = externalId(env);
    open = (listed?.data.check_runs ?? [])
      .filter((run) => run.external_id === ours && run.status !== 'completed')
      .map((run) => Number(run.id));
  } else if (savedId !== undefined) {
    const current = await access.call(
      'checks',
      `read check run ${savedId}`,
      () =>
        octokit.request('GET /repos/{owner}/{repo}/check-runs/{check_run_id}', {
          owner: context.owner,
          repo: context.repo,
          check_run_id: savedId,
        }),
      (failure) => failure.status === 404,
    );
    if (current && current.data.status !== 'completed') open = [savedId];
  }
  for (const id of open) await cancelCheckRun(env, id);
}

async function cancelCheckRun(env: Env, id: number): Promise<void> {
  const { octokit, context, access, deps } = env;
  const done = await access.call('checks', `complete check run ${id} as cancelled`, () =>
    octokit.request('PATCH /repos/{owner}/{repo}/check-runs/{check_run_id}', {
      owner: context.owner,
      repo: context.repo,
      check_run_id: id,
      status: 'completed',
      conclusion: 'cancelled',
      completed_at: new Date(deps.clock.now()).toISOString(),
      output: strandedOutput(context),
    }),
  );
  if (done) deps.logger.info(`Completed check run ${id} as cancelled: the gate stopped before its verdict.`);
}

async function finishDeploymentStatus(env: Env, id: number | undefined, url: string): Promise<void> {
  if (id === undefined) return;
  const { octokit, context, access, settings, deps } = env;
  const statuses = await access.call(
    'deployments',
    `read the statuses of GitHub deployment ${id}`,
    () =>
      octokit.request('GET /repos/{owner}/{repo}/deployments/{deployment_id}/statuses', {
        owner: context.owner,
        repo: context.repo,
        deployment_id: id,
        per_page: 1,
      }),
    (failure) => failure.status === 404,
  );
  const latest: unknown = statuses?.data[0];
  // Someone else's newer status (or none at all) is not the action's to overrule.
  if (!latest || !isOwnStatus(latest, settings)) return;
  if (!OPEN_STATES.has(asString(get(latest, 'state')) ?? '')) return;
  const written = await postDeploymentStatus(
    env,
    id,
    'error',
    statusDescription(settings, STRANDED_TEXT),
    url || undefined,
  );
  if (written)
    deps.logger.info(`Marked GitHub deployment ${id} as error: the gate stopped before its verdict.`);
}
