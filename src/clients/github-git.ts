import { formatDuration, untrusted } from '../util/text.js';
import type { Dispatcher } from '../util/undici.js';
import { request } from '../util/undici.js';
import { VERSION } from '../version.js';
import type { CallScope } from './call-scope.js';
import { TransientFailure } from './errors.js';
import { BodyTooLarge, readCapped } from './http-body.js';
import { serverRequestedDelay } from './retry-after.js';
import { briefTransportError } from './transport-error.js';
import { Tries } from './tries.js';
import { asString, get } from './untyped.js';

/** Which repository, where, and the token that may write it. */
export interface GitRepoAccess {
  /** `https://api.github.com` or a GitHub Enterprise Server's `/api/v3`. */
  apiUrl: string;
  token: string;
  owner: string;
  repo: string;
}

/** How much of an answer is read; a larger one fails the request instead of filling memory. */
export interface GitReadCaps {
  /** A recursive tree listing (a data branch holds a few hundred files: tens of kilobytes). */
  treeBytes: number;
  /** One blob's answer (base64, so 4/3 of the file). */
  blobBytes: number;
  /** Every other answer (a ref, a commit, a created tree's top level). */
  otherBytes: number;
}

export const defaultGitReadCaps: GitReadCaps = {
  treeBytes: 8 * 1024 * 1024,
  blobBytes: 16 * 1024 * 1024,
  otherBytes: 1024 * 1024,
};

/** A file or folder of a recursive tree listing. */
export interface GitTreeEntry {
  path: string;
  type: 'blob' | 'tree' | 'commit';
  sha: string;
  mode: string;
}

/** A file to write (its content inline: no blob request) or to delete, for {@link GitHubGit.createTree}. */
export type GitTreeChange = { path: string; content: string } | { path: string; delete: true };

/**
 * GitHub answered a Git Data request with a 4xx that another try cannot fix (a missing permission, an empty
 * repository, a refused write). `status` and GitHub's `message` let the caller say what to fix.
 */
export class GitRequestRefused extends Error {
  constructor(
    readonly status: number,
    readonly operation: string,
    readonly githubMessage: string | undefined,
    readonly acceptedPermissions: string | undefined,
  ) {
    super(
      `GitHub answered ${status} to ${operation}${githubMessage ? ` ("${untrusted(githubMessage, 200)}")` : ''}`,
    );
    this.name = 'GitRequestRefused';
  }
}

/**
 * The few Git Data API calls a data branch needs (refs, commits, trees, blobs), on the injected dispatcher
 * (undici's `request` follows no redirect: the token goes to the API base only), inside the time budget of
 * the scope it is given. 5xx answers and transport errors are retried with the scope's backoff; rate limits
 * (429, or 403 with `x-ratelimit-remaining: 0` / "secondary rate limit") are waited out as GitHub asks; every
 * answer is read with a size cap. Every write here may be repeated safely: trees and commits are
 * content-addressed, and a ref update to where the ref already is changes nothing.
 */
export class GitHubGit {
  constructor(
    private readonly scope: CallScope,
    private readonly access: GitRepoAccess,
    private readonly dispatcher: Dispatcher,
    private readonly caps: GitReadCaps = defaultGitReadCaps,
  ) {}

  /** `GET /git/ref/heads/{branch}` → the commit the branch points at; undefined when it does not exist. */
  async headOf(branch: string): Promise<string | undefined> {
    const answer = await this.call('GET', `/git/ref/heads/${refPath(branch)}`);
    if (answer.status === 404) return undefined;
    this.expect2xx(answer, `GET /git/ref/heads/${branch}`);
    const sha = asString(get(answer.data, 'object', 'sha'));
    if (!sha) throw new TransientFailure(`GitHub answered the ref of ${branch} without a commit`);
    return sha;
  }

  /**
   * `GET /git/trees/{commit}?recursive=1`: the commit's root tree SHA and every entry below it (GitHub
   * resolves a commit SHA to its tree, which saves reading the commit). Throws when GitHub cut the listing
   * short (`truncated`: more than 100,000 entries), since a partial listing would hide files.
   */
  async treeOf(commit: string): Promise<{ sha: string; entries: GitTreeEntry[] }> {
    const answer = await this.call('GET', `/git/trees/${encodeURIComponent(commit)}`, {
      query: { recursive: '1' },
      maxBytes: this.caps.treeBytes,
    });
    this.expect2xx(answer, `GET /git/trees/${commit}`);
    const sha = asString(get(answer.data, 'sha'));
    const list = get(answer.data, 'tree');
    if (!sha || !Array.isArray(list))
      throw new TransientFailure('GitHub answered a tree without its entries');
    if (get(answer.data, 'truncated') === true) {
      throw new GitRequestRefused(
        422,
        `GET /git/trees/${commit}`,
        'the tree listing was truncated',
        undefined,
      );
    }
    const entries: GitTreeEntry[] = [];
    for (const item of list) {
      const path = asString(get(item, 'path'));
      const type = get(item, 'type');
      const entrySha = asString(get(item, 'sha'));
      if (!path || !entrySha || (type !== 'blob' && type !== 'tree' && type !== 'commit')) continue;
      entries.push({ path, type, sha: entrySha, mode: asString(get(item, 'mode')) ?? '100644' });
    }
    return { sha, entries };
  }

  /** `GET /git/blobs/{sha}` → its content as UTF-8 text. */
  async blobText(sha: string): Promise<string> {
    const answer = await this.call('GET', `/git/blobs/${encodeURIComponent(sha)}`, {
      maxBytes: this.caps.blobBytes,
    });
    this.expect2xx(answer, `GET /git/blobs/${sha}`);
    const content = get(answer.data, 'content');
    if (typeof content !== 'string')
      throw new TransientFailure(`GitHub answered blob ${sha} without content`);
    const encoding = get(answer.data, 'encoding');
    return encoding === 'base64' ? Buffer.from(content, 'base64').toString('utf8') : content;
  }

  /** `POST /git/trees` with `base_tree`: files inline (no blob requests), deletes as `sha: null`. */
  async createTree(baseTree: string | undefined, changes: readonly GitTreeChange[]): Promise<string> {
    const tree = changes.map((change) =>
      'delete' in change
        ? { path: change.path, mode: '100644', type: 'blob', sha: null }
        : { path: change.path, mode: '100644', type: 'blob', content: change.content },
    );
    const answer = await this.call('POST', '/git/trees', {
      body: baseTree ? { base_tree: baseTree, tree } : { tree },
    });
    this.expect2xx(answer, 'POST /git/trees');
    return this.shaOf(answer, 'tree');
  }

  /** `POST /git/commits`; no parents makes an orphan commit (a new branch, a squash). */
  async createCommit(message: string, tree: string, parents: readonly string[]): Promise<string> {
    const answer = await this.call('POST', '/git/commits', { body: { message, tree, parents } });
    this.expect2xx(answer, 'POST /git/commits');
    return this.shaOf(answer, 'commit');
  }

  /** `POST /git/refs`: `exists` when the branch is there already (another writer created it first). */
  async createBranch(branch: string, sha: string): Promise<'created' | 'exists'> {
    const answer = await this.call('POST', '/git/refs', { body: { ref: `refs/heads/${branch}`, sha } });
    if (answer.status === 422 && /already exists/i.test(messageOf(answer.data) ?? '')) return 'exists';
    this.expect2xx(answer, 'POST /git/refs');
    return 'created';
  }

  /**
   * `PATCH /git/refs/heads/{branch}`. Without `force`, GitHub accepts only a fast-forward: a compare-and-
   * swap, `not-fast-forward` when another writer moved the branch since its head was read.
   */
  async moveBranch(branch: string, sha: string, force: boolean): Promise<'moved' | 'not-fast-forward'> {
    const answer = await this.call('PATCH', `/git/refs/heads/${refPath(branch)}`, { body: { sha, force } });
    if (answer.status === 422 && /fast.forward|reference does not exist/i.test(messageOf(answer.data) ?? ''))
      return 'not-fast-forward';
    this.expect2xx(answer, `PATCH /git/refs/heads/${branch}`);
    return 'moved';
  }

  private shaOf(answer: { data: unknown }, what: string): string {
    const sha = asString(get(answer.data, 'sha'));
    if (!sha) throw new TransientFailure(`GitHub answered without the new ${what}'s SHA`);
    return sha;
  }

  private expect2xx(
    answer: { status: number; data: unknown; accepted?: string | undefined },
    operation: string,
  ): void {
    if (answer.status >= 200 && answer.status < 300) return;
    throw new GitRequestRefused(answer.status, operation, messageOf(answer.data), answer.accepted);
  }

  /**
   * One request with retries: 2xx and 4xx come back (a 4xx for the caller to word), 5xx and transport
   * errors are retried and end in TransientFailure, rate limits are waited out; cancel and the scope's
   * deadline throw Interrupted.
   */
  private async call(
    method: 'GET' | 'POST' | 'PATCH',
    path: string,
    options: { query?: Record<string, string>; body?: unknown; maxBytes?: number } = {},
  ): Promise<{ status: number; data: unknown; accepted?: string | undefined }> {
    const { scope } = this;
    const what = `${method} ${path}`;
    const url = new URL(
      `${this.access.apiUrl.replace(/\/+$/, '')}/repos/${encodeURIComponent(this.access.owner)}/${encodeURIComponent(this.access.repo)}${path}`,
    );
    for (const [key, value] of Object.entries(options.query ?? {})) url.searchParams.set(key, value);
    const body = options.body === undefined ? undefined : JSON.stringify(options.body);
    const tries = new Tries(scope);
    for (;;) {
      scope.check();
      let problem: string;
      try {
        scope.requests++;
        const response = await request(url, {
          method,
          headers: {
            authorization: `Bearer ${this.access.token}`,
            accept: 'application/vnd.github+json',
            'x-github-api-version': '2022-11-28',
            'user-agent': `deployment-health-gate/${VERSION}`,
            ...(body === undefined ? {} : { 'content-type': 'application/json' }),
          },
          ...(body === undefined ? {} : { body }),
          dispatcher: this.dispatcher,
          signal: scope.requestSignal(),
        });
        const status = response.statusCode;
        const text = await readCapped(response.body, options.maxBytes ?? this.caps.otherBytes);
        let data: unknown;
        try {
          data = text.trim() === '' ? undefined : JSON.parse(text);
        } catch (error) {
          if (status < 300) throw error;
          data = undefined; // A proxy's HTML error page: the status says enough.
        }
        const headers = response.headers as Record<string, string | string[] | undefined>;
        const asked = serverRequestedDelay(headers, scope.deps.clock.now());
        const limited =
          status === 429 ||
          (status === 403 &&
            (headers['x-ratelimit-remaining'] === '0' || /rate limit/i.test(messageOf(data) ?? '')));
        if (limited) {
          await tries.afterRateLimit(
            asked,
            (delay) => `GitHub rate-limited ${what} (${status}) and asked to wait ${formatDuration(delay)}`,
          );
          continue;
        }
        if (status < 500) {
          const accepted = headers['x-accepted-github-permissions'];
          return { status, data, accepted: Array.isArray(accepted) ? accepted[0] : accepted };
        }
        problem = `GitHub answered ${status} to ${what}`;
      } catch (error) {
        if (error instanceof TransientFailure) throw error;
        scope.check();
        problem =
          error instanceof SyntaxError || error instanceof BodyTooLarge
            ? `GitHub sent an unreadable answer to ${what} (${error.message})`
            : `no answer from GitHub to ${what} (${briefTransportError(error)})`;
      }
      await tries.afterFailure(problem);
    }
  }
}

/** A branch name in a URL path: each segment encoded, the slashes kept (`feature/x` → `feature/x`). */
const refPath = (branch: string) => branch.split('/').map(encodeURIComponent).join('/');

const messageOf = (data: unknown) => asString(get(data, 'message'));
