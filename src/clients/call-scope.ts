import type { Deps } from '../model/deps.js';
import { Deadline } from '../util/deadline.js';
import type { BackoffPolicy } from './backoff.js';
import { Interrupted } from './errors.js';

/** How long the calls made in one scope may take, and how hard each tries. */
export interface CallLimits {
  /** Wall clock for every request, retry and wait in the scope together. */
  budgetMs: number;
  /** Per request, cut to what is left of the budget. */
  requestTimeoutMs: number;
  /** Spacing of the tries of one failed request (5xx, transport error, timeout). */
  retry: BackoffPolicy;
  /** Tries per request before it ends in TransientFailure. */
  maxAttempts: number;
}

/** How hard one request tries. */
export type RetryLimits = Pick<CallLimits, 'retry' | 'maxAttempts'>;

/** Unless a caller says otherwise: 4 tries, 0.5 s apart doubling up to 8 s, with 30% jitter. */
export const defaultRetryLimits: RetryLimits = {
  retry: { initialMs: 500, factor: 2, maxMs: 8000, jitter: 0.3 },
  maxAttempts: 4,
};

/**
 * One time budget for a batch of client calls: the deadline, the signal that ends every request and sleep
 * (cancel or deadline), the request count and the last trouble met (for a message that explains a timeout).
 * Clients take a scope, never the settings; whoever makes the calls chooses the budget.
 */
export class CallScope {
  readonly deadline: Deadline;
  /** Aborts on cancel (deps.signal) or when the deadline passes. */
  readonly signal: AbortSignal;
  requests = 0;
  /** The last trouble met (rate limit, 5xx), added to a timeout message because it may explain it. */
  lastProblem: string | undefined;

  private readonly expiry = new AbortController();
  private readonly disposed = new AbortController();

  constructor(
    readonly deps: Deps,
    readonly limits: CallLimits,
  ) {
    this.deadline = new Deadline(deps.clock, limits.budgetMs);
    // The deadline is enforced by a timer on the injected clock, so a long request or an open stream is cut
    // off exactly at the limit, not at the next poll.
    deps.clock.sleep(this.deadline.remainingMs(), this.disposed.signal).then(
      () => this.expiry.abort(new Interrupted('wait-timeout')),
      () => undefined,
    );
    this.signal = AbortSignal.any([deps.signal, this.expiry.signal]);
  }

  interruption(): Interrupted | undefined {
    if (this.deps.signal.aborted) return new Interrupted('cancelled');
    if (this.expiry.signal.aborted || this.deadline.expired()) return new Interrupted('wait-timeout');
    return undefined;
  }

  /** Throws when the run was cancelled or the deadline passed. */
  check(): void {
    const interrupted = this.interruption();
    if (interrupted) throw interrupted;
  }

  /** Sleeps at most until the deadline; `also` ends the sleep early (with an error) for local reasons. */
  async sleep(ms: number, also?: AbortSignal): Promise<void> {
    this.check();
    const signal = also ? AbortSignal.any([this.signal, also]) : this.signal;
    try {
      await this.deps.clock.sleep(this.deadline.clamp(ms), signal);
    } catch (error) {
      this.check();
      throw error;
    }
    this.check();
  }

  /** Signal for one request: the scope's signal plus the per-request timeout, capped by the time left. */
  requestSignal(timeoutMs = this.limits.requestTimeoutMs): AbortSignal {
    return AbortSignal.any([this.signal, AbortSignal.timeout(this.requestTimeoutMs(timeoutMs))]);
  }

  /** The per-request timeout (`timeoutMs`, by default the scope's), cut to what is left of the budget. */
  requestTimeoutMs(timeoutMs = this.limits.requestTimeoutMs): number {
    return Math.max(1, Math.min(timeoutMs, this.deadline.remainingMs()));
  }

  /** Ends the deadline's timer; call it when the scope's work is over. */
  dispose(): void {
    this.disposed.abort();
  }
}
