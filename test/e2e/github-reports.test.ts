import { describe, expect, it } from 'vitest';
import { runBundle, until, visibleLog, whenPrinted } from '../support/run-bundle.js';
import { shaSeries, useWorld } from '../support/world.js';
import type { LoggedRequest } from '../world/http-server.js';

// The bundle, run as the runner runs it, reports to the simulated GitHub API, which checks every request
// against GitHub's OpenAPI description.
const world = useWorld({
  afterEach: (world) => {
    world.github.assertNoViolations();
    world.github.setLatency(0);
    world.app.setMode('healthy');
  },
});

const writes = () => world.github.requests.filter((r) => r.method !== 'GET').length;
const bodyField = (request: LoggedRequest, name: string): unknown =>
  (request.body as Record<string, unknown> | undefined)?.[name];
/** The PATCH that completes a check run on `sha`. */
const completesCheckRunOf = (sha: string) => (r: LoggedRequest) =>
  r.method === 'PATCH' &&
  bodyField(r, 'status') === 'completed' &&
  world.github.checkRuns.some((run) => run.head_sha === sha && r.path.endsWith(`/check-runs/${run.id}`));

const nextSha = shaSeries('c0');
const gate = (inputs: Record<string, string>, extra: Parameters<typeof runBundle>[0] = {}) =>
  runBundle({
    inputs: { 'github-token': world.githubToken, 'health-timeout': '4s', ...inputs },
    env: world.runnerEnv(),
    ...extra,
  });

describe('GitHub reports from the bundle', () => {
  it.each([
    ['healthy', {}, 'success', 'success', 0],
    ['degraded', {}, 'neutral', 'success', 0],
    ['degraded', { 'fail-on': 'degraded' }, 'failure', 'failure', 1],
    ['unhealthy', {}, 'failure', 'failure', 1],
  ] as const)(
    'an app that is %s %j → check run %s, deployment status %s',
    async (mode, inputs, conclusion, state, code) => {
      world.app.setMode(mode);
      const sha = nextSha();
      const run = await gate({ 'deployment-url': world.app.url, sha, ...inputs });
      expect(run.code).toBe(code);

      const checkRun = world.github.findCheckRun({ name: 'Deployment health', head_sha: sha });
      expect(checkRun).toMatchObject({
        status: 'completed',
        conclusion,
        details_url: 'https://github.com/acme/shop/actions/runs/4242',
      });
      expect(checkRun?.history[0]).toMatchObject({ via: 'create', status: 'in_progress' });
      expect(run.outputs['check-run-id']).toBe(String(checkRun?.id));
      expect(run.outputs['check-run-url']).toBe(checkRun?.html_url);
      expect(checkRun?.output.title).toMatch(/Healthy|Degraded|Unhealthy/);
      expect(checkRun?.output.summary).toContain(world.app.url);
      if (mode !== 'healthy') {
        // Failing or warning services are annotated on the workflow file that runs the gate.
        expect(checkRun?.annotations.length).toBeGreaterThan(0);
        expect(checkRun?.annotations[0]).toMatchObject({
          path: '.github/workflows/deploy.yml',
          start_line: 1,
        });
      }

      // No Vercel deployment on GitHub for this commit: the gate creates one and reports on it.
      const deployment = world.github.deployments.find((d) => d.sha === sha);
      expect(deployment?.environment).toBe('Preview');
      expect(deployment?.statuses[0]).toMatchObject({
        state, // newest first
        environment_url: world.app.url,
        log_url: 'https://github.com/acme/shop/actions/runs/4242',
        auto_inactive: false,
      });
    },
  );

  it('deployment_status event: in_progress while probing, then the verdict, on the event’s deployment only', async () => {
    const sha = nextSha();
    const other = world.github.addDeployment({
      sha: nextSha(),
      environment: 'Preview',
      statuses: [{ state: 'success' }],
    });
    const vercels = world.github.addDeployment({
      sha,
      environment: 'Preview',
      statuses: [{ state: 'success' }],
    });
    world.app.setMode('slow', { delayMs: 1500 });
    const run = await gate(
      {},
      {
        event: {
          name: 'deployment_status',
          payload: {
            deployment: { id: vercels.id, sha, environment: 'Preview' },
            deployment_status: { state: 'success', environment_url: world.app.url },
          },
        },
      },
    );
    expect(run.code).toBe(0);
    expect(vercels.statuses.map((s) => s.state)).toEqual(['success', 'in_progress', 'success']);
    expect(other.statuses.map((s) => s.state)).toEqual(['success']);
    expect(world.github.deployments.filter((d) => d.sha === sha)).toHaveLength(1);
  });

  it('a deployment that never becomes ready → check run timed_out on the commit', async () => {
    const sha = nextSha();
    world.deploy({ sha, buildMs: 60_000 });
    const run = await gate({ ...world.vercelInputs({ sha }), 'wait-timeout': '2s' });
    expect(run.outputs.reason).toBe('wait-timeout');
    expect(world.github.findCheckRun({ head_sha: sha })).toMatchObject({
      status: 'completed',
      conclusion: 'timed_out',
    });
  });

  it('a custom check-name and report: check-run only', async () => {
    const sha = nextSha();
    const run = await gate({
      'deployment-url': world.app.url,
      sha,
      'check-name': 'Deployment health (web)',
      report: 'check-run',
    });
    expect(run.code).toBe(0);
    expect(world.github.findCheckRun({ name: 'Deployment health (web)', head_sha: sha })?.conclusion).toBe(
      'success',
    );
    expect(world.github.deployments.some((d) => d.sha === sha)).toBe(false);
    expect(run.summary).toBe('');
  });

  it('SIGINT while waiting: the check run is completed cancelled within 8 s', async () => {
    const sha = nextSha();
    world.deploy({ sha, buildMs: 120_000 });
    let sentAt = 0;
    const run = await gate(
      { ...world.vercelInputs({ sha }), 'wait-timeout': '5m' },
      {
        onSpawn: async (child) => {
          await whenPrinted(child, /\): (QUEUED|BUILDING)/);
          await until(() => world.github.findCheckRun({ head_sha: sha })?.status === 'in_progress');
          sentAt = Date.now();
          child.kill('SIGINT');
        },
      },
    );
    expect(Date.now() - sentAt).toBeLessThan(8000);
    expect(run.outputs.reason).toBe('cancelled');
    const checkRun = world.github.findCheckRun({ head_sha: sha });
    expect(checkRun?.history[0]?.status).toBe('in_progress');
    expect(checkRun).toMatchObject({ status: 'completed', conclusion: 'cancelled' });
  });

  it('SIGKILL while waiting leaves the check run open; the post step completes it, and a second post changes nothing', async () => {
    const sha = nextSha();
    world.deploy({ sha, buildMs: 120_000 });
    const inputs = {
      ...world.vercelInputs({ sha }),
      'github-token': world.githubToken,
      'wait-timeout': '5m',
    };
    const killed = await runBundle({
      inputs,
      env: world.runnerEnv(),
      onSpawn: async (child) => {
        await whenPrinted(child, /\): (QUEUED|BUILDING)/);
        await until(() => world.github.findCheckRun({ head_sha: sha })?.status === 'in_progress');
        child.kill('SIGKILL');
      },
    });
    expect(killed.signal).toBe('SIGKILL');
    expect(world.github.findCheckRun({ head_sha: sha })?.status).toBe('in_progress');

    const post = await runBundle({ entry: 'post', inputs, env: world.runnerEnv(), state: killed.state });
    expect(post.code).toBe(0);
    const checkRun = world.github.findCheckRun({ head_sha: sha });
    expect(checkRun).toMatchObject({ status: 'completed', conclusion: 'cancelled' });
    expect(post.summary).toContain('did not finish');

    const writesBefore = world.github.requests.filter((r) => r.method !== 'GET').length;
    const again = await runBundle({ entry: 'post', inputs, env: world.runnerEnv(), state: killed.state });
    expect(again.code).toBe(0);
    expect(world.github.requests.filter((r) => r.method !== 'GET').length).toBe(writesBefore);
  });

  it('GitHub answers 502 to the check run’s completion through every retry: the post step completes it with the verdict', async () => {
    world.app.setMode('unhealthy');
    const sha = nextSha();
    // One try and the client's two retries (1 s and 4 s apart), each answered 502. (The deployment status's
    // counterpart is in test/sinks/github/never-stranded.test.ts, with a faster client.)
    world.github.failNext(3, { status: 502, path: '/check-runs/', when: completesCheckRunOf(sha) });
    const inputs = { 'deployment-url': world.app.url, sha, 'github-token': world.githubToken };
    const run = await gate(inputs);
    expect(run.code).toBe(1);
    expect(run.outputs.status).toBe('unhealthy');
    const checkRun = world.github.findCheckRun({ head_sha: sha });
    expect(checkRun?.status).toBe('in_progress');
    expect(
      world.github.requestCount({ method: 'PATCH', path: `/check-runs/${checkRun?.id}` }),
    ).toBeGreaterThanOrEqual(3);
    // The main step reached its verdict (and says so), but did not record the reports as completed.
    expect(run.state.finished).toBe('true');
    expect(run.state['github-check-run-completed']).toBeUndefined();
    expect(run.state['github-check-run-conclusion']).toBe('failure');

    const post = await runBundle({ entry: 'post', inputs, env: world.runnerEnv(), state: run.state });
    expect(post.code).toBe(0);
    expect(checkRun).toMatchObject({ status: 'completed', conclusion: 'failure' });
    expect(checkRun?.output.title).toMatch(/Unhealthy/);
    expect(checkRun?.output.summary).toContain('job summary');
    expect(checkRun?.output.summary).toContain('https://github.com/acme/shop/actions/runs/4242');
    // The deployment status went through in the main step; the post step left it alone.
    expect(world.github.deployments.find((d) => d.sha === sha)?.statuses[0]?.state).toBe('failure');
    // The main step's summary stands: the post step adds no "did not finish".
    expect(post.summary).toBe('');
    expect(post.stdout).not.toContain('did not finish');

    const before = writes();
    const again = await runBundle({ entry: 'post', inputs, env: world.runnerEnv(), state: run.state });
    expect(again.code).toBe(0);
    expect(writes()).toBe(before);
  }, 60_000);

  it('SIGINT meets a slow GitHub: the cancelled completion is cut off, and the post step completes it', async () => {
    const sha = nextSha();
    world.deploy({ sha, buildMs: 120_000 });
    const inputs = {
      ...world.vercelInputs({ sha }),
      'github-token': world.githubToken,
      'wait-timeout': '5m',
    };
    const run = await runBundle({
      inputs,
      env: world.runnerEnv(),
      onSpawn: async (child) => {
        await whenPrinted(child, /\): (QUEUED|BUILDING)/);
        await until(() => world.github.findCheckRun({ head_sha: sha })?.status === 'in_progress');
        // GitHub now answers updates slower than a cancelled run may wait for them.
        world.github.setLatency(10_000, { method: 'PATCH' });
        child.kill('SIGINT');
      },
    });
    expect(run.outputs.reason).toBe('cancelled');
    expect(run.state.finished).toBe('true');
    const checkRun = world.github.findCheckRun({ head_sha: sha });
    expect(checkRun?.status).toBe('in_progress');
    world.github.setLatency(0);

    const post = await runBundle({ entry: 'post', inputs, env: world.runnerEnv(), state: run.state });
    expect(post.code).toBe(0);
    expect(checkRun).toMatchObject({ status: 'completed', conclusion: 'cancelled' });
  });

  it('after a run that completed everything, the post step makes no GitHub request', async () => {
    const sha = nextSha();
    const inputs = { 'deployment-url': world.app.url, sha, 'github-token': world.githubToken };
    const run = await gate(inputs);
    expect(run.code).toBe(0);
    expect(world.github.findCheckRun({ head_sha: sha })?.conclusion).toBe('success');
    const before = world.github.requests.length;
    const post = await runBundle({ entry: 'post', inputs, env: world.runnerEnv(), state: run.state });
    expect(post.code).toBe(0);
    expect(world.github.requests.length).toBe(before);
    expect(post.summary).toBe('');
    expect(visibleLog(post).trim()).toBe('');
  });

  it('a fork PR (no checks: write): one warning naming the permission, the verdict still decides', async () => {
    world.github.denyPermission('checks');
    world.github.denyPermission('deployments');
    try {
      world.app.setMode('unhealthy');
      const run = await gate({ 'deployment-url': world.app.url, sha: nextSha() });
      expect(run.code).toBe(1);
      expect(run.outputs.status).toBe('unhealthy');
      const log = visibleLog(run);
      const warnings = log.split('\n').filter((line) => line.startsWith('::warning'));
      // One warning per missing permission, naming it; no retries, no further writes.
      expect(warnings.filter((w) => w.includes('lacks `checks: write`'))).toHaveLength(1);
      expect(warnings.filter((w) => w.includes('lacks `deployments: write`'))).toHaveLength(1);
      expect(world.github.requests.filter((r) => r.status === 403)).toHaveLength(2);
      expect(run.summary).toContain('Unhealthy');
    } finally {
      world.github.allowPermission('checks');
      world.github.allowPermission('deployments');
    }
  });

  it('a deployment_status event written by the gate itself ends at once, quietly', async () => {
    world.app.clearRequests();
    const before = world.github.requests.length;
    const run = await gate(
      {},
      {
        event: {
          name: 'deployment_status',
          payload: {
            deployment: { id: 5, sha: 'a'.repeat(40), environment: 'Preview' },
            deployment_status: {
              state: 'success',
              environment_url: world.app.url,
              description: '[Deployment health] Healthy: all services pass',
              log_url: 'https://github.com/acme/shop/actions/runs/4241',
            },
          },
        },
      },
    );
    expect(run.code).toBe(0);
    expect(world.github.requests.length).toBe(before);
    expect(world.app.healthRequests().length).toBe(0);
  });
});
