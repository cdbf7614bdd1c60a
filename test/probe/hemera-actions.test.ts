import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { forceCheck, startMonitoring } from '../../src/probe/hemera-actions.js';
import type { ProbeSettings } from '../../src/probe/index.js';
import type { TestDeps } from '../support/deps.js';
import { depsForTest } from '../support/per-test.js';
import { fastProbeSettings } from '../support/settings.js';
import { HEALTH_PATH, type SampleApp } from '../world/sample-app.js';
import { probeSetup } from './support.js';

let deps: TestDeps;
const setup = probeSetup((fresh) => {
  deps = fresh;
});

/** Short backoff; a generous request timeout (unless a test is about timeouts) so a busy machine cannot flake. */
const settings = (overrides: Partial<ProbeSettings> = {}) =>
  fastProbeSettings({ requestTimeoutMs: 2000, ...overrides });
const warnings = () => deps.logger.lines.filter((l) => l.level === 'warning').map((l) => l.message);
const posts = (a: SampleApp) => a.requests.filter((r) => r.method === 'POST');

describe('forceCheck: POST {"action":"force_check"} before probing', () => {
  it('asks the original design app to run its checks, as JSON, and says so without a warning', async () => {
    const app = await setup();
    const result = await forceCheck(app.url, settings(), deps);
    expect(result).toEqual({ ok: true, detail: 'the app ran its checks (HTTP 200)' });
    expect(app.actions).toEqual([{ action: 'force_check' }]);
    const [post] = posts(app);
    expect(post?.path).toBe(HEALTH_PATH);
    expect(post?.headers['content-type']).toBe('application/json');
    expect(JSON.parse(post?.body ?? '')).toEqual({ action: 'force_check' });
    expect(warnings()).toEqual([]);
    expect(deps.logger.text()).toContain('info: force_check: the app ran its checks (HTTP 200).');
  });

  it.each([
    ['degraded', 'the app ran its checks and reports degraded (HTTP 206)'],
    ['unhealthy', 'the app ran its checks and reports unhealthy (HTTP 503)'],
  ] as const)(
    'takes the original design’s %s answer as done, not as a failure to retry',
    async (mode, detail) => {
      const app = await setup({ mode });
      const result = await forceCheck(app.url, settings(), deps);
      expect(result).toEqual({ ok: true, detail });
      expect(posts(app)).toHaveLength(1);
      expect(warnings()).toEqual([]);
    },
  );

  it('sends the bypass secret and custom headers to the deployment, and never logs them', async () => {
    const app = await setup({ mode: 'protected', bypassSecret: 'bypass-secret-123' });
    const withSecrets = settings({
      protectionBypass: 'bypass-secret-123',
      headers: [['x-custom-auth', 'header-secret-456']],
    });
    const result = await forceCheck(app.url, withSecrets, deps);
    expect(result.ok).toBe(true);
    expect(posts(app)[0]?.headers['x-vercel-protection-bypass']).toBe('bypass-secret-123');
    expect(posts(app)[0]?.headers['x-custom-auth']).toBe('header-secret-456');
    expect(deps.logger.text()).not.toMatch(/bypass-secret-123|header-secret-456/);
  });

  it.each([
    [404, 'Not Found'],
    [405, undefined],
    [400, { error: 'Invalid action' }],
    [501, undefined],
  ])('an app without the POST API (HTTP %i) gets one warning and no failure', async (status, body) => {
    const app = await setup();
    app.route(HEALTH_PATH, (req) =>
      req.method === 'POST' ? { status, ...(body === undefined ? {} : { body }) } : { status: 200 },
    );
    const result = await forceCheck(app.url, settings(), deps);
    expect(result.ok).toBe(false);
    expect(result.detail).toContain(`HTTP ${status}`);
    expect(result.detail).toContain("does not support the Hemera health API's POST");
    expect(posts(app)).toHaveLength(1); // a refusal is final
    const [warning, ...more] = warnings();
    expect(more).toEqual([]);
    expect(warning).toContain('`force-check`: POST {"action":"force_check"} to http://127.0.0.1:');
    expect(warning).toContain('The probe goes ahead without it');
    if (status === 400) expect(warning).toContain('"Invalid action"');
    expect(deps.logger.lines.some((l) => l.level === 'error')).toBe(false);
  });

  it('an app that hangs costs one request timeout and one warning', async () => {
    const app = await setup();
    app.route(HEALTH_PATH, 'hang');
    const started = Date.now();
    const result = await forceCheck(app.url, settings({ requestTimeoutMs: 200 }), deps);
    expect(Date.now() - started).toBeLessThan(400);
    expect(result).toEqual({ ok: false, detail: 'no answer: timeout — no complete answer within 200 ms' });
    expect(posts(app)).toHaveLength(1); // the app may be working on it: not repeated
    expect(warnings()).toHaveLength(1);
    expect(warnings()[0]).toContain('no complete answer within 200 ms');
  });

  it('retries a 503 from the edge (no JSON) and succeeds', async () => {
    const app = await setup();
    let calls = 0;
    app.route(HEALTH_PATH, () =>
      ++calls === 1 ? { status: 503, body: 'Service Unavailable' } : { status: 200, body: {} },
    );
    const result = await forceCheck(app.url, settings(), deps);
    expect(result.ok).toBe(true);
    expect(calls).toBe(2);
    expect(warnings()).toEqual([]);
  });

  it('a refused connection is retried a bounded number of times, then one warning', async () => {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as AddressInfo).port;
    await new Promise<void>((resolve) => server.close(() => resolve()));
    deps = depsForTest();
    const result = await forceCheck(`http://127.0.0.1:${port}`, settings(), deps);
    expect(result.ok).toBe(false);
    expect(result.detail).toMatch(/^no answer: ECONNREFUSED — connection refused .*\(3 attempts\)$/);
    expect(warnings()).toHaveLength(1);
    expect(deps.logger.lines.filter((l) => l.message.includes('retrying in'))).toHaveLength(2);
  });

  it('a protected deployment without the bypass secret: one warning that names `protection-bypass`', async () => {
    const app = await setup({ mode: 'protected', bypassSecret: 'bypass-secret-123' });
    const result = await forceCheck(app.url, settings(), deps);
    expect(result.ok).toBe(false);
    expect(result.detail).toContain('HTTP 401');
    expect(warnings()).toHaveLength(1);
    expect(warnings()[0]).toContain('`protection-bypass`');
  });

  it('does nothing and warns nothing once the run is cancelled', async () => {
    const app = await setup();
    deps.abort.abort(new Error('SIGTERM'));
    const result = await forceCheck(app.url, settings(), deps);
    expect(result).toEqual({ ok: false, detail: 'force_check cancelled with the run' });
    expect(app.requests).toHaveLength(0);
    expect(warnings()).toEqual([]);
  });
});

describe('startMonitoring: POST {"action":"start_monitoring","intervalMinutes":N} after a healthy verdict', () => {
  it('starts the original design app’s monitoring and reports what the app said', async () => {
    const app = await setup();
    const result = await startMonitoring(app.url, settings(), deps, 5);
    expect(app.actions).toEqual([{ action: 'start_monitoring', intervalMinutes: 5 }]);
    expect(JSON.parse(posts(app)[0]?.body ?? '')).toEqual({ action: 'start_monitoring', intervalMinutes: 5 });
    expect(result).toEqual({
      ok: true,
      detail:
        'the app started monitoring every 5 min (HTTP 200: "Continuous monitoring started (every 5 minutes)")',
    });
    expect(warnings()).toEqual([]);
  });

  it('an app without the POST API: one warning that says what to do instead', async () => {
    const app = await setup();
    app.route(HEALTH_PATH, (req) => (req.method === 'POST' ? { status: 405 } : { status: 200 }));
    const result = await startMonitoring(app.url, settings(), deps, 10);
    expect(result.ok).toBe(false);
    expect(warnings()).toHaveLength(1);
    expect(warnings()[0]).toContain(
      '`start-monitoring`: POST {"action":"start_monitoring","intervalMinutes":10}',
    );
    expect(warnings()[0]).toContain('run this action on a schedule');
    expect(warnings()[0]).toContain("'*/10 * * * *'");
  });

  it('a dropped connection or a hang never throws', async () => {
    const app = await setup();
    app.route(HEALTH_PATH, 'drop');
    const dropped = await startMonitoring(app.url, settings(), deps, 5);
    expect(dropped.ok).toBe(false);
    expect(dropped.detail).toContain('ECONNRESET');
    app.route(HEALTH_PATH, 'hang');
    const hung = await startMonitoring(app.url, settings({ requestTimeoutMs: 100 }), deps, 5);
    expect(hung.detail).toContain('timeout');
    expect(warnings()).toHaveLength(2);
  });

  it('keeps remote text out of the log as commands', async () => {
    const app = await setup();
    app.route(HEALTH_PATH, { status: 400, body: { error: '::set-output name=x::pwned\nmore' } });
    await startMonitoring(app.url, settings(), deps, 5);
    expect(warnings()[0]).toContain('": :set-output name=x: :pwned more"');
    expect(deps.logger.text()).not.toContain('::set-output');
  });
});
