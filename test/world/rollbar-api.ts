import { randomUUID } from 'node:crypto';
import {
  type LoggedRequest,
  type Reply,
  type RouteContext,
  RouteTable,
  startSimServer,
} from './http-server.js';

/**
 * A simulated Rollbar API (`/api/1/`): deploys (POST, PATCH) and items, with token checks and a request log.
 * The gate's Rollbar reporting is built against it; nothing talks to the real Rollbar.
 */
/** One request as the simulator saw it; `status` stays undefined when the client left before the answer. */
export type RollbarRequest = LoggedRequest;

export interface RollbarDeploy {
  id: number;
  environment: string;
  revision: string;
  status: string;
  comment?: string;
  local_username?: string;
}

export interface RollbarSim {
  /** Base URL to pass as `rollbar-endpoint` (ends with `/api/1/`). */
  url: string;
  token: string;
  requests: RollbarRequest[];
  deploys: Map<number, RollbarDeploy>;
  items: unknown[];
  /**
   * The next `count` requests answer with this status (e.g. 500, 429); with `path` (substring or RegExp of
   * the path), only requests to it count.
   */
  failNext(count: number, status: number, headers?: Record<string, string>, path?: string | RegExp): void;
  /**
   * The next `count` requests answer 429 as Rollbar does when a project's rate limit is reached, with its
   * headers: `X-Rate-Limit-Limit`, `X-Rate-Limit-Remaining: 0`, `X-Rate-Limit-Reset` (epoch seconds) and
   * `X-Rate-Limit-Remaining-Seconds`.
   */
  rateLimitNext(count: number, resetInSeconds: number, path?: string | RegExp): void;
  /** Drops every fault still queued by `failNext` / `rateLimitNext`. */
  clearFaults(): void;
  /**
   * Requests (to `path` only, when given) wait `ms` before they are handled. A client that gives up in the
   * meantime gets no answer (`aborted`), but the request is still carried out, as a slow server would.
   * `setLatency(0)` turns it off.
   */
  setLatency(ms: number, path?: string | RegExp): void;
  /** The `data` of every accepted item, in arrival order. */
  itemData(): Array<Record<string, unknown>>;
  close(): Promise<void>;
}

export async function startRollbarApi(options: { token?: string } = {}): Promise<RollbarSim> {
  const token = options.token ?? 'rollbar-server-token-sim';
  const deploys = new Map<number, RollbarDeploy>();
  const items: unknown[] = [];
  let nextDeployId = 1000;
  const failure = (status: number, message: string): Reply => ({ status, body: { err: 1, message } });

  const routes = new RouteTable()
    .add('POST', '/api/1/deploy', ({ body }) => {
      const data = (body ?? {}) as Record<string, unknown>;
      const id = nextDeployId++;
      deploys.set(id, {
        id,
        environment: String(data.environment ?? ''),
        revision: String(data.revision ?? ''),
        status: String(data.status ?? 'succeeded'),
        comment: data.comment as string | undefined,
        local_username: data.local_username as string | undefined,
      });
      return { body: { data: { deploy_id: id } } };
    })
    .add('PATCH', '/api/1/deploy/:id', ({ params, body }) => {
      const deploy = deploys.get(Number(params.id));
      if (!deploy) return failure(404, 'deploy not found');
      const data = (body ?? {}) as Record<string, unknown>;
      Object.assign(
        deploy,
        data.status ? { status: String(data.status) } : {},
        data.comment ? { comment: String(data.comment) } : {},
      );
      return { body: { data: deploy } };
    })
    .add('POST', '/api/1/item/', ({ body }) => {
      // Rollbar's required fields (https://docs.rollbar.com/reference/create-item): environment and body.
      const item = (body as { data?: Record<string, unknown> } | undefined)?.data;
      if (!item || typeof item.environment !== 'string' || typeof item.body !== 'object') {
        return failure(422, 'invalid payload: data.environment and data.body are required');
      }
      items.push(body);
      return { body: { err: 0, result: { id: null, uuid: randomUUID() } } };
    });

  const guard = ({ req, query, body }: RouteContext): Reply | undefined => {
    const given =
      req.headers['x-rollbar-access-token'] ??
      query.get('access_token') ??
      (body as { access_token?: string } | undefined)?.access_token;
    return given === token ? undefined : failure(401, 'invalid access token');
  };

  const server = await startSimServer(routes, {
    guard,
    notFound: (method, path) => ({ err: 1, message: `no route ${method} ${path}` }),
    // A slow Rollbar still records a deploy whose client gave up: repeating a timed-out POST duplicates it.
    finishAbandoned: true,
  });

  return {
    url: `${server.url}/api/1/`,
    token,
    requests: server.requests,
    deploys,
    items,
    failNext(count, status, headers = {}, path = undefined) {
      for (let i = 0; i < count; i++) {
        server.failNext(1, { status, headers, path, body: { err: 1, message: 'simulated failure' } });
      }
    },
    clearFaults: server.clearFaults,
    rateLimitNext(count, resetInSeconds, path = undefined) {
      for (let i = 0; i < count; i++) {
        const headers = {
          'x-rate-limit-limit': '5000',
          'x-rate-limit-remaining': '0',
          'x-rate-limit-reset': String(Math.ceil(Date.now() / 1000 + resetInSeconds)),
          'x-rate-limit-remaining-seconds': String(resetInSeconds),
        };
        server.failNext(1, {
          status: 429,
          headers,
          path,
          body: { err: 1, message: 'project rate limit reached' },
        });
      }
    },
    setLatency(ms, path = undefined) {
      server.setLatency(ms, path === undefined ? {} : { path });
    },
    itemData: () => items.map((item) => (item as { data?: Record<string, unknown> }).data ?? {}),
    close: server.close,
  };
}
