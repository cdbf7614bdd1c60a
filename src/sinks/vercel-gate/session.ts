import { CallScope } from '../../clients/call-scope.js';
import { Interrupted, TransientFailure } from '../../clients/errors.js';
import { type Grace, graceAfter } from '../../clients/grace.js';
import { VercelApi } from '../../clients/vercel-api.js';
import type { Deps } from '../../model/deps.js';
import type { Settings } from '../../settings/settings.js';
import { formatDuration } from '../../util/text.js';
import type { VercelGatePolicy } from './policy.js';
import { VercelRefused } from './refusal.js';

/**
 * The Vercel client (team scope, token to the API base only, timeouts, retries, 429 waits) on a budget of
 * its own: one wall-clock limit for one job of the gate (a check run, a promotion), ended early by a
 * cancelled run — except for what a cancelled run still owes (completing its check run), which gets the
 * after-cancel grace (`cancelledBudgetMs`) instead.
 */
export class VercelSession {
  readonly ctx: CallScope;
  readonly api: VercelApi;
  private readonly grace: Grace | undefined;

  constructor(
    settings: Settings,
    deps: Deps,
    policy: VercelGatePolicy,
    options: {
      budgetMs: number;
      /**
       * The commit the job is about. The client needs none (the session no longer builds resolve's context);
       * left optional so the gate's callers can drop it in their own step.
       */
      sha?: string;
      evenIfCancelled?: boolean;
    },
  ) {
    const owed = options.evenIfCancelled === true;
    const alreadyCancelled = owed && deps.signal.aborted;
    const budgetMs = alreadyCancelled
      ? Math.min(options.budgetMs, policy.cancelledBudgetMs)
      : options.budgetMs;
    // Owed work sees the run as cancelled only once the grace is over (never, when it already was).
    this.grace = owed ? graceAfter(deps.signal, policy.cancelledBudgetMs, { clock: deps.clock }) : undefined;
    const sessionDeps: Deps = this.grace ? { ...deps, signal: this.grace.signal } : deps;
    this.ctx = new CallScope(sessionDeps, {
      budgetMs,
      requestTimeoutMs: settings.requestTimeoutMs,
      retry: policy.retry,
      maxAttempts: policy.maxAttempts,
    });
    this.api = new VercelApi(
      this.ctx,
      { token: settings.vercel.token ?? '', team: settings.vercel.team, apiUrl: settings.vercel.apiUrl },
      deps.dispatcher,
    );
  }

  get requests(): number {
    return this.ctx.requests;
  }

  dispose(): void {
    this.grace?.dispose();
    this.ctx.dispose();
  }
}

export type SessionResult<T> = { ok: true; value: T } | { ok: false; problem: string; cancelled: boolean };

/**
 * Runs one job in a session and disposes of it. What ended it early (a refusal, cancel, the budget, a request
 * that kept failing) becomes a sentence for `problems`; anything else is a bug and is passed on.
 */
export async function inSession<T>(
  session: VercelSession,
  what: string,
  job: (session: VercelSession) => Promise<T>,
): Promise<SessionResult<T>> {
  try {
    return { ok: true, value: await job(session) };
  } catch (error) {
    if (error instanceof VercelRefused) return { ok: false, cancelled: false, problem: error.message };
    const interrupted = error instanceof Interrupted ? error : session.ctx.interruption();
    if (interrupted?.why === 'cancelled') {
      return { ok: false, cancelled: true, problem: `The run was cancelled while ${what}.` };
    }
    if (interrupted?.why === 'wait-timeout') {
      const last = session.ctx.lastProblem ? ` Last problem: ${session.ctx.lastProblem}.` : '';
      return {
        ok: false,
        cancelled: false,
        problem: `Gave up ${what} after ${formatDuration(session.ctx.deadline.limitMs)}.${last}`,
      };
    }
    if (error instanceof TransientFailure) {
      return {
        ok: false,
        cancelled: false,
        problem:
          `Could not finish ${what}: ${error.message}. Vercel may be having trouble ` +
          '(https://www.vercel-status.com); the next run tries again.',
      };
    }
    throw error;
  } finally {
    session.dispose();
  }
}
