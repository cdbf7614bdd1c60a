import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runBundle, visibleLog } from '../support/run-bundle.js';
import { settle, shaSeries, useWorld } from '../support/world.js';
import { HEALTH_PATH } from '../world/sample-app.js';
import type { SimDeployment } from '../world/vercel-api.js';

// "Never the wrong irreversible action", from the bundle as the runner runs it, against the simulated Vercel
// API with its production history (what is live, what is staged, what was rolled back, pagination): no
// rollback on the gate's own failures, the right rollback target, fixing forward after a rollback, and the
// truth about a promote or rollback whose answer was lost. Every test has a project of its own.
const world = useWorld({
  afterEach: (world) => {
    world.app.setMode('healthy');
    world.app.route(HEALTH_PATH, undefined);
    world.app.setStripeWebhook('ok');
    world.vercel.production.setSwitchDelay(300);
    world.vercel.assertNoViolations();
    world.github.assertNoViolations();
  },
});

const nextSha = shaSeries('a7');
let projects = 0;
const newProject = () => `shop-${++projects}`;

/** A production deployment of `project` that is READY (and, unless staged, live by automatic assignment). */
async function live(project: string, sha = nextSha()): Promise<SimDeployment> {
  const d = world.deploy({ sha, project, target: 'production', buildMs: 50 });
  await settle(120);
  return d;
}

async function workspace(config: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'dhg-prod-'));
  await mkdir(join(dir, '.github'), { recursive: true });
  await writeFile(join(dir, '.github/deployment-health.yml'), config);
  return dir;
}

async function gate(
  project: string,
  d: SimDeployment,
  inputs: Record<string, string>,
  config?: string,
): Promise<Awaited<ReturnType<typeof runBundle>>> {
  return runBundle({
    ...(config ? { dir: await workspace(config) } : {}),
    inputs: {
      ...world.vercelInputs({ sha: d.sha, project }),
      'github-token': world.githubToken,
      environment: 'production',
      'health-timeout': '3s',
      'rollbar-token': world.rollbar.token,
      'rollbar-endpoint': world.rollbar.url,
      ...inputs,
    },
    env: world.runnerEnv(),
  });
}

const rollbacksOf = (project: string) =>
  world.vercel.production.requests.filter((r) => r.type === 'rollback' && r.project.name === project);
const deployComment = (sha: string) =>
  [...world.rollbar.deploys.values()].find((d) => d.revision === sha)?.comment ?? '';

describe('no rollback on the gate’s own failure', () => {
  const cases: Array<{
    name: string;
    arrange: () => void;
    inputs?: Record<string, string>;
    config?: string;
    reason: string;
  }> = [
    {
      name: 'the endpoint rate-limits the runner (429)',
      arrange: () => world.app.setMode('flaky', { failEvery: 1, failWith: 429 }),
      reason: 'endpoint',
    },
    {
      name: 'the endpoint refuses the credentials in `headers` (a JSON 401)',
      arrange: () => world.app.route(HEALTH_PATH, { status: 401, body: { error: 'invalid API key' } }),
      inputs: { headers: 'x-api-key: rotated-long-ago' },
      reason: 'endpoint',
    },
    {
      name: '`health-format: health+json` against an app that speaks the Hemera format',
      arrange: () => undefined,
      inputs: { 'health-format': 'health+json' },
      reason: 'endpoint',
    },
    {
      name: '`request-timeout` shorter than the app needs to answer',
      arrange: () => world.app.setMode('slow', { delayMs: 1_500 }),
      inputs: { 'request-timeout': '500ms', 'health-timeout': '2s' },
      reason: 'unreachable',
    },
    {
      name: 'the token may not read the project’s environment variables (403)',
      arrange: () =>
        world.vercel.failNext(1, {
          status: 403,
          method: 'GET',
          path: '/env',
          body: { error: { code: 'forbidden', message: 'Not authorized' } },
        }),
      config: 'checklist:\n  env: [DATABASE_URL]\n  dashboard: false\n',
      reason: 'checklist',
    },
  ];

  it.each(cases)('$name: production stays, and every report says why', async (c) => {
    const project = newProject();
    await live(project);
    const bad = await live(project);
    expect(world.vercel.production.current(project)?.id).toBe(bad.id);
    c.arrange();

    const run = await gate(project, bad, { 'rollback-on-unhealthy': 'true', ...c.inputs }, c.config);

    expect(run.code).toBe(1);
    expect(run.outputs).toMatchObject({ status: 'unhealthy', reason: c.reason });
    expect(rollbacksOf(project)).toHaveLength(0);
    expect(world.vercel.production.current(project)?.id).toBe(bad.id);
    expect(run.summary).toContain('> **Production was not rolled back.**');
    expect(run.summary).toMatch(/never roll production back/);
    expect(visibleLog(run)).toMatch(/Vercel: NOT ROLLED BACK: /);
    expect(deployComment(bad.sha)).toMatch(/^NOT ROLLED BACK: /);
  });

  it('rolls back when a required checklist item got a real failing answer (the webhook answers 500)', async () => {
    const project = newProject();
    const previous = await live(project);
    const bad = await live(project);
    world.app.setStripeWebhook('failing');
    const config =
      'checklist:\n  dashboard: false\n  items:\n    - id: stripe_webhook\n      name: Stripe webhook\n' +
      '      path: /api/webhooks/stripe\n      expect: { status: [200] }\n      required: true\n';

    const run = await gate(project, bad, { 'rollback-on-unhealthy': 'true' }, config);

    expect(run.outputs).toMatchObject({ status: 'unhealthy', reason: 'checklist' });
    expect(world.vercel.production.current(project)?.id).toBe(previous.id);
    expect(run.summary).toContain('> **Production was rolled back.**');
    expect(visibleLog(run)).toMatch(/PRODUCTION ROLLED BACK: .*Why: Checklist: Stripe webhook failed/);
    expect(deployComment(bad.sha)).toMatch(/^ROLLBACK: /);
  });
});

describe('the rollback target', () => {
  it('goes back to what served production right before, never to the deployment rolled back once', async () => {
    const project = newProject();
    const a = await live(project);
    const b = await live(project);
    // B is unhealthy: the gate rolls it back to A. Automatic assignment pauses.
    world.app.setMode('unhealthy');
    const first = await gate(project, b, { 'rollback-on-unhealthy': 'true' });
    expect(first.code).toBe(1);
    expect(world.vercel.production.current(project)?.id).toBe(a.id);
    // C is built; someone promotes it by hand; the gate judges C unhealthy too.
    const c = await live(project);
    expect(world.vercel.production.current(project)?.id).toBe(a.id);
    world.vercel.production.byHand('promote', c);
    await settle(400);
    expect(world.vercel.production.current(project)?.id).toBe(c.id);

    const run = await gate(project, c, { 'rollback-on-unhealthy': 'true' });

    expect(world.vercel.production.current(project)?.id).toBe(a.id);
    expect(rollbacksOf(project).map((r) => r.toDeploymentId)).toEqual([a.id, a.id]);
    expect(world.vercel.production.rolledBackFrom(project)).toEqual([b.id, c.id]);
    expect(run.summary).toContain(`to ${a.id}`);
    expect(run.summary).toContain(`which served production until ${c.id} was promoted in its place`);
  });

  it('pages back through the deployment list to the last one that served production', async () => {
    const project = newProject();
    const a = await live(project);
    await settle(200);
    // 120 staged production builds nobody promoted (`vercel deploy --prod --skip-domain`), newer than A and
    // older than B, each a millisecond apart: more than a page.
    for (let i = 0; i < 120; i++) {
      const staged = world.vercel.addDeployment({
        project,
        sha: nextSha(),
        target: 'production',
        appearAfterMs: -150 + i,
      });
      world.vercel.production.stage(staged);
    }
    const bad = await live(project);
    world.app.setMode('unhealthy');

    const run = await gate(project, bad, { 'rollback-on-unhealthy': 'true' });

    expect(world.vercel.production.current(project)?.id).toBe(a.id);
    expect(run.summary).toContain(`to ${a.id}`);
    const lists = world.vercel.requests.filter(
      (r) => r.path === '/v6/deployments' && r.query.projectId !== undefined && r.query.state === 'READY',
    );
    expect(lists.some((r) => r.query.until !== undefined)).toBe(true);
  });
});

describe('fix forward after a rollback', () => {
  it('promotes the next healthy production deployment, which Vercel no longer assigns by itself', async () => {
    const project = newProject();
    const a = await live(project);
    const b = await live(project);
    world.app.setMode('unhealthy');
    await gate(project, b, { 'rollback-on-unhealthy': 'true' });
    expect(world.vercel.production.current(project)?.id).toBe(a.id);
    world.app.setMode('healthy');
    const c = await live(project);
    expect(world.vercel.production.current(project)?.id).toBe(a.id);
    expect(world.vercel.production.paused(project)).toBe(true);

    const run = await gate(project, c, { promote: 'true' });

    expect(run.code).toBe(0);
    expect(world.vercel.production.current(project)?.id).toBe(c.id);
    expect(world.vercel.production.paused(project)).toBe(false);
    expect(run.summary).toContain('> **Promoted to production.**');
    expect(run.summary).toContain('This also ends the pause Vercel put on automatic domain assignment');
  });
});

describe('a promote or rollback whose answer was lost', () => {
  it('reports the promotion Vercel carried out, not "PROMOTION FAILED"', async () => {
    const project = newProject();
    const a = await live(project);
    const c = world.deploy({ sha: nextSha(), project, target: 'production', buildMs: 50 });
    world.vercel.production.stage(c);
    await settle(120);
    expect(world.vercel.production.current(project)?.id).toBe(a.id);
    world.vercel.production.setSwitchDelay(1_500);
    world.vercel.failNext(1, { status: 502, method: 'POST', path: '/promote/', afterHandling: true });

    const run = await gate(project, c, { promote: 'true' });

    expect(run.code).toBe(0);
    expect(world.vercel.production.current(project)?.id).toBe(c.id);
    expect(visibleLog(run)).not.toContain('PROMOTION FAILED');
    expect(visibleLog(run)).toMatch(/Vercel: promoted: .*the answer to the request was lost/);
    expect(deployComment(c.sha)).toMatch(/^PROMOTION: Promoted /);
  });

  it('reports the rollback Vercel carried out, not "PRODUCTION ROLLBACK FAILED"', async () => {
    const project = newProject();
    const a = await live(project);
    const bad = await live(project);
    world.app.setMode('unhealthy');
    world.vercel.production.setSwitchDelay(1_500);
    world.vercel.failNext(1, {
      status: 0,
      drop: true,
      method: 'POST',
      path: '/rollback/',
      afterHandling: true,
    });

    const run = await gate(project, bad, { 'rollback-on-unhealthy': 'true' });

    expect(world.vercel.production.current(project)?.id).toBe(a.id);
    expect(rollbacksOf(project)).toHaveLength(1);
    expect(visibleLog(run)).not.toContain('PRODUCTION ROLLBACK FAILED');
    expect(visibleLog(run)).toMatch(/PRODUCTION ROLLED BACK: .*the answer to the request was lost/);
  });
});
