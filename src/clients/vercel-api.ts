import { formatDuration, untrusted } from '../util/text.js';
import { type Dispatcher, request } from '../util/undici.js';
import type { CallScope } from './call-scope.js';
import { RequestRefused, TransientFailure } from './errors.js';
import { BodyTooLarge, readCapped } from './http-body.js';
import { serverRequestedDelay } from './retry-after.js';
import { briefTransportError } from './transport-error.js';
import { Tries } from './tries.js';
import { asString, get } from './untyped.js';
import { parseDeploymentList, parseVercelDeployment, type VercelDeployment } from './vercel-deployment.js';

export type ResponseBody = Dispatcher.ResponseData['body'];

/** Error answers (401, 403, …) are small; a larger one is not worth reading. */
const MAX_ERROR_BODY = 64 * 1024;

/** One environment variable of a Vercel project, without its value. */
export interface VercelEnvName {
  key: string;
  /** `production`, `preview`, `development` (custom environments appear by id elsewhere). */
  targets: string[];
  /** Set when a preview variable applies to one Git branch only. */
  gitBranch?: string | undefined;
}

/** Who calls and where: the token, the team scope (`team_…` id or slug) and the API base URL. */
export interface VercelAccount {
  token: string;
  team: string | undefined;
  apiUrl: string;
}

/**
 * The Vercel REST calls the action makes (the resolver's look-ups, the gate's writes, the checklist's
 * variable names), with the token sent to the API base only, the team scope (`teamId` for ids `team_…`,
 * `slug` otherwise), per-request timeouts, retries with backoff and jitter, and Retry-After /
 * x-ratelimit-reset honoured on 429, all inside the time budget of the scope it is given.
 */
export class VercelApi {
  constructor(
    private readonly ctx: CallScope,
    private readonly vercel: VercelAccount,
    private readonly dispatcher: Dispatcher,
  ) {}

  /** The team scope the calls are made in (`vercel-team`), for messages that name it. */
  get team(): string | undefined {
    return this.vercel.team;
  }

  /** `GET /v6/deployments`, newest first. Returns undefined on 404 (unknown project). */
  async listDeployments(query: {
    projectId?: string | undefined;
    sha?: string | undefined;
    target?: string | undefined;
  }): Promise<VercelDeployment[] | undefined> {
    const answer = await this.getJson('/v6/deployments', { ...query, limit: '20' });
    return answer.status === 404 ? undefined : parseDeploymentList(answer.data);
  }

  /**
   * `GET /v13/deployments/{idOrHost}`; undefined on 404 (no such deployment, or a custom/local host).
   * `stop` abandons the request (and its retries) for a local reason, e.g. the stream already answered.
   */
  async getDeployment(idOrHost: string, stop?: AbortSignal): Promise<VercelDeployment | undefined> {
    const answer = await this.getJson(`/v13/deployments/${encodeURIComponent(idOrHost)}`, {}, stop);
    if (answer.status === 404) return undefined;
    const deployment = parseVercelDeployment(answer.data);
    if (!deployment) throw new TransientFailure('the Vercel API answered without a deployment id');
    return deployment;
  }

  /**
   * `GET /v10/projects/{idOrName}/env` (not decrypted): the names and targets of the project's environment
   * variables. Values are dropped right here, as the JSON is read, so none can reach a log, a message or a
   * report. Undefined on 404 (unknown project).
   */
  async listEnvNames(project: string): Promise<VercelEnvName[] | undefined> {
    const answer = await this.getJson(`/v10/projects/${encodeURIComponent(project)}/env`, {
      decrypt: 'false',
    });
    return answer.status === 404 ? undefined : envNamesOf(answer.data);
  }

  /**
   * Opens `GET /v3/deployments/{id}/events?follow=1&builds=1`. One attempt, no retry: the caller decides
   * between reopening and polling. Only the headers must arrive within the request timeout; the body stays
   * open until `signal` aborts or Vercel ends it.
   */
  async openEvents(
    id: string,
    signal: AbortSignal,
  ): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: ResponseBody }> {
    const response = await this.send(
      `/v3/deployments/${encodeURIComponent(id)}/events`,
      {
        follow: '1',
        builds: '1',
      },
      {
        signal,
        headersTimeout: Math.max(
          1,
          Math.min(this.ctx.limits.requestTimeoutMs, this.ctx.deadline.remainingMs()),
        ),
        bodyTimeout: 0,
      },
    );
    return { status: response.statusCode, headers: response.headers, body: response.body };
  }

  /**
   * `GET /v3/deployments/{id}/events?builds=1&direction=backward&limit=…` (not followed): the newest `limit`
   * events of a finished build, as a JSON array (newest first). One attempt; `signal` bounds it. The caller
   * (a best-effort look at a failed build's output) decides whether a second one is worth it.
   */
  async recentEvents(
    id: string,
    limit: number,
    signal: AbortSignal,
  ): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: ResponseBody }> {
    const response = await this.send(
      `/v3/deployments/${encodeURIComponent(id)}/events`,
      { builds: '1', direction: 'backward', limit: String(limit), follow: '0' },
      { signal },
    );
    return { status: response.statusCode, headers: response.headers, body: response.body };
  }

  /**
   * Any other call (the promotion gate's check runs, promote, rollback, project reads), with the same team
   * scope, token handling, timeout, retries and rate-limit waits as the resolver's GETs. 2xx → its JSON
   * (`data` undefined for an empty body, as promote and rollback answer); any other 4xx comes back as it is,
   * for the caller to word (it knows what the call was for); 5xx and transport errors are retried and end in
   * TransientFailure; cancel and the context's deadline throw Interrupted. `attempts` caps the tries on 5xx
   * and transport errors (a write whose answer was lost must be read back before it is repeated: `1`); 429s
   * are waited out whatever it says, since Vercel did nothing with a rate-limited request.
   */
  async call(
    method: 'GET' | 'POST' | 'PATCH',
    path: string,
    options: {
      query?: Record<string, string | undefined>;
      body?: unknown;
      stop?: AbortSignal;
      attempts?: number;
    } = {},
  ): Promise<{ status: number; data: unknown }> {
    const { ctx } = this;
    const { query = {}, stop } = options;
    const what = `${method} ${path}`;
    const body = options.body === undefined ? undefined : JSON.stringify(options.body);
    const tries = new Tries(ctx, options.attempts);
    for (;;) {
      ctx.check();
      stop?.throwIfAborted();
      let problem: string;
      try {
        const signal = stop ? AbortSignal.any([ctx.requestSignal(), stop]) : ctx.requestSignal();
        const response = await this.send(path, query, { signal, method, body });
        const status = response.statusCode;
        if (status === 429) {
          await readCapped(response.body, MAX_ERROR_BODY).catch(() => '');
          await tries.afterRateLimit(
            serverRequestedDelay(response.headers, ctx.deps.clock.now()),
            (delay) => `the Vercel API rate-limited ${what} (429) and asked to wait ${formatDuration(delay)}`,
            stop,
          );
          continue;
        }
        if (status >= 500) {
          await readCapped(response.body, MAX_ERROR_BODY).catch(() => '');
          problem = `the Vercel API answered ${status} to ${what}`;
        } else {
          const text = await readCapped(response.body, status < 300 ? undefined : MAX_ERROR_BODY);
          if (status < 300) return { status, data: text.trim() === '' ? undefined : JSON.parse(text) };
          let data: unknown;
          try {
            data = JSON.parse(text);
          } catch {
            data = undefined;
          }
          return { status, data };
        }
      } catch (error) {
        if (error instanceof TransientFailure) throw error;
        ctx.check();
        stop?.throwIfAborted();
        problem =
          error instanceof SyntaxError || error instanceof BodyTooLarge
            ? `the Vercel API sent an unreadable answer to ${what} (${error.message})`
            : `no answer from the Vercel API to ${what} (${briefTransportError(error)})`;
      }
      await tries.afterFailure(problem, stop);
    }
  }

  private url(path: string, query: Record<string, string | undefined>): URL {
    const url = new URL(`${this.vercel.apiUrl.replace(/\/+$/, '')}${path}`);
    for (const [key, value] of Object.entries(query))
      if (value !== undefined) url.searchParams.set(key, value);
    const team = this.vercel.team;
    if (team) url.searchParams.set(team.startsWith('team_') ? 'teamId' : 'slug', team);
    return url;
  }

  private send(
    path: string,
    query: Record<string, string | undefined>,
    options: {
      signal: AbortSignal;
      headersTimeout?: number;
      bodyTimeout?: number;
      /** GET unless given (`call` writes with POST and PATCH). */
      method?: 'GET' | 'POST' | 'PATCH';
      /** JSON text of the request body. */
      body?: string | undefined;
    },
  ): Promise<Dispatcher.ResponseData> {
    this.ctx.requests++;
    const { method = 'GET', body, ...rest } = options;
    // undici's `request` follows no redirects, so the bearer token never leaves the API base.
    return request(this.url(path, query), {
      method,
      headers: {
        authorization: `Bearer ${this.vercel.token}`,
        accept: 'application/json',
        'user-agent': 'deployment-health-gate',
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(body === undefined ? {} : { body }),
      dispatcher: this.dispatcher,
      ...rest,
    });
  }

  /** One GET through `call`; 2xx → parsed JSON, 404 → `{ status: 404 }`, auth and other 4xx → RequestRefused. */
  private async getJson(
    path: string,
    query: Record<string, string | undefined>,
    stop?: AbortSignal,
  ): Promise<{ status: 200; data: unknown } | { status: 404 }> {
    const answer = await this.call('GET', path, { query, stop });
    if (answer.status >= 200 && answer.status < 300) return { status: 200, data: answer.data };
    if (answer.status === 404) return { status: 404 };
    throw new RequestRefused(this.refusal(answer.status, JSON.stringify(answer.data ?? null), `GET ${path}`));
  }

  /** What a 401/403/4xx means and what to do about it. */
  private refusal(status: number, errorText: string, what: string): string {
    let body: unknown;
    try {
      body = JSON.parse(errorText);
    } catch {
      body = undefined;
    }
    const detail = asString(get(body, 'error', 'message'));
    const said = detail ? ` ("${untrusted(detail, 200)}")` : '';
    const tokenProblem =
      status === 401 ||
      get(body, 'error', 'invalidToken') === true ||
      get(body, 'error', 'missingToken') === true;
    if (tokenProblem) {
      return (
        `The Vercel API refused the token (${status} to ${what})${said}: \`vercel-token\` is invalid, expired ` +
        'or revoked. Create a new token at https://vercel.com/account/tokens and store it as a secret.'
      );
    }
    if (status === 403) {
      const team = this.vercel.team;
      return team
        ? `The Vercel API answered 403 to ${what}${said}: the token has no access to team \`${team}\`. ` +
            'Use a token created in that team (or with access to it), or correct `vercel-team`.'
        : `The Vercel API answered 403 to ${what}${said}: the token lacks access to this project. If the ` +
            'project belongs to a team, set `vercel-team` to its id (`team_…`) or slug.';
    }
    return `The Vercel API answered ${status} to ${what}${said}. Check \`vercel-project\`, \`vercel-team\` and \`vercel-api-url\`.`;
  }
}

/** Keeps key, target and branch of each entry; everything else (the value above all) is never copied. */
function envNamesOf(data: unknown): VercelEnvName[] {
  const list = get(data, 'envs');
  if (!Array.isArray(list)) throw new TransientFailure('the Vercel API answered without an `envs` list');
  const names: VercelEnvName[] = [];
  for (const entry of list) {
    const key = asString(get(entry, 'key'));
    if (!key) continue;
    const target = get(entry, 'target');
    const targets = (Array.isArray(target) ? target : [target]).filter(
      (t): t is string => typeof t === 'string',
    );
    names.push({ key, targets, gitBranch: asString(get(entry, 'gitBranch')) || undefined });
  }
  return names;
}
