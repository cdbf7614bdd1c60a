import { describe, expect, it } from 'vitest';
import { renderVercelActions } from '../../../src/sinks/vercel-gate/index.js';
import { deployment, gateRun, runFor, useVercelGateWorld } from './support.js';

const world = useVercelGateWorld();

/** Production serves `live`; `staged` is a newer production build waiting for the gate. */
function stagedOverLive() {
  const { sim } = world;
  const live = deployment(sim, { target: 'production', agoMs: 60_000 });
  const staged = deployment(sim, { target: 'production', staged: true, agoMs: 1_000 });
  expect(sim.production.current('shop')?.id).toBe(live.id);
  return { live, staged };
}

const promotions = () => world.sim.requestCount({ method: 'POST', path: '/promote/' });

describe('promote on healthy', () => {
  it('promotes a healthy staged production deployment and waits until Vercel serves it', async () => {
    const { sim } = world;
    const { live, staged } = stagedOverLive();
    const run = runFor(sim, staged, { status: 'healthy' }, { promote: 'true' });

    const actions = await gateRun(world, run);

    expect(sim.production.current('shop')?.id).toBe(staged.id);
    expect(sim.production.requests).toMatchObject([
      { type: 'promote', toDeploymentId: staged.id, fromDeploymentId: live.id },
    ]);
    expect(actions.promoted).toMatchObject({
      outcome: 'promoted',
      deploymentId: staged.id,
      previousProductionId: live.id,
      despiteVerdict: undefined,
    });
    // The switch takes the simulator 150 ms: the gate waited for it, polling the project a few times.
    expect(actions.promoted?.elapsedMs).toBeGreaterThanOrEqual(140);
    expect(sim.requestCount({ method: 'GET', path: '/v9/projects/' })).toBeGreaterThanOrEqual(3);
    expect(actions.promoted?.message).toMatch(/serves production instead of/);
    expect(renderVercelActions(actions)).toContain('> [!IMPORTANT]\n> **Promoted to production.**');
    sim.assertNoViolations();
  });

  it.each([
    ['unhealthy', 'unhealthy'],
    ['degraded', 'unhealthy'],
    ['unhealthy', 'degraded'],
  ] as const)('never promotes a %s deployment under fail-on %s', async (status, failOn) => {
    const { sim } = world;
    const { live, staged } = stagedOverLive();
    const run = runFor(sim, staged, { status }, { promote: 'true', 'fail-on': failOn });

    const actions = await gateRun(world, run);

    expect(promotions()).toBe(0);
    expect(sim.production.current('shop')?.id).toBe(live.id);
    expect(actions.promoted).toBeUndefined();
    expect(actions.notes).toEqual([
      `Not promoted: the deployment is ${status} (endpoint); only a healthy deployment is promoted.`,
    ]);
  });

  it('promotes a degraded deployment under fail-on never, and says so loudly', async () => {
    const { sim } = world;
    const { staged } = stagedOverLive();
    const run = runFor(sim, staged, { status: 'degraded' }, { promote: 'true', 'fail-on': 'never' });

    const actions = await gateRun(world, run);

    expect(sim.production.current('shop')?.id).toBe(staged.id);
    expect(actions.promoted).toMatchObject({ outcome: 'promoted', despiteVerdict: 'degraded' });
    expect(actions.promoted?.message).toMatch(/although it is degraded \(`fail-on: never`\)/);
    expect(renderVercelActions(actions)).toContain(
      '> [!WARNING]\n> **Promoted to production although degraded.**',
    );
  });

  it('never promotes a preview, however healthy', async () => {
    const { sim } = world;
    const live = deployment(sim, { target: 'production', agoMs: 60_000 });
    const preview = deployment(sim, { target: 'preview' });
    const run = runFor(sim, preview, { status: 'healthy' }, { promote: 'true' });

    const actions = await gateRun(world, run);

    expect(promotions()).toBe(0);
    expect(sim.production.current('shop')?.id).toBe(live.id);
    expect(actions.notes).toEqual([
      'Not promoted: this is a preview deployment, and previews are never promoted.',
    ]);
  });

  it('leaves a deployment that already serves production alone', async () => {
    const { sim } = world;
    const live = deployment(sim, { target: 'production', agoMs: 1_000 });
    const run = runFor(sim, live, { status: 'healthy' }, { promote: 'true' });

    const actions = await gateRun(world, run);

    expect(promotions()).toBe(0);
    expect(actions.notes[0]).toMatch(
      /^Nothing to promote: dpl_\w+ \(https:\/\/shop-.*\) already serves production/,
    );
  });

  it('does not promote an older build over a newer live one', async () => {
    const { sim } = world;
    const older = deployment(sim, { target: 'production', staged: true, agoMs: 60_000 });
    const newer = deployment(sim, { target: 'production', agoMs: 1_000 });
    const run = runFor(sim, older, { status: 'healthy' }, { promote: 'true' });

    const actions = await gateRun(world, run);

    expect(promotions()).toBe(0);
    expect(sim.production.current('shop')?.id).toBe(newer.id);
    expect(actions.notes[0]).toMatch(/which is newer .* promoting it would roll production back/);
  });

  it('reports a promotion Vercel could not complete', async () => {
    const { sim } = world;
    const { live, staged } = stagedOverLive();
    sim.production.failNextJobs(1);
    const run = runFor(sim, staged, { status: 'healthy' }, { promote: 'true' });

    const actions = await gateRun(world, run);

    expect(sim.production.current('shop')?.id).toBe(live.id);
    expect(actions.promoted).toMatchObject({ outcome: 'failed' });
    expect(actions.promoted?.message).toMatch(/reports it failed; production of shop still serves/);
    expect(renderVercelActions(actions)).toContain('**Promotion failed.**');
  });

  it('stops waiting after its own timeout, and says the promotion goes on without it', async () => {
    const { sim } = world;
    const { staged } = stagedOverLive();
    sim.production.setSwitchDelay(5_000);
    const run = runFor(sim, staged, { status: 'healthy' }, { promote: 'true' });

    const started = Date.now();
    const actions = await gateRun(world, run);

    // fastPolicy.aliasTimeoutMs is 2 s.
    expect(Date.now() - started).toBeLessThan(2_800);
    expect(actions.promoted).toMatchObject({ outcome: 'pending' });
    expect(actions.promoted?.message).toMatch(/had not finished it after 2\.\d s/);
  });

  it('still records a requested promotion when the run is cancelled while it waits', async () => {
    const { sim, h } = world;
    const { staged } = stagedOverLive();
    sim.production.setSwitchDelay(5_000);
    const run = runFor(sim, staged, { status: 'healthy' }, { promote: 'true' });
    setTimeout(() => h.controller.abort(new Error('SIGTERM')), 300);

    const started = Date.now();
    const actions = await gateRun(world, run);

    expect(Date.now() - started).toBeLessThan(1_000);
    expect(sim.production.requests).toHaveLength(1);
    expect(actions.promoted).toMatchObject({ outcome: 'pending' });
    expect(actions.promoted?.message).toMatch(/had not finished it after .* \(the run was cancelled\)/);
    expect(renderVercelActions(actions)).toContain('**Promotion requested, not confirmed.**');
  });

  it('turns a 403 into one message naming the fix', async () => {
    const { sim } = world;
    const { live, staged } = stagedOverLive();
    sim.failNext(1, {
      status: 403,
      path: '/promote/',
      body: { error: { code: 'forbidden', message: 'You do not have permission to access this resource.' } },
    });
    const run = runFor(sim, staged, { status: 'healthy' }, { promote: 'true' });

    const actions = await gateRun(world, run);

    expect(sim.production.current('shop')?.id).toBe(live.id);
    expect(actions.promoted?.outcome).toBe('failed');
    expect(actions.promoted?.message).toMatch(
      /^The Vercel API answered 403 to POST \/v10\/projects\/prj_\w+\/promote\/dpl_\w+ \("You do not have permission to access this resource\."\): the token may not promote deployments of this project\..*`vercel-team`/,
    );
    expect(actions.problems).toEqual([]);
  });

  it('honours Retry-After when Vercel rate-limits the promotion', async () => {
    const { sim } = world;
    const { staged } = stagedOverLive();
    sim.failNext(1, { status: 429, retryAfter: 0.3, path: '/promote/' });
    const run = runFor(sim, staged, { status: 'healthy' }, { promote: 'true' });

    const actions = await gateRun(world, run);

    expect(actions.promoted?.outcome).toBe('promoted');
    const calls = sim.requests.filter((r) => r.path.includes('/promote/'));
    expect(calls.map((c) => c.status)).toEqual([429, 201]);
    expect((calls[1]?.at ?? 0) - (calls[0]?.at ?? 0)).toBeGreaterThanOrEqual(280);
  });
});
