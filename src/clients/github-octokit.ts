import { getProxyUrl } from '@actions/http-client/lib/proxy';
import { Octokit } from '@octokit/core';
import type { OctokitPlugin } from '@octokit/core/types';
import { retry } from '@octokit/plugin-retry';
import { type ThrottlingOptions, throttling } from '@octokit/plugin-throttling';
import type { Deps } from '../model/deps.js';
import type { RunContext } from '../model/run-context.js';
import { formatDuration } from '../util/text.js';
import { VERSION } from '../version.js';
import type { GitHub } from './github-api.js';
import { spacedWrites } from './github-write-spacing.js';
import { AFTER_CANCEL_GRACE_MS, graceAfter } from './grace.js';
import { readCappedBytes } from './http-body.js';
import { serverRequestedDelay } from './retry-after.js';

/** The Octokit the action uses for every GitHub call: reports here, deployment lookups in the resolver. */
export type GitHubClient = GitHub;

/** How patient the client is. The defaults are the action's; tests shrink the waits. */
export interface GitHubClientTuning {
  /** Per request while the run goes on. */
  requestTimeoutMs: number;
  /**
   * Per request once the run is cancelled, and the most a request already in flight may still take: the runner
   * sends SIGKILL 7.5 s after SIGTERM, and the check run must be completed before that.
   */
  cancelledTimeoutMs: number;
  /** Retries of a 5xx, a transport error or a rate limit; none once the run is cancelled. */
  retries: number;
  /** How long one second of retry waiting lasts (1000; tests make time pass faster). */
  secondMs: number;
  /** A server asking for a longer wait than this (in real seconds) is not waited for: the call fails. */
  maxServerWaitMs: number;
  /** Spacing of writes, as GitHub advises against secondary rate limits (none once cancelled). */
  writeGapMs: number;
  /**
   * Spacing of writes that notify people (issues, comments), as the throttling plugin spaces them by default,
   * but on the injected clock and not once cancelled.
   */
  notificationGapMs: number;
  /** The most of one answer that is read; a larger one fails the request instead of filling memory. */
  maxResponseBytes: number;
}

export const defaultClientTuning: GitHubClientTuning = {
  requestTimeoutMs: 10_000,
  cancelledTimeoutMs: AFTER_CANCEL_GRACE_MS,
  retries: 2,
  secondMs: 1000,
  maxServerWaitMs: 30_000,
  writeGapMs: 250,
  notificationGapMs: 3000,
  // GitHub's largest answers here (100 check runs or deployments a page) are a few hundred kilobytes.
  maxResponseBytes: 16 * 1024 * 1024,
};

/** Status codes that another try cannot fix. 429 is left to the throttling plugin, which knows GitHub's limits. */
const DO_NOT_RETRY = [400, 401, 403, 404, 410, 422, 429, 451];

type RetryRequest = (error: unknown, retries: number, retryAfter: number) => unknown;

/**
 * Octokit with the retry plugin (5xx and transport errors, bounded, honouring `Retry-After`) and the throttling
 * plugin (primary and secondary rate limits, writes spaced out), at `context.apiUrl` (GitHub Enterprise
 * Server too), through the runner's proxy settings. Every request has a timeout; once `deps.signal` aborts,
 * requests get a short one and are not retried, so a cancelled run still completes its reports in time.
 */
export function createGitHubClient(
  token: string,
  context: RunContext,
  deps: Deps,
  tuning: Partial<GitHubClientTuning> = {},
): GitHubClient {
  const t = { ...defaultClientTuning, ...tuning };
  const cancelled = () => deps.signal.aborted;

  const throttle: ThrottlingOptions = {
    retryAfterBaseValue: t.secondMs,
    fallbackSecondaryRateRetryAfter: 60,
    write: spacedWrites(t.writeGapMs, deps) as unknown as NonNullable<ThrottlingOptions['write']>,
    notifications: spacedWrites(t.notificationGapMs, deps) as unknown as NonNullable<
      ThrottlingOptions['notifications']
    >,
    onRateLimit: (retryAfter, options, _octokit, retryCount) =>
      retryRateLimit('rate limit', retryAfter, options, retryCount),
    onSecondaryRateLimit: (retryAfter, options, _octokit, retryCount) =>
      retryRateLimit('secondary rate limit', retryAfter, options, retryCount),
  };
  function retryRateLimit(
    kind: string,
    retryAfterSeconds: number,
    options: { method?: string; url?: string },
    retryCount: number,
  ): boolean {
    const waitMs = retryAfterSeconds * 1000;
    if (cancelled() || retryCount >= t.retries || waitMs > t.maxServerWaitMs) return false;
    deps.logger.info(
      `GitHub's ${kind} hit ${options.method ?? ''} ${options.url ?? ''}; retrying in ${formatDuration(waitMs)} as GitHub asks.`,
    );
    return true;
  }

  // Octokit's core with the plugins the client needs, as `@actions/github`'s `getOctokit` would build it but
  // without its REST endpoint tables: every call here is an `octokit.request()` by route.
  const GitHubOctokit = Octokit.plugin(noRetriesOnceCancelled(cancelled), retry, throttling);
  const client = new GitHubOctokit({
    auth: token,
    baseUrl: context.apiUrl,
    userAgent: withOrchestrationId(`deployment-health-gate/${VERSION}`),
    request: { fetch: timedFetch(t, deps, proxyAwareFetch(context.apiUrl)) },
    // Waits are handed to the plugin in milliseconds (see `honourRetryAfter`), so they can carry jitter.
    retry: { retries: t.retries, retryAfterBaseValue: 1, doNotRetry: DO_NOT_RETRY },
    throttle,
    // Octokit's own logger would print deprecation notes and request errors to stdout; callers report them.
    log: { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined },
  });
  honourRetryAfter(client, t, deps);
  return client;
}

/** The user agent, tagged with the runner's orchestration id when there is one, as `@actions/github` tags it. */
function withOrchestrationId(userAgent: string): string {
  const id = process.env.ACTIONS_ORCHESTRATION_ID?.trim();
  return id ? `${userAgent} actions_orchestration_id/${id.replace(/[^a-z0-9_.-]/gi, '_')}` : userAgent;
}

/**
 * The innermost hook: once the run is cancelled, or the request's own `request.signal` aborted (the reports'
 * time is up), a failed request is not retried (the retry plugin reads `request.retries` from the options of
 * the request that failed).
 */
function noRetriesOnceCancelled(cancelled: () => boolean): OctokitPlugin {
  return (octokit) => {
    octokit.hook.wrap('request', async (request, options) => {
      try {
        return await request(options);
      } catch (error) {
        // An answer over the cap would be as large the next time: reading it again helps nobody.
        const tooLarge = (error as { cause?: unknown }).cause instanceof AnswerTooLarge;
        const abandoned = options.request?.signal?.aborted === true;
        if (cancelled() || tooLarge || abandoned) options.request = { ...options.request, retries: 0 };
        throw error;
      }
    });
  };
}

/** An answer larger than `maxResponseBytes`, refused unread. */
class AnswerTooLarge extends Error {}

/**
 * The retry plugin waits 1, 4, 9… seconds whatever the server said, and all clients in step. Here each wait
 * gets up to 20% jitter (never shorter), a `Retry-After` (or rate-limit reset) that asks for longer is
 * honoured, and one that asks for more than the client will wait ends the retries. GitHub's own rate limits
 * are left to the throttling plugin, so they are not retried twice. Waits go to the plugin in milliseconds.
 */
function honourRetryAfter(client: GitHubClient, t: GitHubClientTuning, deps: Deps): void {
  const plugin = (client as unknown as { retry?: { retryRequest: RetryRequest } }).retry;
  if (!plugin) return;
  const original = plugin.retryRequest;
  const jittered = (ms: number) => Math.round(ms * (1 + 0.2 * deps.random()));
  plugin.retryRequest = (error, retries, retryAfterSeconds) => {
    const response = (error as { response?: { headers?: Record<string, string | undefined> } }).response;
    const headers = response?.headers ?? {};
    const status = (error as { status?: unknown }).status;
    const rateLimited =
      (status === 403 || status === 429) &&
      (headers['x-ratelimit-remaining'] === '0' || /secondary rate/i.test(String(error)));
    if (rateLimited) return original(error, 0, 0);
    const backoffMs = retryAfterSeconds * t.secondMs;
    const askedMs = serverRequestedDelay(headers, deps.clock.now());
    if (askedMs !== undefined && askedMs > t.maxServerWaitMs) return original(error, 0, 0);
    // Whole seconds of the client's clock (`secondMs`), like the plugin's own waits.
    const askedOnClockMs = askedMs === undefined ? 0 : Math.ceil(askedMs / 1000) * t.secondMs;
    return original(error, retries, jittered(Math.max(backoffMs, askedOnClockMs)));
  };
}

type Fetch = (url: string, init?: RequestInit) => Promise<Response>;

/**
 * Node's fetch, through the runner's proxy for `apiUrl` when one is set (`https_proxy`, `http_proxy`, `no_proxy`,
 * by `@actions/http-client`'s rules, as `@actions/github` reads them). Only a run behind a proxy loads all of
 * undici, for its `ProxyAgent` and a fetch that takes it (a chunk of its own in dist/).
 */
function proxyAwareFetch(apiUrl: string): Fetch {
  const proxy = getProxyUrl(new URL(apiUrl));
  if (!proxy?.hostname) return (url, init) => fetch(url, init);
  const token =
    proxy.username || proxy.password
      ? `Basic ${Buffer.from(`${proxy.username}:${proxy.password}`).toString('base64')}`
      : undefined;
  let viaProxy: Promise<Fetch> | undefined;
  const load = () =>
    import('undici').then(({ fetch: undiciFetch, ProxyAgent }) => {
      const dispatcher = new ProxyAgent({ uri: proxy.href, pipelining: 0, ...(token ? { token } : {}) });
      return ((url, init) => undiciFetch(url, { ...init, dispatcher } as object)) as Fetch;
    });
  return async (url, init) => {
    viaProxy ??= load();
    return (await viaProxy)(url, init);
  };
}

/**
 * `base` with a timeout on every request and a cap on every answer. Requests in flight when the run is
 * cancelled get `cancelledTimeoutMs` more at most; requests started after it get that much in all.
 */
function timedFetch(t: GitHubClientTuning, deps: Deps, base: Fetch): Fetch {
  // Lives as long as the client: requests in flight at cancel share this one grace.
  const grace = graceAfter(deps.signal, t.cancelledTimeoutMs, {
    reason: () => new DOMException('GitHub request cut short: the run was cancelled', 'TimeoutError'),
  });

  return async (url, init = {}) => {
    const afterCancel = deps.signal.aborted;
    const signals = [AbortSignal.timeout(afterCancel ? t.cancelledTimeoutMs : t.requestTimeoutMs)];
    if (!afterCancel) signals.push(grace.signal);
    if (init.signal) signals.push(init.signal);
    const response = await base(url, { ...init, signal: AbortSignal.any(signals) });
    return capped(response, t.maxResponseBytes);
  };
}

/** Statuses whose answers have no body (a `Response` with one cannot be made). */
const NO_BODY = new Set([101, 204, 205, 304]);

/**
 * The answer, read whole here with a cap: Octokit would read any size, and it turns a body that fails to read
 * into empty data, so the cap must fail the request itself (which the retry plugin and callers handle).
 */
async function capped(response: Response, maxBytes: number): Promise<Response> {
  if (!response.body || NO_BODY.has(response.status)) return response;
  const body = await readCappedBytes(
    response.body as unknown as AsyncIterable<Uint8Array>,
    maxBytes,
    () => new AnswerTooLarge(`GitHub's answer is larger than ${maxBytes} bytes; not reading it`),
  );
  const whole = new Response(body, {
    status: response.status,
    statusText: response.statusText,
    headers: response.headers,
  });
  Object.defineProperty(whole, 'url', { value: response.url });
  return whole;
}
