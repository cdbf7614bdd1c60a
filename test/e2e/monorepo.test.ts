import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runBundle, until } from '../support/run-bundle.js';
import { startWorld, type World } from '../world/index.js';

// A monorepo: two Vercel projects build the same commit; one step checks both, each with its own check run.
let world: World;
beforeAll(async () => {
  world = await startWorld();
});
afterAll(async () => {
  await world.close();
});

describe('a monorepo of two projects in one step', () => {
  it('gives each project its own check run and deployment, and the worst verdict to the step', async () => {
    const sha = 'ab12'.repeat(10);
    const web = world.deploy({ sha, project: 'web', buildMs: 600 });
    const docs = world.deploy({
      sha,
      project: 'docs',
      buildMs: 400,
      outcome: 'ERROR',
      errorMessage: 'docs: next build failed',
    });
    const run = await runBundle({
      inputs: {
        ...world.vercelInputs({ sha }),
        'vercel-project': 'web\ndocs',
        'github-token': world.githubToken,
        'health-timeout': '4s',
      },
      env: world.runnerEnv(),
    });

    expect(run.code).toBe(1);
    expect(run.outputs).toMatchObject({
      status: 'unhealthy',
      reason: 'deployment-error',
      'deployment-id': docs.id,
    });
    const projects = JSON.parse(run.outputs.projects ?? '{}');
    expect(projects.web).toMatchObject({ status: 'healthy', 'deployment-id': web.id });
    expect(projects.docs).toMatchObject({ status: 'unhealthy', reason: 'deployment-error' });

    expect(world.github.findCheckRun({ name: 'Deployment health (web)', head_sha: sha })).toMatchObject({
      status: 'completed',
      conclusion: 'success',
    });
    expect(world.github.findCheckRun({ name: 'Deployment health (docs)', head_sha: sha })).toMatchObject({
      status: 'completed',
      conclusion: 'failure',
    });
    expect(projects.web['check-run-url']).not.toBe(projects.docs['check-run-url']);
    expect(run.summary).toContain('# web');
    expect(run.summary).toContain('# docs');
    expect(run.summary).toContain('docs: next build failed');
    world.github.assertNoViolations();
  });

  it('the post step completes every project’s check run a SIGKILL left open', async () => {
    const sha = 'cd34'.repeat(10);
    world.deploy({ sha, project: 'web', buildMs: 120_000 });
    world.deploy({ sha, project: 'docs', buildMs: 120_000 });
    const inputs = {
      ...world.vercelInputs({ sha }),
      'vercel-project': 'web\ndocs',
      'github-token': world.githubToken,
      'wait-timeout': '5m',
    };
    const killed = await runBundle({
      inputs,
      env: world.runnerEnv(),
      onSpawn: async (child) => {
        await until(() =>
          ['Deployment health (web)', 'Deployment health (docs)'].every(
            (name) => world.github.findCheckRun({ name, head_sha: sha })?.status === 'in_progress',
          ),
        );
        child.kill('SIGKILL');
      },
    });
    expect(killed.signal).toBe('SIGKILL');
    await runBundle({ entry: 'post', inputs, env: world.runnerEnv(), state: killed.state });
    for (const name of ['Deployment health (web)', 'Deployment health (docs)']) {
      expect(world.github.findCheckRun({ name, head_sha: sha })).toMatchObject({
        status: 'completed',
        conclusion: 'cancelled',
      });
    }
  });

  it('without a Vercel token, tells the projects apart by Vercel’s GitHub environment names', async () => {
    const sha = 'ef56'.repeat(10);
    const web = world.github.addDeployment({
      sha,
      environment: 'Preview – web',
      statuses: [{ state: 'success', environment_url: world.app.url }],
    });
    const docs = world.github.addDeployment({
      sha,
      environment: 'Preview – docs',
      statuses: [{ state: 'failure', environment_url: world.app.url }],
    });
    const run = await runBundle({
      inputs: {
        sha,
        'vercel-project': 'web, docs',
        'github-token': world.githubToken,
        'health-timeout': '4s',
      },
      env: world.runnerEnv(),
    });
    const projects = JSON.parse(run.outputs.projects ?? '{}');
    expect(projects.web).toMatchObject({ status: 'healthy', 'deployment-url': world.app.url });
    expect(projects.docs).toMatchObject({ status: 'unhealthy', reason: 'deployment-error' });
    // Each verdict lands on its own project's deployment.
    expect(web.statuses[0]?.state).toBe('success');
    expect(web.statuses[0]?.description).toMatch(/^\[Deployment health \(web\)\]/);
    expect(docs.statuses[0]?.description ?? '').not.toMatch(/\(web\)/);
    world.github.assertNoViolations();
  });
});
