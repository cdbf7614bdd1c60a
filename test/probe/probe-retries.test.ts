import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { probeHealth } from '../../src/probe/index.js';
import { recordingClock } from '../support/clocks.js';
import type { TestDeps } from '../support/deps.js';
import { appForTest, depsForTest } from '../support/per-test.js';
import { fastProbeSettings } from '../support/settings.js';
import type { SampleApp } from '../world/sample-app.js';

let app: SampleApp | undefined;
let deps: TestDeps;

async function setup(options: Parameters<typeof appForTest>[0] = {}, clock = recordingClock()) {
  deps = depsForTest({ clock });
  app = await appForTest(options);
  return { app, clock };
}

describe('probeHealth: retries inside the health timeout', () => {
  it('recovers from 502s and spaces the retries by the backoff policy', async () => {
    const { app, clock } = await setup({ mode: 'flaky', modeOptions: { failures: 3, failWith: 502 } });
    const outcome = await probeHealth(app.url, fastProbeSettings(), deps);
    expect(outcome).toMatchObject({ kind: 'answered', document: { status: 'healthy' } });
    expect(outcome.samples.map((s) => s.httpStatus)).toEqual([502, 502, 502, 200]);
    expect(outcome.samples.slice(0, 3).every((s) => s.status === undefined)).toBe(true);
    // random() = 0.5, jitter 0.5: each delay is 3/4 of nominal 40, 80, 160 ms
    expect(clock.sleeps).toEqual([30, 60, 120]);
    const infos = deps.logger.lines.filter((l) => l.level === 'info').map((l) => l.message);
    expect(infos).toHaveLength(3);
    expect(infos[0]).toMatch(
      /^Health endpoint answered HTTP 502 without a health document; retrying in 30 ms \(attempt 2,/,
    );
    expect(deps.logger.lines.filter((l) => l.level === 'debug')).toHaveLength(4);
  });

  it('recovers from dropped connections', async () => {
    const { app } = await setup({ mode: 'flaky', modeOptions: { failures: 2, failWith: 'drop' } });
    const outcome = await probeHealth(app.url, fastProbeSettings(), deps);
    expect(outcome.kind).toBe('answered');
    expect(outcome.samples.map((s) => s.error ?? s.httpStatus)).toEqual(['ECONNRESET', 'ECONNRESET', 200]);
  });

  it('says the endpoint kept answering 5xx when it never recovers', async () => {
    const { app } = await setup({ mode: 'flaky', modeOptions: { failures: 1000, failWith: 500 } });
    const started = Date.now();
    const outcome = await probeHealth(app.url, fastProbeSettings({ healthTimeoutMs: 800 }), deps);
    expect(Date.now() - started).toBeLessThan(1100);
    expect(outcome).toMatchObject({ kind: 'failed', reason: 'endpoint' });
    expect(outcome.kind === 'failed' && outcome.message).toMatch(
      /kept answering HTTP 500 without a health document \(\d+ attempts over .*\)\..*function logs/,
    );
    expect(outcome.samples.length).toBeGreaterThan(2);
  });

  it('honours Retry-After on a 503 without a body', async () => {
    const { app, clock } = await setup({
      mode: 'flaky',
      modeOptions: { failures: 1, failWith: 503, retryAfterSeconds: 1 },
    });
    const outcome = await probeHealth(app.url, fastProbeSettings({ healthTimeoutMs: 3000 }), deps);
    expect(outcome.kind).toBe('answered');
    expect(clock.sleeps).toEqual([1000]);
    expect(deps.logger.text()).toContain('retrying in 1.0 s (as the server asked)');
  });

  it('stops at once when Retry-After reaches past the health timeout, and says so', async () => {
    const { app } = await setup({
      mode: 'flaky',
      modeOptions: { failures: 10, failWith: 429, retryAfterSeconds: 60 },
    });
    const started = Date.now();
    const outcome = await probeHealth(app.url, fastProbeSettings({ healthTimeoutMs: 2000 }), deps);
    expect(Date.now() - started).toBeLessThan(500);
    expect(outcome).toMatchObject({ kind: 'failed', reason: 'endpoint' });
    expect(outcome.kind === 'failed' && outcome.message).toContain(
      'answered HTTP 429 (too many requests) (1 attempt over',
    );
    expect(outcome.kind === 'failed' && outcome.message).toContain(
      'asked to retry after 1 min (Retry-After)',
    );
  });

  it('answers a slow endpoint within the request timeout', async () => {
    const { app } = await setup({ mode: 'slow', modeOptions: { delayMs: 150 } });
    const outcome = await probeHealth(app.url, fastProbeSettings({ requestTimeoutMs: 500 }), deps);
    expect(outcome.kind).toBe('answered');
    expect(outcome.samples[0]?.durationMs).toBeGreaterThanOrEqual(140);
  });

  it('gives up on a hanging endpoint within request and health timeouts', async () => {
    const { app } = await setup({ mode: 'hanging' });
    const started = Date.now();
    const outcome = await probeHealth(
      app.url,
      fastProbeSettings({ requestTimeoutMs: 200, healthTimeoutMs: 1000 }),
      deps,
    );
    const took = Date.now() - started;
    expect(took).toBeLessThan(1300);
    expect(outcome).toMatchObject({ kind: 'failed', reason: 'unreachable' });
    expect(outcome.samples.length).toBeGreaterThanOrEqual(3);
    for (const sample of outcome.samples) {
      expect(sample.error).toBe('timeout');
      // each request stops at request-timeout; the last one may be cut shorter by the deadline
      expect(sample.durationMs).toBeLessThan(450);
    }
    expect(outcome.samples[0]?.durationMs).toBeGreaterThanOrEqual(190);
    expect(outcome.kind === 'failed' && outcome.message).toMatch(
      new RegExp(
        `^Could not reach the health endpoint at ${app.url}/api/health/deployment: timeout — no complete answer within \\d+ ms`,
      ),
    );
    expect(outcome.kind === 'failed' && outcome.message).toContain('`request-timeout` (now 200 ms)');
  });

  it('makes exactly one attempt when health-timeout is 0', async () => {
    const { app, clock } = await setup({ mode: 'hanging' });
    const started = Date.now();
    const outcome = await probeHealth(
      app.url,
      fastProbeSettings({ requestTimeoutMs: 250, healthTimeoutMs: 0 }),
      deps,
    );
    expect(Date.now() - started).toBeLessThan(600);
    expect(outcome).toMatchObject({ kind: 'failed', reason: 'unreachable' });
    expect(outcome.samples).toHaveLength(1);
    expect(clock.sleeps).toEqual([]);
  });

  it('calls a closed port unreachable, naming the error and what to check', async () => {
    deps = depsForTest();
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as AddressInfo).port;
    await new Promise((resolve) => server.close(resolve));
    const outcome = await probeHealth(
      `http://127.0.0.1:${port}`,
      fastProbeSettings({ healthTimeoutMs: 400 }),
      deps,
    );
    expect(outcome).toMatchObject({ kind: 'failed', reason: 'unreachable' });
    expect(outcome.samples.every((s) => s.error === 'ECONNREFUSED')).toBe(true);
    expect(outcome.kind === 'failed' && outcome.message).toContain(
      `Could not reach the health endpoint at http://127.0.0.1:${port}/api/health/deployment: ECONNREFUSED — connection refused`,
    );
    expect(outcome.kind === 'failed' && outcome.message).toContain('Check that the deployment URL is right');
  });

  it('calls an unusable base URL unreachable without throwing', async () => {
    deps = depsForTest();
    const outcome = await probeHealth('ftp://example.com', fastProbeSettings(), deps);
    expect(outcome).toMatchObject({ kind: 'failed', reason: 'unreachable', samples: [] });
    expect(outcome.kind === 'failed' && outcome.message).toContain('is not a usable http(s) URL');
  });
});

describe('probeHealth: cancellation', () => {
  it('stops a hanging request promptly', async () => {
    const { app } = await setup({ mode: 'hanging' });
    setTimeout(() => deps.abort.abort(new Error('SIGTERM')), 80);
    const started = Date.now();
    const outcome = await probeHealth(
      app.url,
      fastProbeSettings({ requestTimeoutMs: 5000, healthTimeoutMs: 10_000 }),
      deps,
    );
    expect(Date.now() - started).toBeLessThan(400);
    expect(outcome).toMatchObject({ kind: 'failed', reason: 'cancelled' });
    expect(outcome.kind === 'failed' && outcome.message).toMatch(
      /was cancelled \(the run was stopped\) after 1 attempt\.$/,
    );
  });

  it('stops during a backoff wait promptly', async () => {
    const { app } = await setup({ mode: 'flaky', modeOptions: { failures: 100 } });
    const settings = fastProbeSettings({
      healthTimeoutMs: 10_000,
      backoff: { initialMs: 5000, factor: 2, maxMs: 5000, jitter: 0 },
    });
    setTimeout(() => deps.abort.abort(new Error('SIGINT')), 100);
    const started = Date.now();
    const outcome = await probeHealth(app.url, settings, deps);
    expect(Date.now() - started).toBeLessThan(400);
    expect(outcome).toMatchObject({ kind: 'failed', reason: 'cancelled' });
    expect(outcome.samples).toHaveLength(1);
  });

  it('does not start when already cancelled', async () => {
    const { app } = await setup();
    deps.abort.abort(new Error('SIGTERM'));
    const outcome = await probeHealth(app.url, fastProbeSettings(), deps);
    expect(outcome).toMatchObject({ kind: 'failed', reason: 'cancelled', samples: [] });
    expect(app.requests).toHaveLength(0);
  });
});
