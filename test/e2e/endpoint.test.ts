import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { runBundle, visibleLog } from '../support/run-bundle.js';
import { useWorld } from '../support/world.js';

// The bundle, run as the runner runs it, against every behaviour of the sample app (deployment-url input).
const world = useWorld({
  beforeEach: (world) => {
    world.app.setMode('healthy');
    world.app.clearRequests();
  },
});

const fast = { 'request-timeout': '1s', 'health-timeout': '4s' };
const check = (inputs: Record<string, string> = {}) =>
  runBundle({ inputs: { 'deployment-url': world.app.url, ...fast, ...inputs }, env: world.runnerEnv() });

describe('the bundle against the sample app', () => {
  it('passes a healthy deployment and writes every output, the report and the summary', async () => {
    const run = await check();
    expect(run.code).toBe(0);
    expect(run.outputs).toMatchObject({
      status: 'healthy',
      reason: 'ok',
      'deployment-url': world.app.url,
      sha: '0000000000000000000000000000000000000000',
      environment: 'preview',
    });
    const report = JSON.parse(readFileSync(run.outputs['report-path'] as string, 'utf8'));
    expect(report.schemaVersion).toBe(1);
    expect(report.verdict.status).toBe('healthy');
    expect(report.services.map((s: { key: string }) => s.key)).toContain('database');
    expect(run.summary).toContain('Healthy');
    expect(run.summary).toContain('database');
    expect(run.state.finished).toBe('true');
  });

  it('reports degraded payment without failing the step under the default fail-on', async () => {
    world.app.setMode('degraded');
    const run = await check();
    expect(run.code).toBe(0);
    expect(run.outputs).toMatchObject({ status: 'degraded', reason: 'endpoint' });
    expect(run.stdout).toMatch(/::warning.*payment/i);
  });

  it('fails the step on degraded with fail-on: degraded', async () => {
    world.app.setMode('degraded');
    const run = await check({ 'fail-on': 'degraded' });
    expect(run.code).toBe(1);
    expect(run.outputs.status).toBe('degraded');
  });

  it('fails an unhealthy deployment, names the database and the original design fix', async () => {
    world.app.setMode('unhealthy');
    const run = await check();
    expect(run.code).toBe(1);
    expect(run.outputs).toMatchObject({ status: 'unhealthy', reason: 'endpoint' });
    expect(run.stdout).toMatch(/::error[^\n]*DATABASE_URL/);
    expect(run.summary).toContain('DATABASE_URL');
  });

  it('never fails the step with fail-on: never, but still reports unhealthy', async () => {
    world.app.setMode('unhealthy');
    const run = await check({ 'fail-on': 'never' });
    expect(run.code).toBe(0);
    expect(run.outputs.status).toBe('unhealthy');
  });

  it('rides out a flaky endpoint with retries', async () => {
    world.app.setMode('flaky', { failures: 2 });
    const run = await check();
    expect(run.code).toBe(0);
    expect(run.outputs.status).toBe('healthy');
    expect(world.app.healthRequests().length).toBe(3);
  });

  it('gives up on a hanging endpoint within health-timeout', async () => {
    world.app.setMode('hanging');
    const started = Date.now();
    const run = await check({ 'request-timeout': '500ms', 'health-timeout': '2s' });
    const elapsed = Date.now() - started;
    expect(run.code).toBe(1);
    expect(run.outputs.reason).toBe('unreachable');
    expect(elapsed).toBeLessThan(2000 + 2500); // the limit plus process start-up
  });

  it('treats a slower-than-request-timeout endpoint as unreachable, and a patient one as healthy', async () => {
    world.app.setMode('slow', { delayMs: 800 });
    const impatient = await check({ 'request-timeout': '300ms', 'health-timeout': '1s' });
    expect(impatient.outputs.reason).toBe('unreachable');
    const patient = await check({ 'request-timeout': '2s' });
    expect(patient.outputs.status).toBe('healthy');
  });

  it('says how to get past Vercel Deployment Protection, and gets through with the bypass secret', async () => {
    world.app.setMode('protected');
    const blocked = await check();
    expect(blocked.code).toBe(1);
    expect(blocked.outputs.reason).toBe('protected');
    expect(blocked.stdout).toContain('protection-bypass');

    const through = await check({ 'protection-bypass': world.bypassSecret });
    expect(through.code).toBe(0);
    expect(through.outputs.status).toBe('healthy');
    for (const text of [visibleLog(through), through.summary]) {
      expect(text).not.toContain(world.bypassSecret);
    }
  });

  it('follows a redirect to another host without the bypass secret or custom headers', async () => {
    world.app.setMode('redirecting', { redirect: 'cross-origin' });
    const run = await check({
      'protection-bypass': world.bypassSecret,
      headers: 'X-Api-Key: custom-header-secret-42',
    });
    const atTarget = world.app.healthRequests('redirect-target');
    expect(atTarget.length).toBeGreaterThan(0);
    for (const request of atTarget) {
      expect(request.headers['x-vercel-protection-bypass']).toBeUndefined();
      expect(request.headers['x-api-key']).toBeUndefined();
    }
    expect(world.app.healthRequests('app')[0]?.headers['x-api-key']).toBe('custom-header-secret-42');
    expect(visibleLog(run)).not.toContain('custom-header-secret-42');
    expect(run.stdout).toContain('::add-mask::custom-header-secret-42');
  });

  it('fails a health endpoint that redirects to another origin (endpoint), naming where it pointed', async () => {
    // The other origin answers a healthy Hemera document: it still cannot answer for this deployment.
    world.app.setMode('redirecting', { redirect: 'cross-origin' });
    const run = await check({
      'protection-bypass': world.bypassSecret,
      headers: 'X-Api-Key: custom-header-secret-42',
    });
    expect(run.code).toBe(1);
    expect(run.outputs).toMatchObject({ status: 'unhealthy', reason: 'endpoint' });
    const target = `${world.app.otherOrigin}/api/health/deployment`;
    const report = readFileSync(run.outputs['report-path'] as string, 'utf8');
    expect(JSON.parse(report).verdict.message).toContain(`redirected to another origin, ${target}`);
    expect(run.summary).toContain(target);
    expect(run.stdout).toMatch(/::error[^\n]*redirected to another origin/);
    // One request each: a redirect away is definitive, not retried.
    expect(world.app.healthRequests('app')).toHaveLength(1);
    expect(world.app.healthRequests('redirect-target')).toHaveLength(1);
    for (const text of [visibleLog(run), run.summary, report]) {
      expect(text).not.toContain(world.bypassSecret);
      expect(text).not.toContain('custom-header-secret-42');
    }
  });

  it.each([
    ['malformed', { malformed: 'broken-field' }, /summary\.overallStatus/],
    ['malformed', { malformed: 'invalid-json' }, /JSON/i],
    ['huge', {}, /1 MiB/],
  ] as const)(
    'rejects a %s body with reason endpoint and a message naming the problem',
    async (mode, options, pattern) => {
      world.app.setMode(mode, options);
      const run = await check();
      expect(run.code).toBe(1);
      expect(run.outputs.reason).toBe('endpoint');
      expect(run.stdout).toMatch(pattern);
    },
  );

  it('reads the IETF health+json format', async () => {
    world.app.setMode('health+json', { healthJsonStatus: 'warn' });
    const run = await check();
    expect(run.outputs).toMatchObject({ status: 'degraded', reason: 'endpoint' });
  });

  it('names the exact URL tried when the health path does not exist', async () => {
    world.app.setMode('not-found');
    const run = await check();
    expect(run.code).toBe(1);
    expect(run.outputs.reason).toBe('not-found');
    expect(run.stdout).toContain(`${world.app.url}/api/health/deployment`);
  });

  it('keeps a base path when joining the health path', async () => {
    const run = await check({ 'health-path': 'api/health/deployment' });
    expect(run.outputs.status).toBe('healthy');
    expect(world.app.healthRequests()[0]?.path).toBe('/api/health/deployment');
  });
});
