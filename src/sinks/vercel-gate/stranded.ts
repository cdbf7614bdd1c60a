import { asString, get } from '../../clients/untyped.js';
import type { Deps } from '../../model/deps.js';
import type { RunContext } from '../../model/run-context.js';
import type { Settings } from '../../settings/settings.js';
import { untrusted } from '../../util/text.js';
import { type VercelGatePolicy, vercelGatePolicy } from './policy.js';
import { inSession, VercelSession } from './session.js';
import { checkRunExternalId, VERCEL_STATE } from './state.js';
import type { VercelCheckConclusion } from './types.js';
import { expectOk } from './vercel-facts.js';

/** What the post step has: the project's settings, the run, and the main step's state (`core.getState`). */
export interface StrandedVercelOptions {
  settings: Settings;
  context: RunContext;
  deps: Deps;
  getState: (name: string) => string;
  /** Shorter budgets for tests. */
  policy?: Partial<VercelGatePolicy> | undefined;
}

/** Conclusions the main step may have saved; anything else (nothing saved) is `canceled`. */
const SAVED_CONCLUSIONS = new Set<VercelCheckConclusion>([
  'succeeded',
  'failed',
  'neutral',
  'canceled',
  'timeout',
]);

const STOPPED_TEXT =
  'The deployment health gate stopped before its verdict (cancelled or killed): the deployment was not ' +
  'checked. Re-run the job to check it.';

/** The whole post-step job: a few requests, each with the gate's retries; Vercel that hangs ends it here. */
const POST_BUDGET_MS = 15_000;

/**
 * The post step's half for Vercel, as `completeStranded` is GitHub's: completes the Vercel check run the
 * main step started and did not record as completed — with the conclusion the main step saved before its
 * final write (it reached a verdict, the write failed or was killed), else `canceled`, which blocks, as a
 * deployment nobody checked must. After a clean finish (`completed`) or when no run was started it makes no
 * request at all; it reads before it writes, so a second run writes nothing. Never throws.
 */
export async function completeStrandedVercelCheck(options: StrandedVercelOptions): Promise<void> {
  const { settings, context, deps, getState } = options;
  if (getState(VERCEL_STATE.completed) === 'true') return;
  const deploymentId = getState(VERCEL_STATE.deploymentId).trim();
  if (!deploymentId || !settings.vercel.token) return;
  const runId = getState(VERCEL_STATE.runId).trim();
  const checkId = getState(VERCEL_STATE.checkId).trim();
  if (!runId && !checkId) return;

  const policy = vercelGatePolicy({ checkBudgetMs: POST_BUDGET_MS, ...options.policy });
  const session = new VercelSession(settings, deps, policy, { budgetMs: policy.checkBudgetMs, sha: '' });
  const saved = getState(VERCEL_STATE.conclusion) as VercelCheckConclusion;
  const reached = SAVED_CONCLUSIONS.has(saved);
  const conclusion: VercelCheckConclusion = reached ? saved : 'canceled';
  const conclusionText = (reached && getState(VERCEL_STATE.conclusionText)) || STOPPED_TEXT;
  const externalUrl = getState(VERCEL_STATE.externalUrl) || context.runUrl || undefined;
  const why = reached
    ? 'the gate reached this verdict but could not write it'
    : 'the gate stopped before its verdict';
  const runs = `/v2/deployments/${encodeURIComponent(deploymentId)}/check-runs`;

  const done = await inSession(
    session,
    'completing the Vercel check run a stopped run left open',
    async (s) => {
      const open = runId
        ? await openRunById(s, runs, runId)
        : await openRunsOfCheck(s, runs, checkId, checkRunExternalId(context));
      for (const id of open) {
        await expectOk(s, 'check', 'PATCH', `${runs}/${encodeURIComponent(id)}`, {
          body: {
            status: 'completed',
            conclusion,
            conclusionText: untrusted(conclusionText, 200),
            ...(externalUrl ? { externalUrl } : {}),
          },
          notFound: 'refuse',
        });
        deps.logger.info(
          `Completed Vercel check run ${untrusted(id, 80)} of ${untrusted(deploymentId, 80)} as ${conclusion}: ${why}.`,
        );
      }
    },
  );
  if (!done.ok) {
    deps.logger.warning(
      `The Vercel check run of ${untrusted(deploymentId, 80)} may still be open: ${done.problem} ` +
        'A check that blocks promotion holds the deployment until it is completed or Vercel times it out; ' +
        're-run the job.',
    );
  }
}

/** The saved run, when it is not completed yet (404: gone, nothing to do). */
async function openRunById(session: VercelSession, runs: string, runId: string): Promise<string[]> {
  const answer = await expectOk(session, 'check', 'GET', `${runs}/${encodeURIComponent(runId)}`);
  if (!answer) return [];
  return asString(get(answer.data, 'status')) === 'completed' ? [] : [runId];
}

/**
 * A creation the kill cut off before the run's id was saved: the open runs of the check on the deployment
 * that carry this attempt's `externalId`, or none yet (a run is created without one). Another attempt's runs
 * are left alone.
 */
async function openRunsOfCheck(
  session: VercelSession,
  runs: string,
  checkId: string,
  ours: string,
): Promise<string[]> {
  const answer = await expectOk(session, 'check', 'GET', runs);
  const list = get(answer?.data, 'runs');
  return (Array.isArray(list) ? list : [])
    .filter((run) => asString(get(run, 'checkId')) === checkId)
    .filter((run) => asString(get(run, 'status')) !== 'completed')
    .filter((run) => {
      const external = asString(get(run, 'externalId'));
      return external === undefined || external === ours;
    })
    .map((run) => asString(get(run, 'id')))
    .filter((id): id is string => id !== undefined);
}
