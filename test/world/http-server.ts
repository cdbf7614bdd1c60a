import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * Small shared pieces for the simulated APIs (Vercel, GitHub): a real `http` server on 127.0.0.1 port 0,
 * a route table with `:params`, JSON replies, injected failures, a request log, and a close that also ends
 * long-lived (streaming) responses.
 */

/** One request as the simulator saw it, in arrival order in `SimServer.requests`. */
export interface LoggedRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  headers: IncomingHttpHeaders;
  /** Status the simulator answered with (set when the answer starts). */
  status?: number | undefined;
  /** Date.now() when the request arrived (real time, for gaps between requests). */
  at: number;
  /** Parsed JSON request body (the raw text when it is not JSON; undefined when there is none). */
  body?: unknown;
  /** The API operation the request was for, when the simulator knows it (GitHub: `checks/create`). */
  operation?: string | undefined;
  /** The connection closed before the simulator answered (the client gave up, e.g. on cancellation). */
  aborted?: boolean;
}

/** Which requests something applies to: method and/or path (substring or RegExp). */
export interface RequestFilter {
  method?: string;
  path?: string | RegExp;
}

/** What a handler answers. */
export interface Reply {
  status?: number;
  headers?: Record<string, string>;
  /** JSON-encoded unless it is a string; omitted for 304. */
  body?: unknown;
}

/** What a handler gets: the request, its route parameters, query, parsed body and log entry. */
export interface RouteContext {
  req: IncomingMessage;
  res: ServerResponse;
  params: Record<string, string>;
  query: URLSearchParams;
  /** Parsed JSON request body (undefined for GET). */
  body: unknown;
  log: LoggedRequest;
}

/** A handler returns a reply, or `'handled'` when it wrote the response itself (streams). */
export type Handler = (ctx: RouteContext) => Reply | 'handled' | Promise<Reply | 'handled'>;

interface Route {
  method: string;
  pattern: RegExp;
  names: string[];
  handler: Handler;
}

/** Routes by method and `:param` pattern; the first that matches wins. */
export class RouteTable {
  private readonly routes: Route[] = [];

  /**
   * `pattern` like `/repos/:owner/:repo/deployments/:id`; `:name+` also matches `/` (a ref like `heads/main`).
   * Values are percent-decoded.
   */
  add(method: string, pattern: string, handler: Handler): this {
    const names: string[] = [];
    const source = pattern.replace(/:([a-zA-Z_]+)(\+?)/g, (_, name: string, multi: string) => {
      names.push(name);
      return multi ? '(.+?)' : '([^/]+)';
    });
    this.routes.push({ method: method.toUpperCase(), pattern: new RegExp(`^${source}$`), names, handler });
    return this;
  }

  /** The handler and decoded parameters, `'wrong-method'` when only other methods match, else undefined. */
  match(
    method: string,
    path: string,
  ): { handler: Handler; params: Record<string, string> } | 'wrong-method' | undefined {
    let pathMatched = false;
    for (const route of this.routes) {
      const m = route.pattern.exec(path);
      if (!m) continue;
      pathMatched = true;
      if (route.method !== method) continue;
      const params = Object.fromEntries(
        route.names.map((name, i) => [name, decodeURIComponent(m[i + 1] ?? '')]),
      );
      return { handler: route.handler, params };
    }
    return pathMatched ? 'wrong-method' : undefined;
  }
}

/** An injected failure (see `SimServer.failNext`). */
export interface Fault {
  status: number;
  /** Seconds, sent as `Retry-After`. */
  retryAfter?: number;
  headers?: Record<string, string>;
  body?: unknown;
  /** Only requests whose path matches (substring or RegExp) consume this fault. */
  path?: string | RegExp;
  /** Only requests with this method consume it. */
  method?: string;
  /** Only requests for which this returns true (it sees the parsed body: `log.body`) consume it. */
  when?: (request: LoggedRequest) => boolean;
  /**
   * Carry the request out first (guard, route, handler: whatever it changes stays changed), and only then
   * answer with this fault instead of the handler's reply: a write whose answer was lost on its way back
   * (a 502 from a proxy after the origin did the work).
   */
  afterHandling?: boolean;
  /** Drop the connection instead of answering (with `afterHandling`: after carrying the request out). */
  drop?: boolean;
}

/** A running simulated API server. */
export interface SimServer {
  url: string;
  requests: LoggedRequest[];
  /** Requests so far, optionally only those matching method and/or path (substring or RegExp). */
  requestCount(filter?: { method?: string; path?: string | RegExp }): number;
  /** The next `count` matching requests answer with this fault instead of being routed. */
  failNext(count: number, fault: Fault): void;
  /** Drops every fault still queued by `failNext`. */
  clearFaults(): void;
  /**
   * Every matching request (all when `filter` is omitted) waits `ms` before it is handled, so a test can
   * have requests in flight (cancellation). A request whose client disconnects during the wait is not
   * handled at all (logged with `aborted: true`). `setLatency(0)` turns it off.
   */
  setLatency(ms: number, filter?: RequestFilter): void;
  close(): Promise<void>;
}

/** Hooks of {@link startSimServer}. */
export interface SimServerOptions {
  /** Runs after faults and before routing; a reply ends the request (auth checks). */
  guard?: (ctx: RouteContext) => Reply | undefined;
  /** Body for unknown routes. */
  notFound?: (method: string, path: string) => unknown;
  /**
   * A request whose client gave up during `setLatency` is still carried out (only the answer is lost), as a
   * slow server would; by default it is dropped. Rollbar's simulator needs this: it is what makes repeating
   * a timed-out POST a duplicate.
   */
  finishAbandoned?: boolean;
}

/** Whether a logged request matches a filter. */
export function matches(log: LoggedRequest, filter: RequestFilter): boolean {
  if (filter.method && log.method !== filter.method.toUpperCase()) return false;
  if (filter.path === undefined) return true;
  return typeof filter.path === 'string' ? log.path.includes(filter.path) : filter.path.test(log.path);
}

/** Writes a reply (JSON unless the body is a string; no body for 304). */
export function sendJson(res: ServerResponse, reply: Reply): void {
  if (res.destroyed) return;
  const status = reply.status ?? 200;
  if (status === 304 || reply.body === undefined) {
    res.writeHead(status, reply.headers ?? {});
    res.end();
    return;
  }
  const text = typeof reply.body === 'string' ? reply.body : JSON.stringify(reply.body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...reply.headers });
  res.end(text);
}

/** Starts a route table on 127.0.0.1, on a free port. */
export async function startSimServer(routes: RouteTable, options: SimServerOptions = {}): Promise<SimServer> {
  const requests: LoggedRequest[] = [];
  const faults: Array<{ remaining: number; fault: Fault }> = [];
  let latency: { ms: number; filter: RequestFilter } = { ms: 0, filter: {} };
  // Pending latency waits, ended early when the server closes so no timer outlives it.
  const waits = new Set<() => void>();

  const server = createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const log: LoggedRequest = {
      method: req.method ?? 'GET',
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      headers: req.headers,
      at: Date.now(),
    };
    requests.push(log);
    res.on('close', () => {
      if (!res.writableFinished) log.aborted = true;
    });
    const originalWriteHead = res.writeHead.bind(res);
    res.writeHead = ((status: number, ...rest: unknown[]) => {
      log.status = status;
      return (originalWriteHead as (...args: unknown[]) => ServerResponse)(status, ...rest);
    }) as typeof res.writeHead;

    try {
      const body = await readJsonBody(req);
      if (body !== undefined) log.body = body;
      if (latency.ms > 0 && matches(log, latency.filter)) {
        await wait(latency.ms);
        if ((log.aborted || res.destroyed) && !options.finishAbandoned) {
          log.aborted = true;
          return;
        }
      }
      const ctx: RouteContext = { req, res, params: {}, query: url.searchParams, body, log };

      const fault = faults.find(
        (f) =>
          f.remaining > 0 &&
          matches(log, { path: f.fault.path, method: f.fault.method }) &&
          (f.fault.when?.(log) ?? true),
      );
      const answerFault = (f: Fault) => {
        if (f.drop) {
          log.status = 0;
          res.socket?.destroy();
          return;
        }
        const headers = { ...f.headers };
        if (f.retryAfter !== undefined) headers['retry-after'] = String(f.retryAfter);
        sendJson(res, {
          status: f.status,
          headers,
          body: f.body ?? { error: { code: 'simulated', message: `simulated ${f.status}` } },
        });
      };
      if (fault) fault.remaining--;
      if (fault && !fault.fault.afterHandling) {
        answerFault(fault.fault);
        return;
      }
      // Sends the handler's reply, or — for a fault after handling — the fault instead.
      const reply = (r: Reply) => (fault ? answerFault(fault.fault) : sendJson(res, r));
      const refused = options.guard?.(ctx);
      if (refused) {
        reply(refused);
        return;
      }
      const route = routes.match(log.method, url.pathname);
      if (route === undefined || route === 'wrong-method') {
        reply({
          status: route === undefined ? 404 : 405,
          body: options.notFound?.(log.method, url.pathname) ?? { message: 'Not Found' },
        });
        return;
      }
      ctx.params = route.params;
      const handled = await route.handler(ctx);
      if (handled !== 'handled') reply(handled);
    } catch (error) {
      if (!res.headersSent) sendJson(res, { status: 500, body: { message: String(error) } });
      else res.destroy();
    }
  });

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

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    requestCount: (filter = {}) => requests.filter((r) => matches(r, filter)).length,
    failNext(count, fault) {
      faults.push({ remaining: count, fault });
    },
    clearFaults() {
      faults.length = 0;
    },
    setLatency(ms, filter = {}) {
      latency = { ms: Math.max(0, ms), filter };
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
        for (const done of [...waits]) done();
      }),
  };
}

async function readJsonBody(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > 1024 * 1024) throw new Error('request body too large');
    chunks.push(chunk as Buffer);
  }
  if (chunks.length === 0) return undefined;
  const text = Buffer.concat(chunks).toString('utf8');
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
