import { backoffDelay } from '../../clients/backoff.js';
import { Interrupted, TransientFailure } from '../../clients/errors.js';
import { untrusted } from '../../util/text.js';
import type { VercelGatePolicy } from './policy.js';
import { describeRefusal, VercelRefused } from './refusal.js';
import type { VercelSession } from './session.js';
import { type AliasRequest, promotionInFlight, readProject, sameAliasRequest } from './vercel-facts.js';

/** A promotion or rollback to ask Vercel for. */
export interface SwitchRequest {
  kind: 'promote' | 'rollback';
  projectId: string;
  /** The deployment production should move to. */
  targetId: string;
  path: string;
  query?: Record<string, string | undefined> | undefined;
  /** The project's `lastAliasRequest` before asking: a different one naming the target afterwards is ours. */
  before: AliasRequest | undefined;
}

/** What came of asking. */
export type SwitchAnswer =
  /** Vercel took the request; `readBack` says how the gate knows when its answer was lost. */
  | { kind: 'accepted'; readBack?: string | undefined }
  /** Vercel said no (a 4xx that is not the echo of a request it had taken). */
  | { kind: 'refused'; message: string }
  /** Every attempt went unanswered, and reading back showed that none was taken. */
  | { kind: 'failed'; message: string }
  /** Whether Vercel took it is not known: the run was cancelled (or ran out of time) with it in flight. */
  | { kind: 'unknown'; message: string };

/**
 * Asks Vercel to promote or roll back, once per attempt: promote and rollback are not idempotent, and a
 * request whose answer was lost (a 502 from a proxy, a dropped connection, a timeout) may well have been
 * carried out. So before repeating one — and before believing a 409 to a repeat — the gate reads back what
 * production is (`GET /v9/projects/{id}`: `targets.production`, `lastAliasRequest`) and, for a promotion,
 * whether one is in flight (`GET /v1/projects/{id}/promote/aliases`), and reports what Vercel did.
 * A 429 is waited out and repeated (Vercel did nothing with it).
 */
export async function requestSwitch(
  session: VercelSession,
  policy: VercelGatePolicy,
  request: SwitchRequest,
): Promise<SwitchAnswer> {
  const { ctx } = session;
  const what = `POST ${request.path}`;
  let lost: string | undefined;
  for (let attempt = 1; ; attempt++) {
    const sentBefore = session.requests;
    let answer: { status: number; data: unknown };
    try {
      answer = await session.api.call('POST', request.path, { query: request.query, attempts: 1 });
    } catch (error) {
      if (error instanceof Interrupted) {
        // Cancelled (or out of time) before the request left: nothing happened. With it out: unknown.
        if (session.requests === sentBefore) throw error;
        return { kind: 'unknown', message: inFlightMessage(request, error) };
      }
      if (!(error instanceof TransientFailure)) throw error;
      lost = error.message;
      const taken = await readBack(session, request, lost);
      if (typeof taken !== 'string') return taken;
      if (taken !== 'not-taken') return { kind: 'accepted', readBack: taken };
      if (attempt >= policy.maxAttempts) {
        return {
          kind: 'failed',
          message:
            `Vercel did not take ${what} in ${attempt} attempts (last: ${untrusted(lost, 200)}); production ` +
            'is unchanged (read back from the project). Vercel may be having trouble ' +
            '(https://www.vercel-status.com).',
        };
      }
      ctx.deps.logger.info(
        `${what}: ${untrusted(lost, 200)}; Vercel had not taken it (read back), asking again…`,
      );
      // A cancel here leaves nothing in flight: it ends the job as any cancel does.
      await ctx.sleep(backoffDelay(attempt - 1, policy.retry, ctx.deps.random));
      continue;
    }
    if (answer.status < 300) {
      return lost === undefined
        ? { kind: 'accepted' }
        : { kind: 'accepted', readBack: `an earlier attempt went unanswered (${untrusted(lost, 200)})` };
    }
    if (answer.status === 409 && lost !== undefined) {
      // A repeat refused as a conflict: is the conflict the request the lost answer was for?
      const taken = await readBack(session, request, lost);
      if (typeof taken !== 'string') return taken;
      if (taken !== 'not-taken') return { kind: 'accepted', readBack: taken };
    }
    return {
      kind: 'refused',
      message: describeRefusal(request.kind, answer.status, answer.data, what, session.api.team),
    };
  }
}

/**
 * Whether Vercel took the request, read back from the project: a phrase saying how the gate knows, or
 * `not-taken`; an `unknown` answer when the read itself was cut short.
 */
async function readBack(
  session: VercelSession,
  request: SwitchRequest,
  lost: string,
): Promise<string | SwitchAnswer> {
  const lostText = `the answer to the request was lost (${untrusted(lost, 200)})`;
  try {
    const project = await readProject(session, request.kind, request.projectId);
    if (project?.production?.id === request.targetId) {
      return `${lostText}; read back: production already serves ${untrusted(request.targetId, 80)}`;
    }
    const job = project?.lastAliasRequest;
    if (
      job &&
      job.toDeploymentId === request.targetId &&
      job.type === request.kind &&
      !sameAliasRequest(job, request.before)
    ) {
      return `${lostText}; read back: Vercel records the ${request.kind === 'promote' ? 'promotion' : 'rollback'} (${untrusted(job.jobStatus, 20)})`;
    }
    if (request.kind === 'promote' && (await promotionInFlight(session, request.projectId))) {
      return `${lostText}; read back: Vercel is moving the production domains (a promotion is in flight)`;
    }
    return 'not-taken';
  } catch (error) {
    if (error instanceof Interrupted) return { kind: 'unknown', message: inFlightMessage(request, error) };
    if (error instanceof TransientFailure || error instanceof VercelRefused) {
      return {
        kind: 'unknown',
        message:
          `${lostText}, and reading the project back failed too (${untrusted(error.message, 200)}): Vercel ` +
          'may or may not have taken it.',
      };
    }
    throw error;
  }
}

function inFlightMessage(request: SwitchRequest, error: Interrupted): string {
  const why = error.why === 'cancelled' ? 'The run was cancelled' : "The gate's Vercel budget ran out";
  const what = request.kind === 'promote' ? 'promotion' : 'rollback';
  return `${why} while the ${what} request was on its way to Vercel: Vercel may have carried it out.`;
}
