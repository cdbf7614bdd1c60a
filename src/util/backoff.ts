export interface BackoffPolicy {
  /** Delay before the second attempt. */
  initialMs: number;
  /** Growth per attempt. */
  factor: number;
  /** Ceiling for one delay. */
  maxMs: number;
  /** Share of the delay that is randomised (0..1), so many gates do not poll in lockstep. */
  jitter: number;
}

/**
 * Delay before attempt `attempt + 1` (attempt counts from 0). "Equal jitter": the delay keeps at least
 * `1 - jitter` of its nominal value, so a wait never collapses to zero.
 */
export function backoffDelay(attempt: number, policy: BackoffPolicy, random: () => number): number {
  const nominal = Math.min(policy.maxMs, policy.initialMs * policy.factor ** Math.max(0, attempt));
  const spread = nominal * policy.jitter;
  return Math.round(nominal - spread + spread * random());
}

/**
 * How long a server asked us to wait, from `Retry-After` (seconds or HTTP date) or the rate-limit reset
 * headers that GitHub (`x-ratelimit-reset`, epoch seconds) and Vercel (`x-ratelimit-reset`) send.
 * Returns undefined when the server said nothing usable.
 */
export function serverRequestedDelay(
  headers: Record<string, string | string[] | undefined>,
  nowMs: number,
): number | undefined {
  const header = (name: string) => {
    const v = headers[name];
    return Array.isArray(v) ? v[0] : v;
  };
  const retryAfter = header('retry-after')?.trim();
  if (retryAfter) {
    if (/^\d+(\.\d+)?$/.test(retryAfter)) return Math.round(Number(retryAfter) * 1000);
    const date = Date.parse(retryAfter);
    if (!Number.isNaN(date)) return Math.max(0, date - nowMs);
  }
  const remaining = header('x-ratelimit-remaining');
  const reset = header('x-ratelimit-reset');
  if (remaining === '0' && reset && /^\d+$/.test(reset)) {
    return Math.max(0, Number(reset) * 1000 - nowMs);
  }
  return undefined;
}
