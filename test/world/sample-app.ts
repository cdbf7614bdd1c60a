import {
  createServer,
  type IncomingHttpHeaders,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

/**
 * A stand-in for the original design's Hemera app (deployment-monitoring.de.md): a real HTTP server on 127.0.0.1 with
 * the health endpoint, the monitoring dashboard, and a second server on another port as a redirect target
 * (another origin). Behaviour is switched at runtime — from the test (`setMode`) or from another process
 * (`POST /__control`) — and every request is recorded for assertions.
 */

export type Mode =
  | 'healthy'
  | 'degraded'
  | 'unhealthy'
  | 'flaky'
  | 'slow'
  | 'hanging'
  | 'protected'
  | 'redirecting'
  | 'malformed'
  | 'huge'
  | 'health+json'
  | 'not-found';

export const MODES: readonly Mode[] = [
  'healthy',
  'degraded',
  'unhealthy',
  'flaky',
  'slow',
  'hanging',
  'protected',
  'redirecting',
  'malformed',
  'huge',
  'health+json',
  'not-found',
];

export type ServiceKey = 'database' | 'authentication' | 'payment' | 'monitoring' | 'analytics';

export interface ModeOptions {
  /** flaky: how many health requests fail before it turns healthy (default 2). */
  failures?: number;
  /**
   * flaky: fail every k-th health request instead (the k-th, 2k-th, …), for as long as the mode lasts, so an
   * observation window sees an error rate of 1/k. Takes precedence over `failures`.
   */
  failEvery?: number;
  /** flaky: how they fail — an HTTP status (502 HTML by default; 429/503 with an empty body) or a dropped connection. */
  failWith?: number | 'drop';
  /** flaky: `Retry-After` seconds sent with the failing answers. */
  retryAfterSeconds?: number;
  /** slow: delay before answering, ms (default 1000). */
  delayMs?: number;
  /** protected: the secret that lets a request through (default: the app's `bypassSecret`). */
  bypassSecret?: string;
  /** redirecting: to the other server (default), within this server, or out to the other server and back. */
  redirect?: 'cross-origin' | 'same-origin' | 'round-trip';
  /** malformed: a body that is not JSON at all, or valid JSON with `summary.overallStatus: "great"`. */
  malformed?: 'invalid-json' | 'broken-field';
  /** huge: body size in bytes (default 2 MiB). */
  hugeBytes?: number;
  /** health+json: the document's `status` (default pass; fail answers 503). */
  healthJsonStatus?: 'pass' | 'warn' | 'fail';
  /** Any health mode: send this HTTP code instead of the format's own (code/body disagreement). */
  httpStatus?: number;
  /** Per-service `responseTime` in ms. */
  responseTimes?: Partial<Record<ServiceKey, number>>;
  /** Hemera modes: numbers added to a service's `details` (extended metrics `<service>_<detail>`). */
  details?: Partial<Record<ServiceKey, Record<string, unknown>>>;
  /** Hemera modes: the body's top-level `metrics` object (extended metrics `metrics_<name>`). */
  metrics?: Record<string, unknown>;
}

export interface RecordedRequest {
  /** `app` for the main server, `redirect-target` for the other origin. */
  server: 'app' | 'redirect-target';
  method: string;
  /** Path and query as received. */
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
  at: number;
}

/** What an extra route answers (see `SampleApp.route`). */
export type RouteReply =
  | {
      status?: number;
      /** JSON-encoded unless it is a string. */
      body?: unknown;
      headers?: Record<string, string>;
      /** Wait this long before answering. */
      delayMs?: number;
    }
  /** Never answer (close() ends it). */
  | 'hang'
  /** Drop the connection without an answer. */
  | 'drop';

export type RouteHandler = (request: RecordedRequest) => RouteReply;

export interface SampleApp {
  /** Base URL of the deployment, including the base path (no trailing slash). */
  url: string;
  /** `http://127.0.0.1:PORT` of the main server. */
  origin: string;
  /** `http://127.0.0.1:PORT` of the redirect target (another origin). */
  otherOrigin: string;
  /** Every request to both servers, control requests excluded. */
  requests: RecordedRequest[];
  /** POST actions the health endpoint accepted (`force_check`, `start_monitoring`). */
  actions: Array<{ action: string; intervalMinutes?: number }>;
  readonly mode: Mode;
  readonly options: ModeOptions;
  setMode(mode: Mode, options?: ModeOptions): void;
  /**
   * Serves `path` (under the base path, any method) with a fixed reply or a handler. Routes take precedence
   * over the built-in ones (health, dashboard, Stripe webhook), so a test can also break those; Deployment
   * Protection still applies. `route(path, undefined)` removes it.
   */
  route(path: string, reply: RouteReply | RouteHandler | undefined): void;
  /** `/api/webhooks/stripe`: `ok` answers 200 `{"ok":true}` (default); `failing` answers 500. */
  setStripeWebhook(state: 'ok' | 'failing'): void;
  /** Requests to the health path (either server), in order. */
  healthRequests(server?: RecordedRequest['server']): RecordedRequest[];
  clearRequests(): void;
  /** Stops both servers, destroying open (also hanging) connections. */
  close(): Promise<void>;
}

export interface SampleAppOptions {
  basePath?: string;
  bypassSecret?: string;
  mode?: Mode;
  modeOptions?: ModeOptions;
  responseTimes?: Partial<Record<ServiceKey, number>>;
  /** Fixed port for the main server (the demo); 0 (default) picks a free one. */
  port?: number;
}

export const HEALTH_PATH = '/api/health/deployment';
export const DASHBOARD_PATH = '/admin/monitoring/deployment';
export const CONTROL_PATH = '/__control';
export const STRIPE_WEBHOOK_PATH = '/api/webhooks/stripe';

const DEFAULT_RESPONSE_TIMES: Record<ServiceKey, number> = {
  database: 45,
  authentication: 12,
  payment: 80,
  monitoring: 20,
  analytics: 8,
};

const PROVIDERS: Record<ServiceKey, Record<string, unknown>> = {
  database: { provider: 'postgresql', connection: 'verified' },
  authentication: { provider: 'clerk', configured: true },
  payment: { provider: 'stripe', mode: 'test' },
  monitoring: { provider: 'rollbar', configured: true },
  analytics: { provider: 'internal', tracking: 'enabled' },
};

export async function startSampleApp(options: SampleAppOptions = {}): Promise<SampleApp> {
  const basePath = (options.basePath ?? '').replace(/\/+$/, '');
  const requests: RecordedRequest[] = [];
  const actions: SampleApp['actions'] = [];
  const sockets = new Set<Socket>();
  const timers = new Set<NodeJS.Timeout>();
  const baseResponseTimes = { ...DEFAULT_RESPONSE_TIMES, ...options.responseTimes };
  let mode: Mode = options.mode ?? 'healthy';
  let modeOptions: ModeOptions = options.modeOptions ?? {};
  /** Health requests since the mode was set, for `flaky`. */
  let healthCount = 0;
  const extraRoutes = new Map<string, RouteReply | RouteHandler>();
  let stripeWebhook: 'ok' | 'failing' = 'ok';

  const setMode = (next: Mode, nextOptions: ModeOptions = {}) => {
    if (!MODES.includes(next)) throw new Error(`unknown sample-app mode ${JSON.stringify(next)}`);
    mode = next;
    modeOptions = nextOptions;
    healthCount = 0;
  };

  const isHealthPath = (path: string) =>
    path === `${basePath}${HEALTH_PATH}` || path === `${basePath}${HEALTH_PATH}-moved`;

  const later = (ms: number, fn: () => void) => {
    const timer = setTimeout(() => {
      timers.delete(timer);
      fn();
    }, ms);
    timers.add(timer);
  };

  // --- the health answer in the original design's format -------------------------------------------------------------

  const hemeraBody = (overall: 'healthy' | 'degraded' | 'unhealthy', failing: ServiceKey | undefined) => {
    const now = new Date().toISOString();
    const times = { ...baseResponseTimes, ...modeOptions.responseTimes };
    const services = Object.fromEntries(
      (Object.keys(DEFAULT_RESPONSE_TIMES) as ServiceKey[]).map((key) => [
        key,
        {
          name: key,
          status: key === failing ? 'fail' : 'pass',
          responseTime: times[key],
          details: {
            ...PROVIDERS[key],
            ...modeOptions.details?.[key],
            ...(key === failing ? { error: `${key} check failed` } : {}),
          },
          lastChecked: now,
        },
      ]),
    );
    const failed = failing ? 1 : 0;
    return {
      timestamp: now,
      requestId: `req_${Math.random().toString(36).slice(2, 14)}`,
      deployment: {
        version: '1.0.0',
        deploymentId: 'dpl_sample123456789',
        timestamp: now,
        region: 'fra1',
        status: overall,
        checks: Object.values(services).map((s) => ({ name: s.name, status: s.status })),
      },
      services,
      ...(modeOptions.metrics ? { metrics: modeOptions.metrics } : {}),
      summary: {
        overallStatus: overall,
        totalChecks: 5,
        passedChecks: 5 - failed,
        failedChecks: failed,
        warningChecks: 0,
      },
    };
  };

  const sendJson = (res: ServerResponse, status: number, body: unknown, contentType = 'application/json') => {
    const text = typeof body === 'string' ? body : JSON.stringify(body);
    res.writeHead(status, { 'content-type': `${contentType}; charset=utf-8`, 'cache-control': 'no-store' });
    res.end(text);
  };

  const sendHtml = (
    res: ServerResponse,
    status: number,
    html: string,
    headers: Record<string, string> = {},
  ) => {
    res.writeHead(status, { 'content-type': 'text/html; charset=utf-8', ...headers });
    res.end(html);
  };

  const answerHemera = (res: ServerResponse, overall: 'healthy' | 'degraded' | 'unhealthy') => {
    const failing: ServiceKey | undefined =
      overall === 'degraded' ? 'payment' : overall === 'unhealthy' ? 'database' : undefined;
    const code = overall === 'healthy' ? 200 : overall === 'degraded' ? 206 : 503;
    sendJson(res, modeOptions.httpStatus ?? code, hemeraBody(overall, failing));
  };

  const answerHealthJson = (res: ServerResponse) => {
    const status = modeOptions.healthJsonStatus ?? 'pass';
    const times = { ...baseResponseTimes, ...modeOptions.responseTimes };
    const now = new Date().toISOString();
    const checks = Object.fromEntries(
      (Object.keys(DEFAULT_RESPONSE_TIMES) as ServiceKey[]).map((key) => [
        `${key}:responseTime`,
        [
          {
            componentId: `${key}-1`,
            componentType: key === 'database' ? 'datastore' : 'component',
            observedValue: times[key],
            observedUnit: 'ms',
            status: key === 'database' && status !== 'pass' ? status : 'pass',
            time: now,
          },
        ],
      ]),
    );
    const body = {
      status,
      version: '1',
      releaseId: '1.0.0',
      serviceId: 'sample-app',
      description: 'health of the sample app',
      checks,
    };
    sendJson(res, modeOptions.httpStatus ?? (status === 'fail' ? 503 : 200), body, 'application/health+json');
  };

  const answerHealth = (req: IncomingMessage, res: ServerResponse) => {
    healthCount += 1;
    switch (mode) {
      case 'healthy':
      case 'protected':
        return answerHemera(res, 'healthy');
      case 'degraded':
        return answerHemera(res, 'degraded');
      case 'unhealthy':
        return answerHemera(res, 'unhealthy');
      case 'health+json':
        return answerHealthJson(res);
      case 'slow':
        return later(modeOptions.delayMs ?? 1000, () => answerHemera(res, 'healthy'));
      case 'hanging':
        return; // never answers; close() destroys the socket
      case 'not-found':
        return sendHtml(res, 404, notFoundPage());
      case 'huge':
        return answerHuge(res);
      case 'malformed':
        if (modeOptions.malformed === 'broken-field') {
          const body = hemeraBody('healthy', undefined);
          return sendJson(res, 200, { ...body, summary: { ...body.summary, overallStatus: 'great' } });
        }
        return sendJson(res, 200, '{"timestamp":"2025-10-12T10:30:00.000Z","summary":{"overallStatus":"heal');
      case 'flaky': {
        const every = modeOptions.failEvery;
        const fails =
          every !== undefined && every > 0
            ? healthCount % every === 0
            : healthCount <= (modeOptions.failures ?? 2);
        if (fails) return answerFailure(req, res);
        return answerHemera(res, 'healthy');
      }
      case 'redirecting':
        return answerHemera(res, 'healthy');
    }
  };

  const answerFailure = (req: IncomingMessage, res: ServerResponse) => {
    const failWith = modeOptions.failWith ?? 502;
    if (failWith === 'drop') {
      req.socket.destroy();
      return;
    }
    const headers: Record<string, string> = {};
    if (modeOptions.retryAfterSeconds !== undefined)
      headers['retry-after'] = String(modeOptions.retryAfterSeconds);
    if (failWith === 429 || failWith === 503) {
      res.writeHead(failWith, { 'content-length': '0', ...headers });
      res.end();
      return;
    }
    sendHtml(
      res,
      failWith,
      `<!DOCTYPE html><html><body><h1>${failWith} Bad Gateway</h1></body></html>`,
      headers,
    );
  };

  const answerHuge = (res: ServerResponse) => {
    const size = modeOptions.hugeBytes ?? 2 * 1024 * 1024;
    const head = JSON.stringify(hemeraBody('healthy', undefined)).slice(0, -1);
    const padding = 'x'.repeat(Math.max(0, size - head.length - 20));
    res.writeHead(200, { 'content-type': 'application/json; charset=utf-8' });
    res.end(`${head},"padding":"${padding}"}`);
  };

  // --- request handling -----------------------------------------------------------------------------------

  const handleApp = (req: IncomingMessage, res: ServerResponse, body: string) => {
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    const method = req.method ?? 'GET';

    if (path === CONTROL_PATH) return handleControl(req, res, body);
    requests.push({
      server: 'app',
      method,
      path: req.url ?? '/',
      headers: req.headers,
      body,
      at: Date.now(),
    });

    if (mode === 'protected') {
      const secret = modeOptions.bypassSecret ?? options.bypassSecret;
      if (!secret || req.headers['x-vercel-protection-bypass'] !== secret) {
        return sendHtml(res, 401, protectionPage(), {
          'x-robots-tag': 'noindex',
          server: 'Vercel',
          'set-cookie': '_vercel_sso_nonce=sample; Path=/; HttpOnly; Secure; SameSite=Lax',
        });
      }
    }

    const extra = extraRoutes.get(path);
    if (extra) {
      const recorded = requests[requests.length - 1] as RecordedRequest;
      return answerRoute(req, res, typeof extra === 'function' ? extra(recorded) : extra);
    }

    if (path === `${basePath}${DASHBOARD_PATH}` && method === 'GET')
      return sendHtml(res, 200, dashboardPage());

    if (path === `${basePath}${STRIPE_WEBHOOK_PATH}`) {
      return stripeWebhook === 'ok'
        ? sendJson(res, 200, { ok: true, received: true })
        : sendJson(res, 500, { ok: false, error: 'Webhook signing secret is not configured' });
    }

    if (path === `${basePath}${HEALTH_PATH}` && mode === 'redirecting') {
      const kind = modeOptions.redirect ?? 'cross-origin';
      const target =
        kind === 'same-origin'
          ? `${basePath}${HEALTH_PATH}-moved`
          : kind === 'round-trip'
            ? `${otherOrigin}/bounce`
            : `${otherOrigin}${basePath}${HEALTH_PATH}`;
      res.writeHead(302, { location: target, 'content-length': '0' });
      res.end();
      return;
    }

    if (isHealthPath(path)) {
      if (method === 'POST') return handleAction(req, res, body);
      if (method === 'GET' || method === 'HEAD') return answerHealth(req, res);
      res.writeHead(405, { allow: 'GET, POST' });
      res.end();
      return;
    }
    sendHtml(res, 404, notFoundPage());
  };

  const answerRoute = (req: IncomingMessage, res: ServerResponse, reply: RouteReply) => {
    if (reply === 'hang') return;
    if (reply === 'drop') {
      req.socket.destroy();
      return;
    }
    const send = () => {
      const body = reply.body;
      const text = body === undefined ? '' : typeof body === 'string' ? body : JSON.stringify(body);
      const type =
        body === undefined
          ? {}
          : {
              'content-type': `${typeof body === 'string' ? 'text/plain' : 'application/json'}; charset=utf-8`,
            };
      res.writeHead(reply.status ?? 200, { ...type, ...reply.headers });
      res.end(text);
    };
    if (reply.delayMs) later(reply.delayMs, send);
    else send();
  };

  /** The original design's POST API: `force_check` runs the checks and answers like GET; `start_monitoring` confirms. */
  const handleAction = (req: IncomingMessage, res: ServerResponse, body: string) => {
    let parsed: unknown;
    try {
      parsed = JSON.parse(body);
    } catch {
      return sendJson(res, 400, { error: 'Invalid JSON body' });
    }
    const action = (parsed as { action?: unknown } | null)?.action;
    if (action === 'force_check') {
      actions.push({ action });
      return answerHealth(req, res);
    }
    if (action === 'start_monitoring') {
      const minutes = (parsed as { intervalMinutes?: unknown }).intervalMinutes ?? 5;
      if (typeof minutes !== 'number' || !Number.isFinite(minutes) || minutes <= 0) {
        return sendJson(res, 400, { error: 'intervalMinutes must be a positive number' });
      }
      actions.push({ action, intervalMinutes: minutes });
      return sendJson(res, 200, {
        success: true,
        message: `Continuous monitoring started (every ${minutes} minutes)`,
        intervalMinutes: minutes,
      });
    }
    return sendJson(res, 400, { error: 'Invalid action', allowed: ['force_check', 'start_monitoring'] });
  };

  const handleControl = (req: IncomingMessage, res: ServerResponse, body: string) => {
    if (req.method === 'POST') {
      let command: { mode?: Mode; clearRequests?: boolean } & ModeOptions;
      try {
        command = JSON.parse(body || '{}');
      } catch {
        return sendJson(res, 400, { error: 'control body must be JSON: {"mode": "...", ...options}' });
      }
      const { mode: nextMode, clearRequests, ...nextOptions } = command;
      if (clearRequests) requests.length = 0;
      if (nextMode !== undefined) {
        try {
          setMode(nextMode, nextOptions);
        } catch (error) {
          return sendJson(res, 400, { error: (error as Error).message, modes: MODES });
        }
      }
    }
    return sendJson(res, 200, { mode, options: modeOptions, requests: requests.length, actions });
  };

  const handleOther = (req: IncomingMessage, res: ServerResponse, body: string) => {
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    requests.push({
      server: 'redirect-target',
      method: req.method ?? 'GET',
      path: req.url ?? '/',
      headers: req.headers,
      body,
      at: Date.now(),
    });
    if (path === '/bounce') {
      // Back to the first origin: secrets dropped on the way out must not come back.
      res.writeHead(302, { location: `${origin}${basePath}${HEALTH_PATH}-moved`, 'content-length': '0' });
      res.end();
      return;
    }
    if (isHealthPath(path)) return answerHemera(res, 'healthy');
    sendHtml(res, 404, notFoundPage());
  };

  const serve = (handler: (req: IncomingMessage, res: ServerResponse, body: string) => unknown) =>
    createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        try {
          handler(req, res, Buffer.concat(chunks).toString('utf8'));
        } catch (error) {
          if (!res.headersSent) sendJson(res, 500, { error: String(error) });
        }
      });
    });

  const track = (server: Server) => {
    server.on('connection', (socket: Socket) => {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
    });
    return server;
  };

  const listen = (server: Server, port: number) =>
    new Promise<number>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => resolve((server.address() as AddressInfo).port));
    });

  const appServer = track(serve(handleApp));
  const otherServer = track(serve(handleOther));
  const origin = `http://127.0.0.1:${await listen(appServer, options.port ?? 0)}`;
  const otherOrigin = `http://127.0.0.1:${await listen(otherServer, 0)}`;

  const closeServer = (server: Server) => new Promise<void>((resolve) => server.close(() => resolve()));

  return {
    url: `${origin}${basePath}`,
    origin,
    otherOrigin,
    requests,
    actions,
    get mode() {
      return mode;
    },
    get options() {
      return modeOptions;
    },
    setMode,
    route(path, reply) {
      const full = `${basePath}${path.startsWith('/') ? path : `/${path}`}`;
      if (reply === undefined) extraRoutes.delete(full);
      else extraRoutes.set(full, reply);
    },
    setStripeWebhook(state) {
      stripeWebhook = state;
    },
    healthRequests: (server) =>
      requests.filter((r) => isHealthPath(r.path.split('?')[0] ?? '') && (!server || r.server === server)),
    clearRequests: () => {
      requests.length = 0;
    },
    close: async () => {
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
      const closing = Promise.all([closeServer(appServer), closeServer(otherServer)]);
      for (const socket of sockets) socket.destroy();
      appServer.closeAllConnections();
      otherServer.closeAllConnections();
      await closing;
    },
  };
}

function protectionPage(): string {
  // Shaped like Vercel's Deployment Protection answer: an HTML login hand-off, status 401.
  return [
    '<!doctype html><html lang="en"><head><meta charset="utf-8">',
    '<title>Authentication Required</title><meta name="robots" content="noindex"></head>',
    '<body><main><h1>Authentication Required</h1>',
    '<p>Vercel Authentication: you need to log in to access this deployment.</p>',
    '<a href="https://vercel.com/sso-api?url=https%3A%2F%2Fexample.vercel.app">Log in with Vercel</a>',
    '</main></body></html>',
  ].join('');
}

function dashboardPage(): string {
  return [
    '<!DOCTYPE html><html lang="de"><head><meta charset="utf-8"><title>Deployment Monitoring</title></head>',
    '<body><h1>Deployment Monitoring</h1><p>Live-Status aller kritischen Services</p>',
    '<div id="services" data-refresh="30"></div></body></html>',
  ].join('');
}

function notFoundPage(): string {
  return '<!DOCTYPE html><html><head><title>404: This page could not be found.</title></head><body><h1>404</h1></body></html>';
}
