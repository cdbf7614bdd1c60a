import type { GitHubClient } from '../../clients/github-octokit.js';
import { asString, get } from '../../clients/untyped.js';
import { settlesWithin } from '../../util/clock.js';
import { untrusted } from '../../util/text.js';
import { GitHubAccess } from './access.js';
import { externalId } from './check-run.js';
import { type CheckOutput, savedVerdictOutput, strandedOutput } from './check-run-output.js';
import { postDeploymentStatus } from './deployment-status.js';
import type { GitHubReportsOptions } from './options.js';
import type { CheckConclusion, DeploymentState } from './outcome.js';
import { isOwnStatus, STRANDED_TEXT, statusDescription } from './own-status.js';
import { budgetText, CUT_OFF_SETTLE_MS, FULL_SHA, REPORT_BUDGET_MS } from './report-env.js';
import { type GetState, STATE } from './state.js';

/** What the post step has: the main step's options without `saveState`, and `core.getState` instead. */
export type StrandedOptions = Omit<GitHubReportsOptions, 'saveState'> & { getState: GetState };

/** States in which a deployment status is still open: the gate said it was checking and never said more. */
const OPEN_STATES = new Set(['in_progress', 'queued', 'pending']);

/** Conclusions a saved verdict may carry; `cancelled` is the default and needs no saving. */
const VERDICT_CONCLUSIONS = new Set<CheckConclusion>(['success', 'neutral', 'failure', 'timed_out']);
const DEPLOYMENT_STATES = new Set<DeploymentState>(['success', 'failure', 'error']);

/**
 * The post step (`post-if: always()`): completes what the main step left open. Only what the main step did
 * not record as completed is looked at, so after a clean finish it makes no request at all. A check run
 * still not completed gets the verdict the main step reached and saved but could not write (GitHub failed,
 * or a cancel or kill cut the write off), else `cancelled` with a summary that says the deployment was not
 * checked; the deployment status, when the action's own `in_progress` is still the latest, gets the saved
 * final status, else `error`. Reads before it writes, so a second run writes nothing. All of it within
 * `REPORT_BUDGET_MS`, as the main step's reports: then a warning says what may still be open. Never throws.
 */
export async function completeStranded(options: StrandedOptions): Promise<void> {
  const { octokit, context, deps, getState } = options;
  if (!octokit) return;
  // The same time budget as the main step's reports: a GitHub that hangs must not hold the job here either.
  const cutOff = new AbortController();
  const access = new GitHubAccess(context, deps.logger, cutOff.signal);
  const env = { ...options, octokit, access };
  const open: string[] = [];
  const track = (what: string, work: Promise<void>) => {
    open.push(what);
    return work.finally(() => open.splice(open.indexOf(what), 1));
  };
  const work = Promise.all([
    getState(STATE.checkRunCompleted) === 'true'
      ? undefined
      : track(
          'the check run',
          completeCheckRuns(env, getState(STATE.checkRunSha), idFrom(getState(STATE.checkRunId))),
        ),
    getState(STATE.deploymentFinished) === 'true'
      ? undefined
      : track(
          'the deployment status',
          finishDeploymentStatus(env, idFrom(getState(STATE.deploymentId)), getState(STATE.deploymentUrl)),
        ),
  ]).catch((error: unknown) => {
    deps.logger.warning(
      `Could not complete the GitHub reports a stopped run left open: ${untrusted(String(error))}`,
    );
  });
  const budgetMs = options.budgetMs ?? REPORT_BUDGET_MS;
  if (await settlesWithin(deps.clock, budgetMs, work)) return;
  const left = [...open];
  cutOff.abort();
  await settlesWithin(deps.clock, CUT_OFF_SETTLE_MS, work);
  if (left.length === 0) return;
  deps.logger.warning(
    `GitHub did not answer within ${budgetText(budgetMs)}, so the post step stopped: ${left.join(' and ')} ` +
      'may still be open on GitHub. The job summary has the verdict.',
  );
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
    const listed = await access.call('checks', `list the check runs of ${sha.slice(0, 7)}`, (signal) =>
      octokit.request('GET /repos/{owner}/{repo}/commits/{ref}/check-runs', {
        owner: context.owner,
        repo: context.repo,
        ref: sha,
        check_name: settings.checkName,
        filter: 'all',
        per_page: 100,
        request: { signal },
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
      (signal) =>
        octokit.request('GET /repos/{owner}/{repo}/check-runs/{check_run_id}', {
          owner: context.owner,
          repo: context.repo,
          check_run_id: savedId,
          request: { signal },
        }),
      (failure) => failure.status === 404,
    );
    if (current && current.data.status !== 'completed') open = [savedId];
  }
  if (open.length === 0) return;
  const verdict = savedVerdict(env);
  for (const id of open) await completeCheckRun(env, id, verdict);
}

interface Completion {
  conclusion: CheckConclusion;
  output: CheckOutput;
  /** Why the post step writes it, for the log. */
  why: string;
}

/** The verdict the main step saved before its final write, when it reached one; else `cancelled`. */
function savedVerdict(env: Env): Completion {
  const { getState, context } = env;
  const conclusion = getState(STATE.checkRunConclusion) as CheckConclusion;
  if (VERDICT_CONCLUSIONS.has(conclusion)) {
    return {
      conclusion,
      output: savedVerdictOutput(
        { title: getState(STATE.checkRunTitle), message: getState(STATE.checkRunMessage) },
        context,
      ),
      why: 'the gate reached this verdict but could not write it',
    };
  }
  return {
    conclusion: 'cancelled',
    output: strandedOutput(context),
    why: 'the gate stopped before its verdict',
  };
}

async function completeCheckRun(env: Env, id: number, completion: Completion): Promise<void> {
  const { octokit, context, access, deps } = env;
  const { conclusion, output, why } = completion;
  const done = await access.call('checks', `complete check run ${id} as ${conclusion}`, (signal) =>
    octokit.request('PATCH /repos/{owner}/{repo}/check-runs/{check_run_id}', {
      owner: context.owner,
      repo: context.repo,
      check_run_id: id,
      status: 'completed',
      conclusion,
      completed_at: new Date(deps.clock.now()).toISOString(),
      output,
      request: { signal },
    }),
  );
  if (done) deps.logger.info(`Completed check run ${id} as ${conclusion}: ${why}.`);
}

async function finishDeploymentStatus(env: Env, id: number | undefined, url: string): Promise<void> {
  if (id === undefined) return;
  const { octokit, context, access, settings, deps } = env;
  const statuses = await access.call(
    'deployments',
    `read the statuses of GitHub deployment ${id}`,
    (signal) =>
      octokit.request('GET /repos/{owner}/{repo}/deployments/{deployment_id}/statuses', {
        owner: context.owner,
        repo: context.repo,
        deployment_id: id,
        per_page: 1,
        request: { signal },
      }),
    (failure) => failure.status === 404,
  );
  if (!statuses) return;
  const latest: unknown = statuses.data[0];
  // The final status the main step saved before it tried to write it, else the generic one.
  const saved = env.getState(STATE.deploymentState) as DeploymentState;
  const text = env.getState(STATE.deploymentText);
  const reached = DEPLOYMENT_STATES.has(saved) && text !== '';
  // Someone else's newer status is not the action's to overrule. A deployment without any status gets the
  // verdict the main step meant to write (its `in_progress` may not have gone out before the verdict), but
  // no "stopped before a verdict": nothing of the action's is open there.
  if (latest === undefined ? !reached : !isOwnStatus(latest, settings)) return;
  if (latest !== undefined && !OPEN_STATES.has(asString(get(latest, 'state')) ?? '')) return;
  const state = reached ? saved : 'error';
  const written = await postDeploymentStatus(
    env,
    id,
    state,
    statusDescription(settings, reached ? text : STRANDED_TEXT),
    url || undefined,
  );
  if (written) {
    const why = reached
      ? 'the gate reached this verdict but could not write it'
      : 'the gate stopped before its verdict';
    deps.logger.info(`Marked GitHub deployment ${id} as ${state}: ${why}.`);
  }
}
