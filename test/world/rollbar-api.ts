import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A simulated Rollbar API (`/api/1/`): deploys (POST, PATCH) and items, with token checks and a request log.
 * The gate's Rollbar reporting is built against it; nothing talks to the real Rollbar.
 */
export interface RollbarRequest {
  method: string;
  path: string;
  headers: Record<string, string | string[] | undefined>;
  body: unknown;
  /** Date.now() when the request arrived. */
  at?: number;
  /** Status the simulator answered with; undefined while it waits (latency) or when the client left. */
  status?: number;
  /** The client closed the connection before the simulator answered (it gave up). */
  aborted?: boolean;
}

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
  const requests: RollbarRequest[] = [];
  const deploys = new Map<number, RollbarDeploy>();
  const items: unknown[] = [];
  let failures: Array<{
    status: number;
    headers: Record<string, string>;
    path?: string | RegExp | undefined;
    message?: string;
  }> = [];
  let nextDeployId = 1000;
  let latency: { ms: number; path?: string | RegExp | undefined } = { ms: 0 };
  const waits = new Set<() => void>();
  const pathMatches = (filter: string | RegExp | undefined, path: string) =>
    filter === undefined || (typeof filter === 'string' ? path.includes(filter) : filter.test(path));
  const wait = (ms: number) =>
    new Promise<void>((resolve) => {
      const done = () => {
        clearTimeout(timer);
        waits.delete(done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      waits.add(done);
    });

  const reply = (
    res: ServerResponse,
    status: number,
    body: unknown,
    headers: Record<string, string> = {},
  ) => {
    if (res.destroyed) return;
    res.writeHead(status, { 'content-type': 'application/json', ...headers });
    res.end(JSON.stringify(body));
  };

  const server = createServer(async (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const raw = await readBody(req);
    let body: unknown = raw;
    try {
      body = raw ? JSON.parse(raw) : undefined;
    } catch {
      // Kept as text: a test can assert on what was sent.
    }
    const logged: RollbarRequest = {
      method: req.method ?? 'GET',
      path: url.pathname + url.search,
      headers: req.headers,
      body,
      at: Date.now(),
    };
    requests.push(logged);
    res.on('close', () => {
      if (!res.writableFinished) logged.aborted = true;
    });
    const originalWriteHead = res.writeHead.bind(res);
    res.writeHead = ((status: number, ...rest: unknown[]) => {
      logged.status = status;
      return (originalWriteHead as (...args: unknown[]) => ServerResponse)(status, ...rest);
    }) as typeof res.writeHead;

    if (latency.ms > 0 && pathMatches(latency.path, url.pathname)) {
      // A slow Rollbar still does the work when the client has given up (a deploy is recorded): only the
      // answer is lost. That is what makes repeating a timed-out POST a duplicate.
      await wait(latency.ms);
    }

    const failureIndex = failures.findIndex((f) => pathMatches(f.path, url.pathname));
    const failure = failureIndex >= 0 ? failures[failureIndex] : undefined;
    if (failure) {
      failures.splice(failureIndex, 1);
      reply(
        res,
        failure.status,
        { err: 1, message: failure.message ?? 'simulated failure' },
        failure.headers,
      );
      return;
    }
    const given =
      req.headers['x-rollbar-access-token'] ??
      url.searchParams.get('access_token') ??
      (body as { access_token?: string } | undefined)?.access_token;
    if (given !== token) {
      reply(res, 401, { err: 1, message: 'invalid access token' });
      return;
    }

    const data = (body ?? {}) as Record<string, unknown>;
    if (req.method === 'POST' && url.pathname === '/api/1/deploy') {
      const id = nextDeployId++;
      deploys.set(id, {
        id,
        environment: String(data.environment ?? ''),
        revision: String(data.revision ?? ''),
        status: String(data.status ?? 'succeeded'),
        comment: data.comment as string | undefined,
        local_username: data.local_username as string | undefined,
      });
      reply(res, 200, { data: { deploy_id: id } });
      return;
    }
    const patch = /^\/api\/1\/deploy\/(\d+)$/.exec(url.pathname);
    if (req.method === 'PATCH' && patch) {
      const deploy = deploys.get(Number(patch[1]));
      if (!deploy) {
        reply(res, 404, { err: 1, message: 'deploy not found' });
        return;
      }
      Object.assign(
        deploy,
        data.status ? { status: String(data.status) } : {},
        data.comment ? { comment: String(data.comment) } : {},
      );
      reply(res, 200, { data: deploy });
      return;
    }
    if (req.method === 'POST' && url.pathname === '/api/1/item/') {
      // Rollbar's required fields (https://docs.rollbar.com/reference/create-item): environment and body.
      const item = (body as { data?: Record<string, unknown> } | undefined)?.data;
      if (!item || typeof item.environment !== 'string' || typeof item.body !== 'object') {
        reply(res, 422, { err: 1, message: 'invalid payload: data.environment and data.body are required' });
        return;
      }
      items.push(body);
      reply(res, 200, { err: 0, result: { id: null, uuid: randomUUID() } });
      return;
    }
    reply(res, 404, { err: 1, message: `no route ${req.method} ${url.pathname}` });
  });

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/api/1/`,
    token,
    requests,
    deploys,
    items,
    failNext(count, status, headers = {}, path = undefined) {
      failures = [...failures, ...Array.from({ length: count }, () => ({ status, headers, path }))];
    },
    clearFaults() {
      failures = [];
    },
    rateLimitNext(count, resetInSeconds, path = undefined) {
      const headers = () => ({
        'x-rate-limit-limit': '5000',
        'x-rate-limit-remaining': '0',
        'x-rate-limit-reset': String(Math.ceil(Date.now() / 1000 + resetInSeconds)),
        'x-rate-limit-remaining-seconds': String(resetInSeconds),
      });
      for (let i = 0; i < count; i++) {
        failures.push({ status: 429, headers: headers(), path, message: 'project rate limit reached' });
      }
    },
    setLatency(ms, path = undefined) {
      latency = { ms: Math.max(0, ms), path };
    },
    itemData: () =>
      items.map((item) => (item as { data?: Record<string, unknown> }).data ?? {}).filter(Boolean),
    close: () =>
      new Promise<void>((resolve) => {
        for (const done of [...waits]) done();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}
