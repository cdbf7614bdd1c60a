import { describe, expect, it } from 'vitest';
import { runBundle, visibleLog } from '../support/run-bundle.js';
import { shaSeries, useWorld } from '../support/world.js';

// The bundle finds this commit's deployment through the simulated Vercel API and waits for it.
const world = useWorld();

const nextSha = shaSeries('ab', 4);
const check = (sha: string, inputs: Record<string, string> = {}) =>
  runBundle({
    inputs: {
      ...world.vercelInputs({ sha }),
      'github-token': world.githubToken,
      'health-timeout': '5s',
      ...inputs,
    },
    env: world.runnerEnv(),
  });

describe('the bundle with the Vercel API', () => {
  it('waits through QUEUED and BUILDING, then passes the READY deployment with few requests', async () => {
    const sha = nextSha();
    // Still building when the bundle (node start-up included) looks, even on a busy machine.
    const deployment = world.deploy({ sha, buildMs: 5000 });
    const before = world.vercel.requests.length;
    const run = await check(sha);
    expect(run.code).toBe(0);
    expect(run.outputs).toMatchObject({
      status: 'healthy',
      reason: 'ok',
      sha,
      'deployment-id': deployment.id,
      environment: 'preview',
    });
    const made = world.vercel.requests.slice(before);
    expect(made.length).toBeLessThanOrEqual(6);
    expect(made.some((r) => r.path.startsWith(`/v3/deployments/${deployment.id}/events`))).toBe(true);
    // The token goes to the Vercel API and nowhere else.
    expect(made.every((r) => r.headers.authorization === `Bearer ${world.vercelToken}`)).toBe(true);
    expect(world.app.requests.some((r) => JSON.stringify(r.headers).includes(world.vercelToken))).toBe(false);
    expect(visibleLog(run)).not.toContain(world.vercelToken);
  });

  it('a manual recheck by deployment id: looked up by id, reported on the deployment’s own commit', async () => {
    const sha = nextSha();
    const deployment = world.deploy({ sha, buildMs: 300 });
    const run = await runBundle({
      inputs: {
        'deployment-url': deployment.id,
        'vercel-token': world.vercelToken,
        'vercel-api-url': world.vercel.url,
        'github-token': world.githubToken,
        'health-timeout': '5s',
      },
      env: world.runnerEnv(),
      // Dispatched on a branch whose head (GITHUB_SHA) is not the deployment's commit.
      event: { name: 'workflow_dispatch', payload: { inputs: { target: deployment.id } } },
    });
    expect(run.code).toBe(0);
    expect(run.outputs).toMatchObject({ status: 'healthy', sha, 'deployment-id': deployment.id });
    expect(run.outputs['deployment-url']).toBe(world.app.url);
    expect(world.github.findCheckRun({ name: 'Deployment health', head_sha: sha })).toMatchObject({
      status: 'completed',
      conclusion: 'success',
    });
    expect(world.github.checkRuns.some((c) => c.head_sha === '0'.repeat(40))).toBe(false);
  });

  it('a pull_request run gates the PR head, not the merge commit GITHUB_SHA points at', async () => {
    const head = nextSha();
    const deployment = world.deploy({ sha: head, buildMs: 300 });
    const { sha: _given, ...inputs } = world.vercelInputs({ sha: head });
    const run = await runBundle({
      inputs: { ...inputs, 'github-token': world.githubToken, 'health-timeout': '5s' },
      env: world.runnerEnv(),
      event: {
        name: 'pull_request',
        payload: { number: 7, pull_request: { number: 7, head: { sha: head, ref: 'feature' } } },
      },
    });
    expect(run.code).toBe(0);
    expect(run.outputs).toMatchObject({ status: 'healthy', sha: head, 'deployment-id': deployment.id });
    expect(world.github.findCheckRun({ name: 'Deployment health', head_sha: head })).toMatchObject({
      conclusion: 'success',
    });
  });

  it('fails a failed build at once with Vercel’s message and the inspector link', async () => {
    const sha = nextSha();
    const deployment = world.deploy({
      sha,
      buildMs: 500,
      outcome: 'ERROR',
      errorMessage: 'Command "npm run build" exited with 1',
    });
    const run = await check(sha);
    expect(run.code).toBe(1);
    expect(run.outputs).toMatchObject({ status: 'unhealthy', reason: 'deployment-error', sha });
    expect(run.summary).toContain('npm run build');
    expect(run.summary).toContain(deployment.inspectorUrl);
    expect(world.app.healthRequests().length).toBeGreaterThanOrEqual(0);
  });

  it('fails a canceled deployment with reason deployment-canceled', async () => {
    const sha = nextSha();
    world.deploy({ sha, buildMs: 500, outcome: 'CANCELED' });
    const run = await check(sha);
    expect(run.code).toBe(1);
    expect(run.outputs.reason).toBe('deployment-canceled');
  });

  it('stops at wait-timeout, not later, when the build takes too long', async () => {
    const sha = nextSha();
    world.deploy({ sha, buildMs: 60_000 });
    const started = Date.now();
    const run = await check(sha, { 'wait-timeout': '3s' });
    const elapsed = Date.now() - started;
    expect(run.code).toBe(1);
    expect(run.outputs.reason).toBe('wait-timeout');
    expect(elapsed).toBeGreaterThanOrEqual(3000);
    expect(elapsed).toBeLessThan(3000 + 2500);
    expect(run.summary).toMatch(/was still (QUEUED|BUILDING)/);
  });

  it('never picks another project’s deployment of the same commit', async () => {
    const sha = nextSha();
    world.deploy({ sha, project: 'docs', buildMs: 100, outcome: 'ERROR', errorMessage: 'docs build broke' });
    const mine = world.deploy({ sha, project: 'shop', buildMs: 800 });
    const run = await check(sha, { 'vercel-project': 'shop' });
    expect(run.code).toBe(0);
    expect(run.outputs['deployment-id']).toBe(mine.id);
  });

  it('waits for a deployment that Vercel creates a little after the push', async () => {
    const sha = nextSha();
    const late = world.deploy({ sha, buildMs: 500, appearAfterMs: 1500 });
    const run = await check(sha);
    expect(run.code).toBe(0);
    expect(run.outputs['deployment-id']).toBe(late.id);
  });

  it('honours Retry-After on a 429 from Vercel', async () => {
    const sha = nextSha();
    world.deploy({ sha, buildMs: 300 });
    world.vercel.failNext(1, { status: 429, retryAfter: 1 });
    const started = Date.now();
    const run = await check(sha);
    expect(run.code).toBe(0);
    expect(Date.now() - started).toBeGreaterThanOrEqual(1000);
  });

  it('falls back to polling when the events stream is refused', async () => {
    const sha = nextSha();
    world.vercel.refuseEventsStream(404);
    try {
      world.deploy({ sha, buildMs: 1500 });
      const run = await check(sha);
      expect(run.code).toBe(0);
      expect(run.outputs.status).toBe('healthy');
    } finally {
      world.vercel.refuseEventsStream(0);
    }
  });

  it('names the fix when the Vercel token is refused', async () => {
    const sha = nextSha();
    world.deploy({ sha });
    const run = await check(sha, { 'vercel-token': 'wrong-token-123456' });
    expect(run.code).toBe(1);
    expect(visibleLog(run)).toMatch(/vercel-token/);
    expect(visibleLog(run)).not.toContain('wrong-token-123456');
  });
});
