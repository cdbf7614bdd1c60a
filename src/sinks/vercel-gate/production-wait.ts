import { backoffDelay } from '../../clients/backoff.js';
import { Interrupted, TransientFailure } from '../../clients/errors.js';
import { Deadline } from '../../util/deadline.js';
import type { VercelGatePolicy } from './policy.js';
import { VercelRefused } from './refusal.js';
import type { VercelSession } from './session.js';
import { type ProjectFacts, readProject } from './vercel-facts.js';

export type SwitchOutcome =
  /** `facts`: the project as the last poll read it (its `lastAliasRequest` says what was replaced). */
  | { kind: 'done'; elapsedMs: number; polls: number; facts?: ProjectFacts | undefined }
  | { kind: 'failed'; elapsedMs: number; polls: number; jobStatus: string }
  /** Not confirmed in time; `why` when something other than the wait's own timeout ended it. */
  | { kind: 'pending'; elapsedMs: number; polls: number; why?: string | undefined };

/**
 * After a promote or rollback request, Vercel moves the production domains asynchronously. Reads the
 * project until it serves `deploymentId` in production (or Vercel's `lastAliasRequest` for it says
 * `succeeded`), until that job says `failed`/`skipped`, or until `aliasTimeoutMs` passes (within the
 * session's budget).
 */
export async function waitForProduction(
  session: VercelSession,
  policy: VercelGatePolicy,
  project: string,
  deploymentId: string,
  kind: 'promote' | 'rollback',
): Promise<SwitchOutcome> {
  const { ctx } = session;
  const deadline = new Deadline(ctx.deps.clock, Math.min(policy.aliasTimeoutMs, ctx.deadline.remainingMs()));
  let polls = 0;
  for (;;) {
    let facts: ProjectFacts | undefined;
    try {
      facts = await readProject(session, kind, project);
    } catch (error) {
      // Vercel accepted the request: whatever ends the wait now, the record must say it may be under way.
      const why = whyStopped(error);
      if (why === undefined) throw error;
      return { kind: 'pending', elapsedMs: deadline.elapsedMs(), polls, why };
    }
    polls++;
    const state = switchState(facts, deploymentId, kind);
    if (state === 'done') return { kind: 'done', elapsedMs: deadline.elapsedMs(), polls, facts };
    if (state !== 'waiting')
      return { kind: 'failed', elapsedMs: deadline.elapsedMs(), polls, jobStatus: state };
    if (deadline.expired()) return { kind: 'pending', elapsedMs: deadline.elapsedMs(), polls };
    try {
      // The last poll lands on the deadline: a switch that finishes just in time still counts.
      await ctx.sleep(deadline.clamp(backoffDelay(polls - 1, policy.aliasPoll, ctx.deps.random)));
    } catch (error) {
      const why = whyStopped(error);
      if (why === undefined) throw error;
      return { kind: 'pending', elapsedMs: deadline.elapsedMs(), polls, why };
    }
  }
}

function whyStopped(error: unknown): string | undefined {
  if (error instanceof Interrupted) {
    return error.why === 'cancelled' ? 'the run was cancelled' : "the gate's Vercel budget ran out";
  }
  if (error instanceof TransientFailure || error instanceof VercelRefused) return error.message;
  return undefined;
}

/** `done`, `waiting`, or the job status that ended it (`failed`, `skipped`). */
function switchState(facts: ProjectFacts | undefined, deploymentId: string, kind: string): string {
  if (facts?.production?.id === deploymentId) return 'done';
  const job = facts?.lastAliasRequest;
  if (!job || job.toDeploymentId !== deploymentId || (job.type && job.type !== kind)) return 'waiting';
  if (job.jobStatus === 'succeeded') return 'done';
  if (job.jobStatus === 'failed' || job.jobStatus === 'skipped') return job.jobStatus;
  return 'waiting';
}
