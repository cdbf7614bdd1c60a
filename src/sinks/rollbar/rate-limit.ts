import { serverRequestedDelay } from '../../util/backoff.js';

type Headers = Record<string, string | string[] | undefined>;

/**
 * How long Rollbar asked us to wait. Besides `Retry-After`, Rollbar announces its limits in its own headers:
 * `X-Rate-Limit-Remaining` (calls left in the window), `X-Rate-Limit-Reset` (when the window ends, epoch
 * seconds) and `X-Rate-Limit-Remaining-Seconds` (the same, as a countdown, which survives a skewed clock).
 * Undefined when nothing usable was said, or calls remain.
 */
export function rollbarRequestedDelay(status: number, headers: Headers, nowMs: number): number | undefined {
  const generic = serverRequestedDelay(headers, nowMs);
  if (generic !== undefined) return generic;
  const header = (name: string) => {
    const value = headers[name];
    return (Array.isArray(value) ? value[0] : value)?.trim();
  };
  const remaining = header('x-rate-limit-remaining');
  if (status !== 429 && remaining !== '0') return undefined;
  const countdown = header('x-rate-limit-remaining-seconds');
  if (countdown && /^\d+(\.\d+)?$/.test(countdown)) return Math.round(Number(countdown) * 1000);
  const reset = header('x-rate-limit-reset');
  if (reset && /^\d+$/.test(reset)) return Math.max(0, Number(reset) * 1000 - nowMs);
  return undefined;
}
