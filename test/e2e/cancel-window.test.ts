import { describe, expect, it } from 'vitest';
import { runBundle, until, visibleLog, whenPrinted } from '../support/run-bundle.js';
import { healthyAppLawfulApis, settle, shaSeries, useWorld } from '../support/world.js';

// A cancel (SIGINT: a user's cancel, or `timeout-minutes`) a few seconds into a 10-minute observation window,
// from the bundle as the runner runs it, against the whole simulated world: the window was cut short, so the
// deployment was not fully checked, and nothing anywhere may read as a pass.
const world = useWorld({
  afterEach: healthyAppLawfulApis,
});

const nextSha = shaSeries('ca');
const healthGets = () => world.app.healthRequests().filter((r) => r.method === 'GET');

describe('a cancel inside the observation window', () => {
  it('SIGINT a few seconds into `observe: 10m` → cancelled everywhere: no success, no promotion, no start_monitoring', async () => {
    // A healthy production deployment staged for promotion, with a Vercel check, Rollbar and the original design's
    // start_monitoring: everything that a pass would set off.
    const live = world.deploy({ sha: nextSha(), target: 'production', buildMs: 50 });
    await settle(150);
    const sha = nextSha();
    const staged = world.deploy({ sha, target: 'production', buildMs: 300 });
    world.vercel.production.stage(staged);
    world.vercel.checks.add('shop', { name: 'Deployment health' });
    await settle(400);
    world.app.clearRequests();

    let sentAt = 0;
    const run = await runBundle({
      inputs: {
        ...world.vercelInputs({ sha }),
        'github-token': world.githubToken,
        environment: 'production',
        'health-timeout': '4s',
        observe: '10m',
        'observe-interval': '1s',
        'start-monitoring': '5',
        promote: 'true',
        'vercel-check': 'Deployment health',
        'rollbar-token': world.rollbar.token,
        'rollbar-endpoint': world.rollbar.url,
      },
      env: world.runnerEnv(),
      onSpawn: async (child) => {
        await whenPrinted(child, /Observing the health endpoint for 10 min/);
        // The first answer and two samples of the window: a few seconds in.
        await until(() => healthGets().length >= 3);
        sentAt = Date.now();
        child.kill('SIGINT');
      },
    });
    expect(sentAt).toBeGreaterThan(0);
    expect(Date.now() - sentAt).toBeLessThan(8000);

    // The step fails with reason cancelled, and says what happened and what to do.
    expect(run.code).toBe(1);
    expect(run.outputs).toMatchObject({ status: 'unhealthy', reason: 'cancelled' });
    expect(run.state.finished).toBe('true');
    const said =
      /The run was cancelled \d+\.\d s into the 10 min observation window \(`observe`\) after \d+ samples; the deployment was not fully checked/;
    expect(visibleLog(run)).toMatch(said);
    expect(run.summary).toMatch(said);
    expect(run.summary).toContain('Re-run the job');

    // GitHub: the check run concludes cancelled, the deployment status is an error, never success.
    const checkRun = world.github.findCheckRun({ name: 'Deployment health', head_sha: sha });
    expect(checkRun).toMatchObject({ status: 'completed', conclusion: 'cancelled' });
    const deployment = world.github.deployments.find((d) => d.sha === sha);
    expect(deployment?.statuses[0]?.state).toBe('error'); // newest first
    expect(deployment?.statuses.some((s) => s.state === 'success')).toBe(false);

    // Rollbar: the deploy is not `succeeded`.
    const deploy = [...world.rollbar.deploys.values()].find((d) => d.revision === sha);
    expect(deploy?.status).toBe('failed');
    expect(deploy?.comment).toMatch(/^cancelled: /);

    // Vercel: not promoted, and the check run is not `succeeded`.
    expect(world.vercel.production.current('shop')?.id).toBe(live.id);
    const [vercelCheck] = world.vercel.checks.runsOf(staged);
    expect(vercelCheck?.conclusion).not.toBe('succeeded');
    expect(vercelCheck).toMatchObject({ status: 'completed', conclusion: 'canceled' });

    // The app was not told to start monitoring a deployment the gate did not pass.
    expect(world.app.actions.filter((a) => a.action === 'start_monitoring')).toEqual([]);
  });
});
