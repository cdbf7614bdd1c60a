import type { BackoffPolicy } from '../clients/backoff.js';
import { defaultRetryLimits } from '../clients/call-scope.js';

/**
 * How the resolver spaces its requests. The defaults are tuned for real builds; tests pass shorter ones so
 * a "build" of a second or two exercises the same code paths.
 */
export interface ResolvePolicy {
  /**
   * Polling `GET /v13/deployments/{id}` (and the list, while the deployment does not exist yet). Starts near
   * 1 s and caps at 10 s so READY is seen quickly, yet a 3-minute build costs ~23 polls (~25 requests in all).
   */
  poll: BackoffPolicy;
  /** Retrying one failed request (5xx, transport error, timeout). */
  retry: BackoffPolicy;
  /** Attempts per request before the failure counts as one failed poll. */
  maxAttempts: number;
  /**
   * Polling GitHub deployments and their statuses with conditional requests. A 304 costs no rate limit, so
   * while GitHub answers 304 (or with news) the poll interval stays at `initialMs` (with jitter); it steps up
   * towards `maxMs` only after errors, rate limits (`Retry-After`, secondary limits) and answers that cost a
   * request without news, and stays at `maxMs` while `x-ratelimit-remaining` is below `githubLowRemaining`.
   */
  githubPoll: BackoffPolicy;
  /** Below this many requests left in GitHub's primary rate limit, GitHub polls slow to `githubPoll.maxMs`. */
  githubLowRemaining: number;
  /**
   * While the events stream is open, an occasional `GET /v13/deployments/{id}` in case the stream stalls
   * without ending (the Vercel CLI does the same). Grows quickly: a 3-minute build costs two or three.
   */
  streamConfirm: BackoffPolicy;
  /** How often a stream that ends early (or breaks) is reopened before falling back to polling. */
  streamReopens: number;
  /** Follow the events stream at all (false: poll only). */
  useStream: boolean;
  /**
   * After the stream announces ERROR, how long it is read on for the build's last output lines (Vercel may
   * write the failing command's error after the state change). The stream usually ends first.
   */
  buildLogGraceMs: number;
  /** At most this long (and never past `wait-timeout`) to fetch a failed build's last lines afterwards. */
  buildLogBudgetMs: number;
}

export const defaultResolvePolicy: ResolvePolicy = {
  poll: { initialMs: 1000, factor: 1.7, maxMs: 10_000, jitter: 0.1 },
  retry: defaultRetryLimits.retry,
  maxAttempts: defaultRetryLimits.maxAttempts,
  githubPoll: { initialMs: 1000, factor: 1.5, maxMs: 10_000, jitter: 0.2 },
  githubLowRemaining: 50,
  streamConfirm: { initialMs: 30_000, factor: 2, maxMs: 120_000, jitter: 0.1 },
  streamReopens: 3,
  useStream: true,
  buildLogGraceMs: 1000,
  buildLogBudgetMs: 10_000,
};

export function resolvePolicy(overrides: Partial<ResolvePolicy> | undefined): ResolvePolicy {
  return { ...defaultResolvePolicy, ...overrides };
}
