import { mkdir, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runBundle, visibleLog } from '../support/run-bundle.js';
import { shaSeries, useWorld } from '../support/world.js';

// The README's example config in the workspace, evaluated by the bundle as the runner runs it.
const exampleConfig = join(import.meta.dirname, '../../examples/deployment-health.yml');
const world = useWorld({
  afterEach: (world) => {
    world.app.setMode('healthy');
    world.app.setStripeWebhook('ok');
    world.github.assertNoViolations();
  },
});
beforeAll(async () => {
  for (const key of [
    'DATABASE_URL',
    'CLERK_SECRET_KEY',
    'STRIPE_SECRET_KEY',
    'ROLLBAR_SERVER_ACCESS_TOKEN',
  ]) {
    world.vercel.addEnv('shop', {
      key,
      target: ['production', 'preview'],
      type: 'encrypted',
      value: `${key}-value-secret`,
    });
  }
});

/** A workspace holding `.github/deployment-health.yml` (the README example unless `config` is given). */
async function workspace(config?: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'dhg-ws-'));
  await mkdir(join(dir, '.github'), { recursive: true });
  await writeFile(
    join(dir, '.github/deployment-health.yml'),
    config ?? (await readFile(exampleConfig, 'utf8')),
  );
  return dir;
}

const nextSha = shaSeries('d1');
async function gate(inputs: Record<string, string> = {}, config?: string) {
  const sha = nextSha();
  world.deploy({ sha, buildMs: 300 });
  const run = await runBundle({
    dir: await workspace(config),
    inputs: {
      ...world.vercelInputs({ sha }),
      'github-token': world.githubToken,
      'health-timeout': '4s',
      ...inputs,
    },
    env: world.runnerEnv(),
  });
  return { run, sha };
}

describe('rules and checklist from the README example config', () => {
  it('passes a healthy deployment and explains every rule and checklist item in the summary', async () => {
    const { run } = await gate();
    expect(run.code).toBe(0);
    expect(run.outputs).toMatchObject({ status: 'healthy', reason: 'ok', alerts: '[]', 'error-rate': '0' });
    expect(Number(run.outputs['avg-response-time'])).toBeGreaterThanOrEqual(0);
    for (const rule of ['Custom Performance Alert', 'Slow database check', 'Database Connection Failure']) {
      expect(run.summary).toContain(rule);
    }
    expect(run.summary).toMatch(/✅[^\n]*Stripe webhook endpoint/);
    expect(run.summary).toMatch(/✅[^\n]*environment variables/i);
    // Names only: no value of a Vercel environment variable anywhere.
    expect(run.summary + visibleLog(run)).not.toContain('-value-secret');
  });

  it('fires a custom rule exactly at its threshold, and not one millisecond below', async () => {
    world.app.setMode('healthy', { responseTimes: { database: 500 } });
    const at = await gate();
    expect(at.run.outputs).toMatchObject({ status: 'degraded', reason: 'rules' });
    expect(JSON.parse(at.run.outputs.alerts ?? '[]')).toEqual([
      expect.objectContaining({ id: 'slow_database', value: 500, operator: 'gte', threshold: 500 }),
    ]);
    // The check-run annotation points at the rule's line in the config file.
    const annotations = world.github.findCheckRun({ head_sha: at.sha })?.annotations ?? [];
    expect(annotations).toContainEqual(
      expect.objectContaining({
        path: '.github/deployment-health.yml',
        start_line: 12,
        annotation_level: 'warning',
      }),
    );

    world.app.setMode('healthy', { responseTimes: { database: 499 } });
    const below = await gate();
    expect(below.run.outputs).toMatchObject({ status: 'healthy', alerts: '[]' });
  });

  it('fails a deployment whose required checklist item fails', async () => {
    world.app.setStripeWebhook('failing');
    const { run } = await gate();
    expect(run.code).toBe(1);
    expect(run.outputs).toMatchObject({ status: 'unhealthy', reason: 'checklist' });
    expect(run.summary).toMatch(/❌[^\n]*Stripe webhook endpoint/);
  });

  it('names a missing Vercel environment variable without reading any value', async () => {
    const { run } = await gate({}, 'checklist:\n  env: [DATABASE_URL, SENTRY_DSN]\n  dashboard: false\n');
    expect(run.outputs).toMatchObject({ status: 'unhealthy', reason: 'checklist' });
    expect(run.summary).toContain('SENTRY_DSN');
    expect(run.summary + visibleLog(run)).not.toContain('-value-secret');
  });

  it('watches an observation window: an error rate above the rule fails the gate', async () => {
    world.app.setMode('flaky', { failEvery: 3 });
    world.app.clearRequests();
    const { run } = await gate({ observe: '4s', 'observe-interval': '1s' });
    expect(run.code).toBe(1);
    expect(run.outputs).toMatchObject({ status: 'unhealthy', reason: 'rules' });
    expect(Number(run.outputs['error-rate'])).toBeGreaterThan(2);
    expect(JSON.parse(run.outputs.alerts ?? '[]').map((a: { id: string }) => a.id)).toContain(
      'error_rate_spike',
    );
    expect(world.app.healthRequests().length).toBeGreaterThanOrEqual(4);
  });

  it('calls the Hemera health API: force_check before probing, start_monitoring after a healthy verdict', async () => {
    world.app.actions.length = 0;
    const { run } = await gate({ 'force-check': 'true', 'start-monitoring': '5' });
    expect(run.code).toBe(0);
    expect(world.app.actions).toEqual([
      { action: 'force_check' },
      { action: 'start_monitoring', intervalMinutes: 5 },
    ]);
  });

  it('stops a broken config before any network call, naming the line, the path and the fix', async () => {
    const before = { vercel: world.vercel.requests.length, github: world.github.requests.length };
    const { run } = await gate(
      {},
      'rules:\n  - id: custom_alert\n    condition: { metric: avg_responce_time, operator: greater, threshold: 1500 }\n    severity: warning\n',
    );
    expect(run.code).toBe(1);
    expect(run.outputs).toMatchObject({ status: 'unhealthy', reason: 'config' });
    const log = visibleLog(run);
    expect(log).toMatch(/\.github\/deployment-health\.yml:3:\d+ rules\[0\]\.condition\.metric/);
    expect(log).toContain('avg_response_time');
    expect(log).toMatch(/rules\[0\]\.condition\.operator[^\n]*did you mean "gt"/);
    // The deployment was added before the run, but nothing was asked of Vercel or GitHub.
    expect(world.vercel.requests.length).toBe(before.vercel);
    expect(world.github.requests.length).toBe(before.github);
  });
});

describe('a newcomer without a config file', () => {
  it('passes a healthy app that has no Hemera dashboard, even with fail-on: degraded', async () => {
    world.app.route('/admin/monitoring/deployment', { status: 404 });
    try {
      const sha = nextSha();
      world.deploy({ sha, buildMs: 300 });
      const dir = await mkdtemp(join(tmpdir(), 'dhg-ws-'));
      const run = await runBundle({
        dir,
        inputs: { ...world.vercelInputs({ sha }), 'health-timeout': '4s', 'fail-on': 'degraded' },
        env: world.runnerEnv(),
      });
      expect(run.code).toBe(0);
      expect(run.outputs).toMatchObject({ status: 'healthy', reason: 'ok' });
      expect(run.summary).toContain('no dashboard at the default path');
    } finally {
      world.app.route('/admin/monitoring/deployment', undefined);
    }
  });
});
