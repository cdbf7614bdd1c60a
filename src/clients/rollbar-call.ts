import type { Deps } from '../model/deps.js';
import { Deadline } from '../util/deadline.js';
import { formatDuration } from '../util/text.js';
import { request } from '../util/undici.js';
import { VERSION } from '../version.js';
import { type BackoffPolicy, backoffDelay } from './backoff.js';
import { graceAfter } from './grace.js';
import { readCapped } from './http-body.js';
import { rollbarRequestedDelay } from './retry-after.js';
import { quoteRollbar, type Trouble } from './rollbar-trouble.js';
import { describeTransportError } from './transport-error.js';

/** Rollbar's answers are a few hundred bytes; anything larger is not worth reading. */
const MAX_ANSWER_BYTES = 64 * 1024;

/** A try with less time than this left in the budget is not worth making. */
const MIN_TRY_MS = 100;

export interface RollbarCall {
  method: 'POST' | 'PATCH';
  /** Relative to the endpoint: `deploy`, `deploy/123`. */
  path: string;
  body: Record<string, unknown>;
  /**
   * Whether a try whose fate is unknown (timed out, connection dropped mid-way) may be repeated. A PATCH may;
   * a POST may not, or a slow Rollbar would record the deploy twice.
   */
  repeatable: boolean;
}

export type CallOutcome = { ok: true; data: unknown } | { ok: false; trouble: Trouble; status?: number };

/** How patient one call is (the Rollbar sink's tuning carries these, among others). */
export interface RollbarCallTuning {
  /** Per try (never more than the caller's `requestTimeoutMs`). */
  requestTimeoutMs: number;
  /** Wall clock for the call, its retries and their waits included. */
  budgetMs: number;
  /** Retries of a 5xx, a rate limit or a connection that never opened. */
  retries: number;
  backoff: BackoffPolicy;
  /** The after-cancel grace: what a call made once cancelled, or one in flight at cancel, may still take. */
  cancelledBudgetMs: number;
}

export interface CallEnv {
  endpoint: string;
  token: string;
  /** `request-timeout`; a Rollbar call never takes longer than the tuning's own. */
  requestTimeoutMs: number;
  tuning: RollbarCallTuning;
  deps: Deps;
}

/**
 * One call to Rollbar's deploy API: the token in `X-Rollbar-Access-Token` to the endpoint only (undici's
 * `request` follows no redirect), a timeout per try, bounded retries with backoff and jitter for a 5xx, a 429
 * (after the wait Rollbar asks for, when it fits) or a connection that never opened, all inside the tuning's
 * budget. Once the run is cancelled, a call gets a short grace and no retry: it must still go out, because a
 * cancelled run has to close its deploy. Never throws.
 */
export async function callRollbar(call: RollbarCall, env: CallEnv): Promise<CallOutcome> {
  const { deps, tuning } = env;
  const cancelled = () => deps.signal.aborted;
  const deadline = new Deadline(deps.clock, cancelled() ? tuning.cancelledBudgetMs : tuning.budgetMs);
  const url = new URL(call.path, env.endpoint);
  const where = `${call.method} ${url.pathname}`;

  for (let attempt = 0; ; attempt++) {
    const timeoutMs = Math.max(
      1,
      Math.min(env.requestTimeoutMs, tuning.requestTimeoutMs, deadline.remainingMs()),
    );
    const result = await tryOnce(call, url, env, timeoutMs);
    const outcome = outcomeOf(result, where, timeoutMs, { cancelled: cancelled(), nowMs: deps.clock.now() });
    const retryAfter = nextTry(result, call, env, attempt, deadline);
    if (retryAfter === undefined) return attempt > 0 ? withTries(outcome, attempt + 1) : outcome;
    try {
      await deps.clock.sleep(retryAfter, deps.signal);
    } catch {
      return outcome; // Cancelled while waiting: what was learnt so far stands.
    }
  }
}

function withTries(outcome: CallOutcome, tries: number): CallOutcome {
  if (outcome.ok) return outcome;
  return {
    ...outcome,
    trouble: { ...outcome.trouble, detail: `${outcome.trouble.detail}, after ${tries} tries` },
  };
}

type TryResult =
  | { kind: 'answer'; status: number; headers: Record<string, string | string[] | undefined>; data: unknown }
  | { kind: 'timeout' }
  | { kind: 'failed'; message: string; reachedServer: boolean };

async function tryOnce(call: RollbarCall, url: URL, env: CallEnv, timeoutMs: number): Promise<TryResult> {
  const { deps, tuning } = env;
  // A try in flight when the run is cancelled may finish, but only within the cancelled grace.
  const grace = deps.signal.aborted
    ? undefined
    : graceAfter(deps.signal, tuning.cancelledBudgetMs, {
        reason: () => new Error('the cancelled grace is over'),
      });
  // A timer of our own rather than AbortSignal.timeout(): held here for the whole try, so it fires however
  // the signals around it are collected.
  const limit = new AbortController();
  const timer = setTimeout(() => limit.abort(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
  const signal = grace ? AbortSignal.any([limit.signal, grace.signal]) : limit.signal;
  try {
    const response = await request(url, {
      method: call.method,
      headers: {
        'content-type': 'application/json',
        accept: 'application/json',
        'user-agent': `deployment-health-gate/${VERSION}`,
        'x-rollbar-access-token': env.token,
      },
      body: JSON.stringify(call.body),
      dispatcher: deps.dispatcher,
      signal,
    });
    let data: unknown;
    try {
      const text = await readCapped(response.body, MAX_ANSWER_BYTES);
      data = text ? JSON.parse(text) : undefined;
    } catch {
      if (signal.aborted) return { kind: 'timeout' };
      // A proxy's HTML error page or an oversized answer: the status code still says what happened.
      data = undefined;
    }
    return { kind: 'answer', status: response.statusCode, headers: response.headers, data };
  } catch (error) {
    if (signal.aborted) return { kind: 'timeout' };
    const described = describeTransportError(error);
    if (described.error === 'timeout') return { kind: 'timeout' };
    // Refused, unresolvable or unreachable: the request never reached Rollbar, so a POST may be repeated.
    const reachedServer = !['ECONNREFUSED', 'ENOTFOUND', 'EHOSTUNREACH'].includes(described.error);
    return { kind: 'failed', message: described.message, reachedServer };
  } finally {
    clearTimeout(timer);
    grace?.dispose();
  }
}

/** The delay before the next try, or undefined when this try's outcome is final. */
function nextTry(
  result: TryResult,
  call: RollbarCall,
  env: CallEnv,
  attempt: number,
  deadline: Deadline,
): number | undefined {
  const { deps, tuning } = env;
  if (deps.signal.aborted || attempt >= tuning.retries) return undefined;
  let delay = backoffDelay(attempt, tuning.backoff, deps.random);
  if (result.kind === 'answer') {
    const { status } = result;
    if (status >= 200 && status < 300 && !rollbarError(result.data)) return undefined;
    if (status !== 429 && status < 500) return undefined;
    const asked = rollbarRequestedDelay(status, result.headers, deps.clock.now());
    if (asked !== undefined) delay = Math.max(delay, asked);
    else if (status === 429) return undefined; // Rate-limited without saying for how long: do not guess.
  } else if (result.kind === 'timeout' && !call.repeatable) {
    return undefined;
  } else if (result.kind === 'failed' && result.reachedServer && !call.repeatable) {
    return undefined;
  }
  // A wait that would leave no time for the try after it is not worth starting.
  return delay + MIN_TRY_MS <= deadline.remainingMs() ? delay : undefined;
}

function outcomeOf(
  result: TryResult,
  where: string,
  timeoutMs: number,
  { cancelled, nowMs }: { cancelled: boolean; nowMs: number },
): CallOutcome {
  if (result.kind === 'timeout') {
    const detail = cancelled
      ? `the run was cancelled and ${where} got no answer in the seconds left`
      : `${where} got no answer within ${formatDuration(timeoutMs)}`;
    return { ok: false, trouble: { kind: 'timeout', detail } };
  }
  if (result.kind === 'failed') {
    return { ok: false, trouble: { kind: 'unreachable', detail: `${where}: ${result.message}` } };
  }
  const { status, data } = result;
  const said = quoteRollbar(messageOf(data));
  const detail = `${status} at ${where}${said ? `: ${said}` : ''}`;
  if (status >= 200 && status < 300) {
    if (!rollbarError(data)) return { ok: true, data };
    return { ok: false, status, trouble: { kind: 'refused', detail } };
  }
  if (status === 401 || status === 403) return { ok: false, status, trouble: { kind: 'token', detail } };
  if (status === 429) {
    const resetInMs = rollbarRequestedDelay(status, result.headers, nowMs);
    return { ok: false, status, trouble: { kind: 'rate-limit', detail, resetInMs } };
  }
  if (status >= 500) return { ok: false, status, trouble: { kind: 'unavailable', detail } };
  return { ok: false, status, trouble: { kind: 'refused', detail } };
}

/** Rollbar answers `{"err": 1, "message": "…"}` when it turns a call down. */
function rollbarError(data: unknown): boolean {
  return typeof data === 'object' && data !== null && Boolean((data as { err?: unknown }).err);
}

function messageOf(data: unknown): unknown {
  return typeof data === 'object' && data !== null ? (data as { message?: unknown }).message : undefined;
}
