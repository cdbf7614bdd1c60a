import { describe, expect, it } from 'vitest';
import { runBundle } from '../support/run-bundle.js';
import { useWorld } from '../support/world.js';

// The event-driven triggers: the URL and the commit come from the event, not from GITHUB_SHA.
const world = useWorld();

const deployedSha = 'd'.repeat(40);
const check = (event: { name: string; payload: unknown }, inputs: Record<string, string> = {}) =>
  runBundle({
    event,
    inputs: { 'github-token': world.githubToken, 'health-timeout': '5s', ...inputs },
    env: { ...world.runnerEnv(), GITHUB_SHA: 'f'.repeat(40) },
  });

describe('event-driven triggers', () => {
  it('deployment_status: probes the event’s URL and reports on deployment.sha', async () => {
    const run = await check({
      name: 'deployment_status',
      payload: {
        deployment: {
          id: 77,
          sha: deployedSha,
          environment: 'Production',
          creator: { login: 'vercel[bot]' },
        },
        deployment_status: { state: 'success', environment_url: world.app.url },
      },
    });
    expect(run.code).toBe(0);
    expect(run.outputs).toMatchObject({
      status: 'healthy',
      sha: deployedSha,
      environment: 'production',
      'deployment-url': world.app.url,
    });
  });

  it('deployment_status failure: unhealthy at once, without probing', async () => {
    world.app.clearRequests();
    const run = await check({
      name: 'deployment_status',
      payload: {
        deployment: { id: 78, sha: deployedSha, environment: 'Preview' },
        deployment_status: { state: 'failure', environment_url: world.app.url },
      },
    });
    expect(run.code).toBe(1);
    expect(run.outputs.reason).toBe('deployment-error');
    expect(world.app.healthRequests()).toHaveLength(0);
  });

  it('repository_dispatch vercel.deployment.success: URL and SHA from client_payload', async () => {
    const run = await check({
      name: 'repository_dispatch',
      payload: {
        action: 'vercel.deployment.success',
        client_payload: {
          url: world.app.url,
          environment: 'preview',
          git: { sha: deployedSha, ref: 'feature' },
          project: { id: 'prj_shop', name: 'shop' },
          id: 'dpl_dispatch1',
        },
      },
    });
    expect(run.code).toBe(0);
    expect(run.outputs).toMatchObject({ status: 'healthy', sha: deployedSha, environment: 'preview' });
  });

  it('repository_dispatch vercel.deployment.error: unhealthy at once', async () => {
    const run = await check({
      name: 'repository_dispatch',
      payload: {
        action: 'vercel.deployment.error',
        client_payload: { url: world.app.url, git: { sha: deployedSha }, project: { name: 'shop' } },
      },
    });
    expect(run.code).toBe(1);
    expect(run.outputs).toMatchObject({ status: 'unhealthy', reason: 'deployment-error', sha: deployedSha });
  });

  it('no Vercel token: waits on the GitHub deployment Vercel creates for the commit, with conditional requests', async () => {
    const sha = 'e'.repeat(40);
    const deployment = world.github.addDeployment({
      sha,
      environment: 'Preview',
      statuses: [{ state: 'pending' }],
    });
    setTimeout(
      () => world.github.addStatus(deployment.id, { state: 'success', environment_url: world.app.url }),
      2500,
    );
    const run = await check({ name: 'push', payload: {} }, { sha });
    expect(run.code).toBe(0);
    expect(run.outputs).toMatchObject({ status: 'healthy', sha, 'deployment-url': world.app.url });
    expect(world.github.notModifiedCount()).toBeGreaterThan(0);
  });

  it('says which input to set when there is nothing to go on', async () => {
    const run = await check({ name: 'workflow_dispatch', payload: {} }, { 'github-token': '' });
    expect(run.code).toBe(1);
    expect(run.outputs.reason).toBe('not-found');
    expect(run.stdout).toMatch(/deployment-url/);
  });
});
