import type { BackoffPolicy } from '../../clients/backoff.js';
import { defaultRetryLimits } from '../../clients/call-scope.js';
import { AFTER_CANCEL_GRACE_MS } from '../../clients/grace.js';

/**
 * Budgets and spacing of the promotion gate's Vercel calls. Defaults suit the real API; tests pass shorter
 * ones so a promotion that takes Vercel a few hundred milliseconds exercises the same paths.
 */
export interface VercelGatePolicy {
  /** Finding (or creating) the check run and setting it `running`, or completing it. */
  checkBudgetMs: number;
  /**
   * Completing the check run once the run was cancelled: the runner kills the step 7.5 s after SIGTERM, and
   * the GitHub reports need their share of that.
   */
  cancelledBudgetMs: number;
  /** How long the gate waits for Vercel to report a promotion or rollback done, after requesting it. */
  aliasTimeoutMs: number;
  /** Reading the project while waiting for that (Vercel's CLI polls every 250–500 ms). */
  aliasPoll: BackoffPolicy;
  /** Retrying one failed request (5xx, transport error, timeout). */
  retry: BackoffPolicy;
  /** Attempts per request. */
  maxAttempts: number;
}

export const defaultVercelGatePolicy: VercelGatePolicy = {
  checkBudgetMs: 30_000,
  cancelledBudgetMs: AFTER_CANCEL_GRACE_MS,
  aliasTimeoutMs: 120_000,
  aliasPoll: { initialMs: 500, factor: 1.5, maxMs: 5_000, jitter: 0.2 },
  retry: defaultRetryLimits.retry,
  maxAttempts: defaultRetryLimits.maxAttempts,
};

export function vercelGatePolicy(overrides: Partial<VercelGatePolicy> | undefined): VercelGatePolicy {
  return { ...defaultVercelGatePolicy, ...overrides };
}
