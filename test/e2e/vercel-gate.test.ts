import { describe, expect, it } from 'vitest';
import { runBundle, visibleLog } from '../support/run-bundle.js';
import { healthyAppLawfulApis, settle, shaSeries, useWorld } from '../support/world.js';

// Promotion, rollback and the Vercel check run, from the bundle as the runner runs it.
const world = useWorld({
  afterEach: healthyAppLawfulApis,
});

const nextSha = shaSeries('f3');
const gate = (sha: string, inputs: Record<string, string>) =>
  runBundle({
    inputs: {
      ...world.vercelInputs({ sha }),
      'github-token': world.githubToken,
      environment: 'production',
      'health-timeout': '4s',
      ...inputs,
    },
    env: world.runnerEnv(),
  });

describe('the Vercel promotion gate', () => {
  it('promotes a healthy staged production deployment and waits until it serves production', async () => {
    const live = world.deploy({ sha: nextSha(), target: 'production', buildMs: 50 });
    await settle(150);
    const sha = nextSha();
    const staged = world.deploy({ sha, target: 'production', buildMs: 400 });
    world.vercel.production.stage(staged);
    await settle(500);
    expect(world.vercel.production.current('shop')?.id).toBe(live.id);

    const run = await gate(sha, { promote: 'true' });
    expect(run.code).toBe(0);
    expect(world.vercel.production.current('shop')?.id).toBe(staged.id);
    expect(run.summary).toMatch(/promot/i);
  });

  it('never promotes an unhealthy staged deployment', async () => {
    const live = world.deploy({ sha: nextSha(), target: 'production', buildMs: 50 });
    await settle(150);
    const sha = nextSha();
    const staged = world.deploy({ sha, target: 'production', buildMs: 300 });
    world.vercel.production.stage(staged);
    world.app.setMode('unhealthy');
    const run = await gate(sha, { promote: 'true' });
    expect(run.code).toBe(1);
    expect(world.vercel.production.current('shop')?.id).toBe(live.id);
  });

  it('rolls an unhealthy live production deployment back to the previous one, loudly', async () => {
    const previous = world.deploy({ sha: nextSha(), target: 'production', buildMs: 50 });
    await settle(150);
    const sha = nextSha();
    const broken = world.deploy({ sha, target: 'production', buildMs: 300 });
    await settle(500);
    expect(world.vercel.production.current('shop')?.id).toBe(broken.id);

    world.app.setMode('unhealthy');
    const run = await gate(sha, {
      'rollback-on-unhealthy': 'true',
      'rollbar-token': world.rollbar.token,
      'rollbar-endpoint': world.rollbar.url,
    });
    expect(run.code).toBe(1);
    expect(world.vercel.production.current('shop')?.id).toBe(previous.id);
    // Rollbar's deploy says it first thing.
    const deploy = [...world.rollbar.deploys.values()].find((d) => d.revision === sha);
    expect(deploy).toMatchObject({ status: 'failed' });
    expect(deploy?.comment).toMatch(/^ROLLBACK: /);
    expect(visibleLog(run)).toMatch(/::warning[^\n]*roll/i);
    expect(run.summary).toMatch(/roll/i);
  });

  it('completes the Vercel check run with the verdict, linking the GitHub check run', async () => {
    world.vercel.checks.add('shop', { name: 'Deployment health' });
    const sha = nextSha();
    const deployment = world.deploy({ sha, target: 'production', buildMs: 300 });
    world.app.setMode('degraded');
    const run = await gate(sha, { 'vercel-check': 'Deployment health' });
    expect(run.code).toBe(0);
    const [checkRun] = world.vercel.checks.runsOf(deployment);
    expect(checkRun).toMatchObject({
      status: 'completed',
      conclusion: 'neutral',
      externalUrl: run.outputs['check-run-url'],
    });
    expect(checkRun?.history).toContain('running');
  });
});
