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
  /** The next `count` requests answer with this status (e.g. 500, 429). */
  failNext(count: number, status: number, headers?: Record<string, string>): void;
  close(): Promise<void>;
}

export async function startRollbarApi(options: { token?: string } = {}): Promise<RollbarSim> {
  const token = options.token ?? 'rollbar-server-token-sim';
  const requests: RollbarRequest[] = [];
  const deploys = new Map<number, RollbarDeploy>();
  const items: unknown[] = [];
  let failures: Array<{ status: number; headers: Record<string, string> }> = [];
  let nextDeployId = 1000;

  const reply = (
    res: ServerResponse,
    status: number,
    body: unknown,
    headers: Record<string, string> = {},
  ) => {
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
    requests.push({
      method: req.method ?? 'GET',
      path: url.pathname + url.search,
      headers: req.headers,
      body,
    });

    const failure = failures.shift();
    if (failure) {
      reply(res, failure.status, { err: 1, message: 'simulated failure' }, failure.headers);
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
    failNext(count, status, headers = {}) {
      failures = [...failures, ...Array.from({ length: count }, () => ({ status, headers }))];
    },
    close: () =>
      new Promise<void>((resolve) => {
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
