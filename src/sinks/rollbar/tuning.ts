import type { BackoffPolicy } from '../../clients/backoff.js';
import { AFTER_CANCEL_GRACE_MS } from '../../clients/grace.js';

/**
 * How patient the Rollbar reports are. Rollbar is a side channel: it gets a few seconds per call and never
 * holds the step. The defaults are the action's; tests shrink them.
 */
export interface RollbarTuning {
  /** Per deploy request (never more than `request-timeout`). */
  requestTimeoutMs: number;
  /** Wall clock for one deploy call, its retries and their waits included. */
  budgetMs: number;
  /** Retries of a 5xx, a rate limit or a connection that never opened. */
  retries: number;
  backoff: BackoffPolicy;
  /**
   * Once the run is cancelled (the runner kills 7.5 s after SIGTERM): the most a deploy call, or one already
   * in flight, may still take. No retries then.
   */
  cancelledBudgetMs: number;
  /** The most the alert items get to reach Rollbar at the end (less once cancelled). */
  flushMs: number;
  /** At most this many alert items per run, so a broken config cannot flood the Rollbar project. */
  maxItems: number;
}

export const defaultRollbarTuning: RollbarTuning = {
  requestTimeoutMs: 3_000,
  budgetMs: 5_000,
  retries: 2,
  backoff: { initialMs: 300, factor: 2, maxMs: 2_000, jitter: 0.5 },
  cancelledBudgetMs: AFTER_CANCEL_GRACE_MS,
  flushMs: 3_000,
  maxItems: 20,
};
