import { backoffDelay } from './backoff.js';
import type { CallScope } from './call-scope.js';
import { TransientFailure } from './errors.js';

/** Rate limits waited out in a row before a request gives up: the server keeps saying "later". */
const MAX_RATE_LIMITS = 20;
/** The shortest wait after a rate limit, whatever the server asked for. */
const MIN_RATE_LIMIT_WAIT_MS = 50;

/**
 * The retry bookkeeping of one request made in a scope. After a failed try (5xx, transport error, an
 * unreadable answer) it waits the scope's backoff with jitter, or ends in TransientFailure once `attempts`
 * tries are spent. After a rate limit it waits what the server asked for (`Retry-After`, a rate-limit reset;
 * else the backoff), at least 50 ms, and gives up after 20 in a row: a request the server refused to serve
 * can be repeated, so rate limits do not use up the tries. Every wait ends at the scope's deadline or cancel.
 */
export class Tries {
  private failures = 0;
  private rateLimits = 0;

  constructor(
    private readonly scope: CallScope,
    private readonly attempts = scope.limits.maxAttempts,
  ) {}

  /** Whether a try of this request failed or was rate-limited. */
  get troubled(): boolean {
    return this.failures + this.rateLimits > 0;
  }

  /**
   * Waits out a rate limit. `askedMs`: what the server asked for (see `serverRequestedDelay`); `problem`
   * words it, given the wait, for `lastProblem`. `stop` ends the wait early for a local reason.
   */
  async afterRateLimit(
    askedMs: number | undefined,
    problem: (delayMs: number) => string,
    stop?: AbortSignal,
  ): Promise<void> {
    const { scope } = this;
    const backoff = () => backoffDelay(this.rateLimits, scope.limits.retry, scope.deps.random);
    const delay = Math.max(askedMs ?? backoff(), MIN_RATE_LIMIT_WAIT_MS);
    scope.lastProblem = problem(delay);
    if (++this.rateLimits > MAX_RATE_LIMITS) throw new TransientFailure(scope.lastProblem);
    await scope.sleep(delay, stop);
  }

  /** Backs off after a failed try, or throws TransientFailure (with `problem`) when it was the last. */
  async afterFailure(problem: string, stop?: AbortSignal): Promise<void> {
    const { scope } = this;
    scope.lastProblem = problem;
    if (++this.failures >= this.attempts) throw new TransientFailure(problem);
    await scope.sleep(backoffDelay(this.failures - 1, scope.limits.retry, scope.deps.random), stop);
  }
}
