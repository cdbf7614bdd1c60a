import type { Octokit } from '@octokit/core';
import { formatDuration, untrusted } from '../util/text.js';
import { type BackoffPolicy, backoffDelay } from './backoff.js';
import type { CallScope } from './call-scope.js';
import { RequestRefused, TransientFailure } from './errors.js';
import { serverRequestedDelay } from './retry-after.js';
import { Tries } from './tries.js';

export type GitHub = Octokit;

/** How often the reader polls: steady at `poll.initialMs` while GitHub answers for free, slower on trouble. */
export interface GitHubPollPace {
  poll: BackoffPolicy;
  /** Below this many requests left in GitHub's primary rate limit, polls slow to `poll.maxMs`. */
  lowRemaining: number;
}

type Headers = Record<string, string | number | undefined>;
type Call = (
  headers: Record<string, string>,
  signal: AbortSignal,
) => Promise<{ data: unknown; headers: Headers }>;

/**
 * Reads GitHub deployments and their statuses with conditional requests: the ETag of each answer is kept
 * and sent back as If-None-Match, so an unchanged answer is a 304 that costs no rate limit (Octokit throws
 * those as a RequestError with status 304; the cached answer is used). Retries 5xx and transport errors
 * with backoff, waits out rate limits, and turns 401/403/4xx into messages that say what to fix.
 * Pages are small (`per_page`) because Octokit reads bodies whole. Keeps what the answers say about the
 * cost of polling, for {@link GitHubReader.pollDelay}.
 */
export class GitHubReader {
  private readonly cache = new Map<string, { etag: string | undefined; data: unknown[] }>();
  /** Polls that met trouble (an error, a rate limit), less one for each clean poll since. */
  private trouble = 0;
  /** Answers in a row that cost a request and brought nothing new (a proxy that drops `ETag`, say). */
  private wasted = 0;
  /** `x-ratelimit-remaining` of the latest answer that carried it. */
  private remaining: number | undefined;

  constructor(
    private readonly ctx: CallScope,
    private readonly github: GitHub,
    private readonly owner: string,
    private readonly repo: string,
    private readonly pace: GitHubPollPace,
  ) {}

  /** Deployments newest first; `sha` filters on GitHub's side. */
  listDeployments(query: { sha?: string | undefined; perPage: number }): Promise<unknown[] | undefined> {
    const { owner, repo } = this;
    return this.conditional(
      `deployments:${query.sha ?? '*'}:${query.perPage}`,
      'GET deployments',
      (headers, signal) =>
        this.github.request('GET /repos/{owner}/{repo}/deployments', {
          owner,
          repo,
          ...(query.sha ? { sha: query.sha } : {}),
          per_page: query.perPage,
          headers,
          request: { signal },
        }),
    );
  }

  /** Statuses of one deployment, newest first; undefined when the deployment does not exist. */
  listStatuses(deploymentId: number): Promise<unknown[] | undefined> {
    const { owner, repo } = this;
    return this.conditional(
      `statuses:${deploymentId}`,
      `GET deployments/${deploymentId}/statuses`,
      (headers, signal) =>
        this.github.request('GET /repos/{owner}/{repo}/deployments/{deployment_id}/statuses', {
          owner,
          repo,
          deployment_id: deploymentId,
          per_page: 30,
          headers,
          request: { signal },
        }),
    );
  }

  private async conditional(key: string, what: string, call: Call): Promise<unknown[] | undefined> {
    const { ctx } = this;
    const tries = new Tries(ctx);
    for (;;) {
      ctx.check();
      const cached = this.cache.get(key);
      const headers: Record<string, string> = cached?.etag ? { 'if-none-match': cached.etag } : {};
      let problem: string;
      ctx.requests++;
      try {
        const response = await call(headers, ctx.requestSignal());
        const etag = response.headers.etag;
        const data = Array.isArray(response.data) ? response.data : [];
        const news = !cached || JSON.stringify(cached.data) !== JSON.stringify(data);
        this.cache.set(key, { etag: typeof etag === 'string' ? etag : undefined, data });
        this.paced(response.headers, tries.troubled ? 'trouble' : news ? 'news' : 'wasted');
        return data;
      } catch (error) {
        ctx.check();
        const status = (error as { status?: unknown }).status;
        const responseHeaders = ((error as { response?: { headers?: Headers } }).response?.headers ??
          {}) as Record<string, string | undefined>;
        if (status === 304 && cached) {
          this.paced(responseHeaders, tries.troubled ? 'trouble' : 'free');
          return cached.data;
        }
        if (status === 404) return undefined;
        if (status === 401) {
          throw new RequestRefused(
            `GitHub refused \`github-token\` (401 to ${what} of ${this.owner}/${this.repo}): it is invalid or ` +
              'expired. Pass the workflow token (`github.token`) or another valid token.',
          );
        }
        const asked = serverRequestedDelay(responseHeaders, ctx.deps.clock.now());
        const limited =
          status === 429 || (status === 403 && (asked !== undefined || /rate limit/i.test(String(error))));
        if (limited) {
          const wait = tries.afterRateLimit(
            asked,
            (delay) => `GitHub rate-limited ${what} (${status}) and asked to wait ${formatDuration(delay)}`,
          );
          await this.pacedIfGivenUp(responseHeaders, wait);
          continue;
        }
        if (status === 403) {
          throw new RequestRefused(
            `GitHub answered 403 to ${what} of ${this.owner}/${this.repo}: \`github-token\` cannot read ` +
              'deployments. Grant the job `permissions: deployments: read`, or pass `vercel-token` to ask Vercel instead.',
          );
        }
        if (typeof status === 'number' && status >= 400 && status < 500) {
          throw new RequestRefused(
            `GitHub answered ${status} to ${what} of ${this.owner}/${this.repo} ` +
              `("${untrusted((error as Error).message, 200)}").`,
          );
        }
        problem = `GitHub ${typeof status === 'number' && status !== 500 ? `answered ${status}` : 'failed'} to ${what} (${untrusted((error as Error).message, 120)})`;
      }
      await this.pacedIfGivenUp({}, tries.afterFailure(problem));
    }
  }

  /** A request that gives up (TransientFailure) counts as a troubled poll. */
  private async pacedIfGivenUp(headers: Headers, wait: Promise<void>): Promise<void> {
    try {
      await wait;
    } catch (error) {
      if (error instanceof TransientFailure) this.paced(headers, 'trouble');
      throw error;
    }
  }

  /**
   * How long to wait before the next poll. A 304 costs no rate limit, so while GitHub answers 304 (or with
   * news: a status changed) the reader polls at the steady `poll.initialMs` (with jitter). It steps up
   * towards `poll.maxMs` once per poll that met an error or a rate limit (and back down once per clean
   * poll) and once per answer in a row that cost a request without news, and polls at `poll.maxMs` while
   * GitHub's `x-ratelimit-remaining` is below `lowRemaining`. The waits GitHub asks for (`Retry-After`,
   * `x-ratelimit-reset`) are taken inside the request, before this.
   */
  pollDelay(): number {
    const { poll, lowRemaining } = this.pace;
    const { random } = this.ctx.deps;
    if (this.remaining !== undefined && this.remaining < lowRemaining) {
      return backoffDelay(0, { ...poll, initialMs: poll.maxMs }, random);
    }
    return backoffDelay(this.trouble + this.wasted, poll, random);
  }

  /** Takes note of how one read went: free (304), news, wasted (a 200 with nothing new) or troubled. */
  private paced(headers: Headers, answer: 'free' | 'news' | 'wasted' | 'trouble'): void {
    const remaining = headers['x-ratelimit-remaining'];
    if (remaining !== undefined && remaining !== '' && Number.isFinite(Number(remaining))) {
      this.remaining = Number(remaining);
    }
    this.trouble = answer === 'trouble' ? this.trouble + 1 : Math.max(0, this.trouble - 1);
    this.wasted = answer === 'wasted' ? this.wasted + 1 : 0;
  }
}
