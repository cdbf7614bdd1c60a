import { describe, expect, it } from 'vitest';
import { runBundle, until } from '../support/run-bundle.js';
import { useWorld } from '../support/world.js';

// A monorepo: two Vercel projects build the same commit; one step checks both, each with its own check run.
const world = useWorld();

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

  it('a deployment_status event of the other project: its deployment gets no status from this one', async () => {
    const sha = '7a8b'.repeat(10);
    world.deploy({ sha, project: 'web', buildMs: 200 });
    const docs = world.github.addDeployment({
      sha,
      environment: 'Preview – docs',
      statuses: [{ state: 'success', environment_url: world.app.url }],
    });
    const run = await runBundle({
      inputs: {
        ...world.vercelInputs({ sha, project: 'web' }),
        'github-token': world.githubToken,
        'health-timeout': '4s',
      },
      env: world.runnerEnv(),
      event: {
        name: 'deployment_status',
        payload: {
          deployment: { id: docs.id, sha, environment: 'Preview – docs' },
          deployment_status: {
            state: 'success',
            environment_url: world.app.url,
            environment: 'Preview – docs',
          },
        },
      },
    });

    expect(run.outputs).toMatchObject({ status: 'healthy', sha });
    // docs' deployment keeps only the status Vercel gave it; web's verdict went to a deployment of web's own.
    expect(docs.statuses.map((s) => s.state)).toEqual(['success']);
    const ours = world.github.deployments.filter((d) =>
      d.statuses.some((s) => s.description?.startsWith('[Deployment health]')),
    );
    expect(ours.map((d) => [d.sha, d.id === docs.id])).toEqual([[sha, false]]);
    expect(ours[0]?.statuses[0]?.state).toBe('success');
  });

  it('a deployment_status event one project’s gate wrote ends a monorepo run at once, with no loop', async () => {
    const before = world.github.requests.length;
    const run = await runBundle({
      inputs: {
        ...world.vercelInputs({ sha: '9c0d'.repeat(10) }),
        'vercel-project': 'web\ndocs',
        'github-token': world.githubToken,
      },
      env: world.runnerEnv(),
      event: {
        name: 'deployment_status',
        payload: {
          deployment: { id: 77, sha: '9c0d'.repeat(10), environment: 'Preview – docs' },
          deployment_status: {
            state: 'success',
            environment_url: world.app.url,
            description: '[Deployment health (docs)] Healthy; the gate passes',
            log_url: 'https://github.com/acme/shop/actions/runs/4242',
          },
        },
      },
    });
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('written by the deployment health gate itself');
    expect(world.github.requests.length).toBe(before);
  });
});
