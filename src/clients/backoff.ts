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
