import { type BackoffPolicy, backoffDelay } from '../clients/backoff.js';
import { serverRequestedDelay } from '../clients/retry-after.js';
import type { Deps } from '../model/deps.js';
import { Deadline } from '../util/deadline.js';
import { formatDuration, untrusted } from '../util/text.js';
import {
  type HttpAnswer,
  type HttpFailure,
  type RequestDeploymentOptions,
  requestDeployment,
} from './http.js';

export type DeploymentAnswer = HttpAnswer | HttpFailure;

export interface RetryPolicy {
  /** At most this many requests. */
  maxAttempts: number;
  /** Wall-clock limit for every attempt and wait together. */
  budgetMs: number;
  /** Per request, cut to what is left of the budget. */
  requestTimeoutMs: number;
  backoff: BackoffPolicy;
  /** Why an answer deserves another try (a short word for the log), or undefined when it is final. */
  worthRepeating?: (answer: DeploymentAnswer) => string | undefined;
}

const TRANSIENT_STATUSES = new Set([429, 502, 503, 504]);

/**
 * Answers that cannot have been the app's own considered reply: a refused or reset connection, a rate limit,
 * or the edge's 502/503/504. A timeout is not repeated: the app may be working on it, and an optional check
 * must not multiply a hanging endpoint's wait.
 */
export function transientAnswer(answer: DeploymentAnswer): string | undefined {
  if (!answer.ok) {
    return answer.error === 'ECONNREFUSED' || answer.error === 'ECONNRESET' ? answer.error : undefined;
  }
  return TRANSIENT_STATUSES.has(answer.status) ? `HTTP ${answer.status}` : undefined;
}

/**
 * `requestDeployment` with bounded retries for the deployment's secondary requests (the Hemera format's POST
 * actions, checklist probes): backoff with jitter, `Retry-After` honoured when it fits the budget, prompt stop on
 * cancel. Returns the last answer and how many requests it took. Never throws.
 */
export async function requestDeploymentWithRetries(
  request: Omit<RequestDeploymentOptions, 'timeoutMs' | 'dispatcher' | 'signal'>,
  policy: RetryPolicy,
  deps: Deps,
): Promise<{ answer: DeploymentAnswer; attempts: number }> {
  const worthRepeating = policy.worthRepeating ?? transientAnswer;
  const deadline = new Deadline(deps.clock, policy.budgetMs);
  for (let attempts = 1; ; attempts++) {
    const answer = await requestDeployment({
      ...request,
      timeoutMs: Math.max(1, Math.min(policy.requestTimeoutMs, deadline.remainingMs())),
      dispatcher: deps.dispatcher,
      signal: deps.signal,
    });
    const why = deps.signal.aborted ? undefined : worthRepeating(answer);
    if (!why || attempts >= policy.maxAttempts) return { answer, attempts };
    const asked = answer.ok ? serverRequestedDelay(answer.headers, deps.clock.now()) : undefined;
    const delay = Math.max(backoffDelay(attempts - 1, policy.backoff, deps.random), asked ?? 0);
    if (delay >= deadline.remainingMs()) return { answer, attempts };
    deps.logger.debug(
      `${request.method ?? 'GET'} ${untrusted(request.url, 200)}: ${why}; retrying in ${formatDuration(delay)}.`,
    );
    try {
      await deps.clock.sleep(delay, deps.signal);
    } catch {
      return { answer, attempts };
    }
  }
}
