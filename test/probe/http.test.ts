import type { IncomingHttpHeaders } from 'node:http';
import { describe, expect, it } from 'vitest';
import { ACCEPT, USER_AGENT } from '../../src/probe/headers.js';
import { requestDeployment } from '../../src/probe/http.js';
import type { TestDeps } from '../support/deps.js';
import { appForTest, closeRawServers, depsForTest, rawServer } from '../support/per-test.js';
import type { SampleApp } from '../world/sample-app.js';

const SECRET = 'bypass-secret-value';
let app: SampleApp | undefined;
let deps: TestDeps;

const get = (url: string, extra: Partial<Parameters<typeof requestDeployment>[0]> = {}) =>
  requestDeployment({
    url,
    scopedHeaders: [
      ['x-vercel-protection-bypass', SECRET],
      ['X-Custom-Token', 'custom-value'],
    ],
    timeoutMs: 1000,
    dispatcher: deps.dispatcher,
    signal: deps.signal,
    ...extra,
  });

const hasSecrets = (headers: IncomingHttpHeaders) =>
  headers['x-vercel-protection-bypass'] !== undefined || headers['x-custom-token'] !== undefined;

describe('requestDeployment', () => {
  it('sends accept, user-agent and the scoped headers to the deployment', async () => {
    deps = depsForTest();
    app = await appForTest();
    const answer = await get(`${app.url}/api/health/deployment`);
    expect(answer).toMatchObject({
      ok: true,
      status: 200,
      redirects: 0,
      truncated: false,
      scopedHeadersSent: true,
    });
    expect(answer.ok && answer.contentType).toBe('application/json; charset=utf-8');
    const [seen] = app.requests;
    expect(seen?.headers.accept).toBe(ACCEPT);
    expect(seen?.headers['user-agent']).toBe(USER_AGENT);
    expect(seen?.headers['x-vercel-protection-bypass']).toBe(SECRET);
    expect(seen?.headers['x-custom-token']).toBe('custom-value');
  });

  it('drops the scoped headers on a redirect to another origin', async () => {
    deps = depsForTest();
    app = await appForTest({ mode: 'redirecting', modeOptions: { redirect: 'cross-origin' } });
    const answer = await get(`${app.url}/api/health/deployment`);
    expect(answer).toMatchObject({ ok: true, status: 200, redirects: 1, scopedHeadersSent: false });
    expect(answer.ok && answer.finalUrl.startsWith(app.otherOrigin)).toBe(true);
    const [first, second] = app.requests;
    expect(first?.server).toBe('app');
    expect(hasSecrets(first?.headers ?? {})).toBe(true);
    expect(second?.server).toBe('redirect-target');
    expect(hasSecrets(second?.headers ?? {})).toBe(false);
    expect(second?.headers['user-agent']).toBe(USER_AGENT);
  });

  it('keeps them on a same-origin redirect', async () => {
    deps = depsForTest();
    app = await appForTest({ mode: 'redirecting', modeOptions: { redirect: 'same-origin' } });
    const answer = await get(`${app.url}/api/health/deployment`);
    expect(answer).toMatchObject({ ok: true, status: 200, redirects: 1, scopedHeadersSent: true });
    expect(app.requests.map((r) => hasSecrets(r.headers))).toEqual([true, true]);
  });

  it('does not give them back when a redirect chain returns to the first origin', async () => {
    deps = depsForTest();
    app = await appForTest({ mode: 'redirecting', modeOptions: { redirect: 'round-trip' } });
    const answer = await get(`${app.url}/api/health/deployment`);
    expect(answer).toMatchObject({ ok: true, status: 200, redirects: 2, scopedHeadersSent: false });
    expect(app.requests.map((r) => [r.server, hasSecrets(r.headers)])).toEqual([
      ['app', true],
      ['redirect-target', false],
      ['app', false],
    ]);
  });

  it('stops reading at the cap and says the body was truncated', async () => {
    deps = depsForTest();
    app = await appForTest({ mode: 'huge', modeOptions: { hugeBytes: 3 * 1024 * 1024 } });
    const answer = await get(`${app.url}/api/health/deployment`, { maxBytes: 64 * 1024 });
    expect(answer).toMatchObject({ ok: true, status: 200, truncated: true });
    expect(answer.ok && Buffer.byteLength(answer.body)).toBe(64 * 1024);
  });

  it('times headers and body together: a body that stalls is a timeout', async () => {
    deps = depsForTest();
    const url = await rawServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write('{"summary":'); // ...and never finishes
    });
    const started = Date.now();
    const answer = await get(url, { timeoutMs: 250 });
    expect(answer).toMatchObject({ ok: false, error: 'timeout' });
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it('names a refused connection', async () => {
    deps = depsForTest();
    const url = await rawServer(() => {});
    await closeRawServers();
    const answer = await get(url);
    expect(answer).toMatchObject({ ok: false, error: 'ECONNREFUSED' });
    expect(!answer.ok && answer.message).toMatch(/^connection refused/);
  });

  it('names a dropped connection', async () => {
    deps = depsForTest();
    app = await appForTest({ mode: 'flaky', modeOptions: { failures: 5, failWith: 'drop' } });
    const answer = await get(`${app.url}/api/health/deployment`);
    expect(answer).toMatchObject({ ok: false, error: 'ECONNRESET' });
  });

  it('posts JSON and turns a 303 into a GET without a body', async () => {
    deps = depsForTest();
    const seen: Array<{ method?: string; body: string; type?: string }> = [];
    const url = await rawServer((req, res) => {
      let body = '';
      req.on('data', (c) => (body += c));
      req.on('end', () => {
        seen.push({ method: req.method, body, type: req.headers['content-type'] });
        if (req.url === '/start') {
          res.writeHead(303, { location: '/done' });
          res.end();
        } else {
          res.writeHead(200, { 'content-type': 'text/plain' });
          res.end('done');
        }
      });
    });
    const answer = await requestDeployment({
      url: `${url}/start`,
      method: 'POST',
      body: { action: 'force_check' },
      scopedHeaders: [],
      timeoutMs: 1000,
      dispatcher: deps.dispatcher,
      signal: deps.signal,
    });
    expect(answer).toMatchObject({ ok: true, status: 200, body: 'done', redirects: 1 });
    expect(seen).toEqual([
      { method: 'POST', body: '{"action":"force_check"}', type: 'application/json' },
      { method: 'GET', body: '', type: undefined },
    ]);
  });

  it('gives up on a redirect loop', async () => {
    deps = depsForTest();
    const url = await rawServer((_req, res) => {
      res.writeHead(302, { location: '/again' });
      res.end();
    });
    const answer = await get(url, { maxRedirects: 3 });
    expect(answer).toMatchObject({ ok: false, error: 'redirect', redirects: 3 });
    expect(!answer.ok && answer.message).toContain('more than 3 redirects');
  });

  it('returns cancelled promptly when the run is stopped', async () => {
    deps = depsForTest();
    app = await appForTest({ mode: 'hanging' });
    setTimeout(() => deps.abort.abort(new Error('SIGTERM')), 50);
    const started = Date.now();
    const answer = await get(`${app.url}/api/health/deployment`, { timeoutMs: 5000 });
    expect(answer).toMatchObject({ ok: false, error: 'cancelled' });
    expect(Date.now() - started).toBeLessThan(500);
  });
});
