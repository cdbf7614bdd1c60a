import { describe, expect, it } from 'vitest';
import { probeHealth, sampleHealth } from '../../src/probe/index.js';
import type { TestDeps } from '../support/deps.js';
import { fastProbeSettings } from '../support/settings.js';
import { probeSetup } from './support.js';

let deps: TestDeps;
const setup = probeSetup((fresh) => {
  deps = fresh;
});

describe('probeHealth: definitive answers', () => {
  it('reads a healthy Hemera app in one request', async () => {
    const app = await setup({ responseTimes: { database: 123 } });
    const outcome = await probeHealth(app.url, fastProbeSettings(), deps);
    expect(outcome).toMatchObject({ kind: 'answered', url: `${app.url}/api/health/deployment` });
    if (outcome.kind !== 'answered') return;
    expect(outcome.document).toMatchObject({ format: 'hemera', status: 'healthy', warnings: [] });
    expect(outcome.document.services.map((s) => [s.key, s.provider])).toEqual([
      ['database', 'postgresql'],
      ['authentication', 'clerk'],
      ['payment', 'stripe'],
      ['monitoring', 'rollbar'],
      ['analytics', 'internal'],
    ]);
    expect(outcome.document.services[0]?.responseTimeMs).toBe(123);
    expect(outcome.samples).toHaveLength(1);
    // The sample keeps the status the answer claimed, not the document (the outcome holds that once).
    expect(outcome.samples[0]).toEqual({
      startedAt: expect.any(Number),
      durationMs: expect.any(Number),
      httpStatus: 200,
      status: 'healthy',
    });
    expect(outcome.samples[0]?.error).toBeUndefined();
    expect(app.healthRequests()).toHaveLength(1);
  });

  it('keeps the base path of the deployment URL', async () => {
    const app = await setup({ basePath: '/app' });
    const outcome = await probeHealth(app.url, fastProbeSettings(), deps);
    expect(outcome.url).toBe(`${app.origin}/app/api/health/deployment`);
    expect(outcome.kind).toBe('answered');
  });

  it('takes 206 as degraded and 503 with a valid body as unhealthy, without retrying', async () => {
    const app = await setup({ mode: 'degraded' });
    const degraded = await probeHealth(app.url, fastProbeSettings(), deps);
    expect(degraded.kind === 'answered' && degraded.document.status).toBe('degraded');
    expect(
      degraded.kind === 'answered' && degraded.document.services.find((s) => s.key === 'payment')?.status,
    ).toBe('fail');

    app.setMode('unhealthy');
    const unhealthy = await probeHealth(app.url, fastProbeSettings(), deps);
    expect(unhealthy).toMatchObject({ kind: 'answered', document: { status: 'unhealthy' } });
    expect(unhealthy.samples).toHaveLength(1);
    expect(unhealthy.samples[0]?.httpStatus).toBe(503);
  });

  it('takes the worse when HTTP code and body disagree, with a warning', async () => {
    const app = await setup({ mode: 'unhealthy', modeOptions: { httpStatus: 200 } });
    const outcome = await probeHealth(app.url, fastProbeSettings(), deps);
    expect(outcome).toMatchObject({ kind: 'answered', document: { status: 'unhealthy' } });
    expect(outcome.kind === 'answered' && outcome.document.warnings[0]).toContain(
      'HTTP 200 but the body says unhealthy',
    );
  });

  it('reads health+json with its media type', async () => {
    const app = await setup({ mode: 'health+json', responseTimes: { payment: 321 } });
    const outcome = await probeHealth(app.url, fastProbeSettings(), deps);
    expect(outcome).toMatchObject({
      kind: 'answered',
      document: { format: 'health+json', status: 'healthy' },
    });
    if (outcome.kind !== 'answered') return;
    expect(outcome.document.services).toHaveLength(5);
    expect(outcome.document.services.find((s) => s.key === 'payment')?.responseTimeMs).toBe(321);

    app.setMode('health+json', { healthJsonStatus: 'fail' });
    const failing = await probeHealth(app.url, fastProbeSettings({ healthFormat: 'health+json' }), deps);
    expect(failing).toMatchObject({ kind: 'answered', document: { status: 'unhealthy' } });
    expect(
      failing.kind === 'answered' && failing.document.services.find((s) => s.key === 'database')?.status,
    ).toBe('fail');
  });

  it('fails a body with invalid JSON as an endpoint problem, without retrying', async () => {
    const app = await setup({ mode: 'malformed', modeOptions: { malformed: 'invalid-json' } });
    const outcome = await probeHealth(app.url, fastProbeSettings(), deps);
    expect(outcome).toMatchObject({ kind: 'failed', reason: 'endpoint' });
    expect(outcome.kind === 'failed' && outcome.message).toMatch(
      new RegExp(
        `^The health endpoint at ${app.url}/api/health/deployment answered HTTP 200 with .*does not parse`,
      ),
    );
    expect(outcome.samples).toHaveLength(1);
    expect(outcome.samples[0]?.status).toBeUndefined();
  });

  it('names the broken field of a hemera body', async () => {
    const app = await setup({ mode: 'malformed', modeOptions: { malformed: 'broken-field' } });
    const outcome = await probeHealth(app.url, fastProbeSettings(), deps);
    expect(outcome).toMatchObject({ kind: 'failed', reason: 'endpoint' });
    expect(outcome.kind === 'failed' && outcome.message).toContain(
      'a body that breaks the hemera format: `summary.overallStatus` is "great"; expected one of healthy, degraded, unhealthy',
    );
    expect(outcome.kind === 'failed' && outcome.message).toContain('`health-format`');
  });

  it('refuses a body over 1 MiB, naming the size', async () => {
    const app = await setup({ mode: 'huge' });
    const outcome = await probeHealth(app.url, fastProbeSettings({ requestTimeoutMs: 2000 }), deps);
    expect(outcome).toMatchObject({ kind: 'failed', reason: 'endpoint' });
    expect(outcome.kind === 'failed' && outcome.message).toContain('more than 1 MiB');
    expect(outcome.samples).toHaveLength(1);
  });

  it('ignores the body, huge or not, under status-code', async () => {
    const app = await setup({ mode: 'huge' });
    const settings = fastProbeSettings({ healthFormat: 'status-code', requestTimeoutMs: 2000 });
    const huge = await probeHealth(app.url, settings, deps);
    expect(huge).toMatchObject({ kind: 'answered', document: { format: 'status-code', status: 'healthy' } });

    app.setMode('unhealthy');
    const unhealthy = await probeHealth(app.url, settings, deps);
    expect(unhealthy).toMatchObject({
      kind: 'answered',
      document: { format: 'status-code', status: 'unhealthy' },
    });
  });

  it('holds an explicit format to its shape', async () => {
    const app = await setup({ mode: 'health+json' });
    const outcome = await probeHealth(app.url, fastProbeSettings({ healthFormat: 'hemera' }), deps);
    expect(outcome).toMatchObject({ kind: 'failed', reason: 'endpoint' });
    expect(outcome.kind === 'failed' && outcome.message).toContain('`summary` is missing');
  });

  it('judges an HTML 200 under auto by its code, and says so', async () => {
    const app = await setup();
    const outcome = await probeHealth(
      app.url,
      fastProbeSettings({ healthPath: '/admin/monitoring/deployment' }),
      deps,
    );
    expect(outcome).toMatchObject({
      kind: 'answered',
      document: { format: 'status-code', status: 'healthy' },
    });
    expect(outcome.kind === 'answered' && outcome.document.warnings[0]).toContain(
      'sent no health document (text/html',
    );
  });

  it('gives up on a 404 after a few attempts, naming the URL and health-path', async () => {
    const app = await setup({ mode: 'not-found' });
    const outcome = await probeHealth(app.url, fastProbeSettings(), deps);
    expect(outcome).toMatchObject({ kind: 'failed', reason: 'not-found' });
    expect(outcome.samples.map((s) => s.httpStatus)).toEqual([404, 404, 404, 404]);
    expect(outcome.kind === 'failed' && outcome.message).toMatch(
      new RegExp(
        `^HTTP 404 from ${app.url}/api/health/deployment \\(4 attempts over .*\\): there is no health endpoint`,
      ),
    );
    expect(outcome.kind === 'failed' && outcome.message).toContain(
      'Check `health-path` (now /api/health/deployment',
    );
  });

  it('waits out a brief 404 of a brand-new deployment', async () => {
    const app = await setup({ mode: 'not-found' });
    setTimeout(() => app.setMode('healthy'), 60);
    const outcome = await probeHealth(app.url, fastProbeSettings(), deps);
    expect(outcome).toMatchObject({ kind: 'answered', document: { status: 'healthy' } });
    expect(outcome.samples[0]?.httpStatus).toBe(404);
  });
});

describe('sampleHealth', () => {
  it('takes one sample with the document when the answer is definitive', async () => {
    const app = await setup({ mode: 'degraded' });
    const { sample, document } = await sampleHealth(app.url, fastProbeSettings(), deps);
    expect(sample).toMatchObject({ httpStatus: 206, status: 'degraded' });
    expect(sample).not.toHaveProperty('document');
    expect(document).toMatchObject({ format: 'hemera', status: 'degraded' });
    expect(sample.durationMs).toBeGreaterThanOrEqual(0);
  });

  it('does not retry, and keeps no document for a failing answer', async () => {
    const app = await setup({ mode: 'flaky', modeOptions: { failures: 3 } });
    const { sample, document } = await sampleHealth(app.url, fastProbeSettings(), deps);
    expect(sample).toMatchObject({ httpStatus: 502 });
    expect(sample.status).toBeUndefined();
    expect(document).toBeUndefined();
    expect(app.healthRequests()).toHaveLength(1);
  });

  it('records a timeout as an error sample', async () => {
    const app = await setup({ mode: 'hanging' });
    const { sample } = await sampleHealth(app.url, fastProbeSettings({ requestTimeoutMs: 150 }), deps);
    expect(sample).toMatchObject({ error: 'timeout' });
    expect(sample.httpStatus).toBeUndefined();
    expect(sample.durationMs).toBeGreaterThanOrEqual(140);
  });
});
