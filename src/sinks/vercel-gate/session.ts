import { VercelApi } from '../../clients/vercel-api.js';
import type { Deps } from '../../model/deps.js';
import { resolvePolicy } from '../../resolve/policy.js';
import { Interrupted, TransientFailure, WaitContext } from '../../resolve/wait-context.js';
import type { Settings } from '../../settings/settings.js';
import { formatDuration } from '../../util/text.js';
import type { VercelGatePolicy } from './policy.js';
import { VercelRefused } from './refusal.js';

/**
 * The resolver's Vercel client (team scope, token to the API base only, timeouts, retries, 429 waits) on a
 * budget of its own: one wall-clock limit for one job of the gate (a check run, a promotion), ended early
 * by a cancelled run — except for what a cancelled run still owes (completing its check run), which gets
 * the short `cancelledBudgetMs` instead.
 */
export class VercelSession {
  readonly ctx: WaitContext;
  readonly api: VercelApi;
  private readonly disposed = new AbortController();

  constructor(
    settings: Settings,
    deps: Deps,
    policy: VercelGatePolicy,
    options: { budgetMs: number; sha: string; evenIfCancelled?: boolean },
  ) {
    const owed = options.evenIfCancelled === true;
    const alreadyCancelled = owed && deps.signal.aborted;
    const budgetMs = alreadyCancelled
      ? Math.min(options.budgetMs, policy.cancelledBudgetMs)
      : options.budgetMs;
    // WaitContext's deadline is `waitTimeoutMs`: here, this job's budget.
    const scoped: Settings = { ...settings, waitTimeoutMs: budgetMs };
    const sessionDeps: Deps = owed
      ? { ...deps, signal: this.graceAfter(deps, policy.cancelledBudgetMs) }
      : deps;
    this.ctx = new WaitContext(
      scoped,
      sessionDeps,
      resolvePolicy({ retry: policy.retry, maxAttempts: policy.maxAttempts }),
      options.sha,
    );
    this.api = new VercelApi(
      this.ctx,
      { token: settings.vercel.token ?? '', team: settings.vercel.team, apiUrl: settings.vercel.apiUrl },
      deps.dispatcher,
    );
  }

  /** A signal that aborts `graceMs` after the run's does (never, when the run already was cancelled). */
  private graceAfter(deps: Deps, graceMs: number): AbortSignal {
    const grace = new AbortController();
    if (deps.signal.aborted) return grace.signal;
    const onAbort = () => {
      deps.clock.sleep(graceMs, this.disposed.signal).then(
        () => grace.abort(deps.signal.reason),
        () => undefined,
      );
    };
    deps.signal.addEventListener('abort', onAbort, { once: true });
    this.disposed.signal.addEventListener('abort', () => deps.signal.removeEventListener('abort', onAbort), {
      once: true,
    });
    return grace.signal;
  }

  get requests(): number {
    return this.ctx.requests;
  }

  dispose(): void {
    this.disposed.abort();
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
