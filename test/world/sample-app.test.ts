import { describe, expect, it } from 'vitest';
import { requestDeployment } from '../../src/probe/index.js';
import type { TestDeps } from '../support/deps.js';
import { appForTest, depsForTest } from '../support/per-test.js';
import type { SampleApp } from './sample-app.js';

// The simulated app is shared by the demo, the bench and the end-to-end tests; its control surface and
// Hemera API are checked here so that a broken world fails loudly in one place.

let app: SampleApp | undefined;
let deps: TestDeps;

const call = (url: string, method: 'GET' | 'POST' = 'GET', body?: unknown) =>
  requestDeployment({
    url,
    method,
    body,
    scopedHeaders: [],
    timeoutMs: 1000,
    dispatcher: deps.dispatcher,
    signal: deps.signal,
  });

describe('sample app', () => {
  it('switches mode through the control API, as the demo does from another process', async () => {
    deps = depsForTest();
    app = await appForTest();
    const control = await call(`${app.origin}/__control`, 'POST', {
      mode: 'degraded',
      responseTimes: { database: 999 },
    });
    expect(control).toMatchObject({ ok: true, status: 200 });
    expect(app.mode).toBe('degraded');
    const health = await call(`${app.url}/api/health/deployment`);
    expect(health).toMatchObject({ ok: true, status: 206 });
    const body = health.ok ? JSON.parse(health.body) : undefined;
    expect(body.summary.overallStatus).toBe('degraded');
    expect(body.services.payment.status).toBe('fail');
    expect(body.services.database.responseTime).toBe(999);
    // control requests are not recorded as app traffic
    expect(app.requests.map((r) => r.path)).toEqual(['/api/health/deployment']);

    const refused = await call(`${app.origin}/__control`, 'POST', { mode: 'sideways' });
    expect(refused).toMatchObject({ ok: true, status: 400 });
  });

  it('answers the original design POST actions and records them', async () => {
    deps = depsForTest();
    app = await appForTest({ basePath: '/app' });
    const forced = await call(`${app.url}/api/health/deployment`, 'POST', { action: 'force_check' });
    expect(forced).toMatchObject({ ok: true, status: 200 });
    expect(forced.ok && JSON.parse(forced.body).summary.overallStatus).toBe('healthy');
    const monitoring = await call(`${app.url}/api/health/deployment`, 'POST', {
      action: 'start_monitoring',
      intervalMinutes: 5,
    });
    expect(monitoring.ok && JSON.parse(monitoring.body)).toMatchObject({ success: true, intervalMinutes: 5 });
    const unknown = await call(`${app.url}/api/health/deployment`, 'POST', { action: 'reboot' });
    expect(unknown).toMatchObject({ ok: true, status: 400 });
    expect(app.actions).toEqual([
      { action: 'force_check' },
      { action: 'start_monitoring', intervalMinutes: 5 },
    ]);
    expect(app.requests.map((r) => [r.method, r.body])).toEqual([
      ['POST', '{"action":"force_check"}'],
      ['POST', '{"action":"start_monitoring","intervalMinutes":5}'],
      ['POST', '{"action":"reboot"}'],
    ]);
  });

  it('serves the dashboard, and 404 elsewhere', async () => {
    deps = depsForTest();
    app = await appForTest({ basePath: '/app' });
    const dashboard = await call(`${app.url}/admin/monitoring/deployment`);
    expect(dashboard).toMatchObject({ ok: true, status: 200 });
    expect(dashboard.ok && dashboard.contentType).toContain('text/html');
    expect(await call(`${app.origin}/api/health/deployment`)).toMatchObject({ ok: true, status: 404 });
  });

  it('closes promptly while a request hangs', async () => {
    deps = depsForTest();
    app = await appForTest({ mode: 'hanging' });
    const pending = call(`${app.url}/api/health/deployment`);
    await new Promise((resolve) => setTimeout(resolve, 50));
    const started = Date.now();
    await app.close();
    app = undefined;
    expect(Date.now() - started).toBeLessThan(500);
    expect(await pending).toMatchObject({ ok: false, error: 'ECONNRESET' });
  });
});
