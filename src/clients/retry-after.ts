type Headers = Record<string, string | string[] | undefined>;

function header(headers: Headers, name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/**
 * How long a server asked us to wait, from `Retry-After` (seconds or HTTP date) or the rate-limit reset
 * headers that GitHub (`x-ratelimit-reset`, epoch seconds) and Vercel (`x-ratelimit-reset`) send.
 * Returns undefined when the server said nothing usable.
 */
export function serverRequestedDelay(headers: Headers, nowMs: number): number | undefined {
  const retryAfter = header(headers, 'retry-after')?.trim();
  if (retryAfter) {
    if (/^\d+(\.\d+)?$/.test(retryAfter)) return Math.round(Number(retryAfter) * 1000);
    const date = Date.parse(retryAfter);
    if (!Number.isNaN(date)) return Math.max(0, date - nowMs);
  }
  const remaining = header(headers, 'x-ratelimit-remaining');
  const reset = header(headers, 'x-ratelimit-reset');
  if (remaining === '0' && reset && /^\d+$/.test(reset)) {
    return Math.max(0, Number(reset) * 1000 - nowMs);
  }
  return undefined;
}

/**
 * How long Rollbar asked us to wait. Besides `Retry-After`, Rollbar announces its limits in its own headers:
 * `X-Rate-Limit-Remaining` (calls left in the window), `X-Rate-Limit-Reset` (when the window ends, epoch
 * seconds) and `X-Rate-Limit-Remaining-Seconds` (the same, as a countdown, which survives a skewed clock).
 * Undefined when nothing usable was said, or calls remain.
 */
export function rollbarRequestedDelay(status: number, headers: Headers, nowMs: number): number | undefined {
  const generic = serverRequestedDelay(headers, nowMs);
  if (generic !== undefined) return generic;
  const trimmed = (name: string) => header(headers, name)?.trim();
  const remaining = trimmed('x-rate-limit-remaining');
  if (status !== 429 && remaining !== '0') return undefined;
  const countdown = trimmed('x-rate-limit-remaining-seconds');
  if (countdown && /^\d+(\.\d+)?$/.test(countdown)) return Math.round(Number(countdown) * 1000);
  const reset = trimmed('x-rate-limit-reset');
  if (reset && /^\d+$/.test(reset)) return Math.max(0, Number(reset) * 1000 - nowMs);
  return undefined;
}
