import { describe, expect, it } from 'vitest';
import { renderVercelActions, vercelActionLines } from '../../../src/sinks/vercel-gate/index.js';
import { settle } from '../../support/world.js';
import { deployment, gateRun, runFor, useVercelGateWorld } from './support.js';

// Promote and rollback are writes: the gate never repeats one blindly, reports what production is, and
// promotes the next healthy deployment after a rollback paused automatic domain assignment.
const world = useVercelGateWorld({ lawfulApis: true });

const posts = (kind: 'promote' | 'rollback') =>
  world.sim.requests.filter((r) => r.method === 'POST' && r.path.includes(`/${kind}/`));

function stagedOverLive() {
  const { sim } = world;
  const live = deployment(sim, { target: 'production', agoMs: 60_000 });
  const staged = deployment(sim, { target: 'production', staged: true, agoMs: 1_000 });
  return { live, staged };
}

describe('a write whose answer was lost', () => {
  it.each([
    ['a 502 after Vercel took it', { status: 502 }],
    ['a dropped connection after Vercel took it', { status: 0, drop: true }],
  ])('reports a promotion Vercel carried out as done (%s), without asking twice', async (_, fault) => {
    const { sim } = world;
    const { live, staged } = stagedOverLive();
    sim.production.setSwitchDelay(400);
    sim.failNext(1, { ...fault, method: 'POST', path: '/promote/', afterHandling: true });
    const run = runFor(sim, staged, { status: 'healthy' }, { promote: 'true' });

    const actions = await gateRun(world, run);

    expect(sim.production.current('shop')?.id).toBe(staged.id);
    expect(sim.production.requests).toHaveLength(1);
    expect(posts('promote')).toHaveLength(1);
    expect(actions.promoted).toMatchObject({ outcome: 'promoted', previousProductionId: live.id });
    expect(actions.promoted?.message).toMatch(
      /\(the answer to the request was lost \(.*\); read back: Vercel records the promotion \(in-progress\)\)/,
    );
    expect(vercelActionLines(actions)[0]).toMatch(/^Vercel: promoted: /);
  });

  it('reports a rollback Vercel carried out as done, without asking twice', async () => {
    const { sim } = world;
    const previous = deployment(sim, { target: 'production', agoMs: 60_000 });
    const bad = deployment(sim, { target: 'production', agoMs: 1_000 });
    sim.production.setSwitchDelay(400);
    sim.failNext(1, { status: 502, method: 'POST', path: '/rollback/', afterHandling: true });
    const run = runFor(sim, bad, { status: 'unhealthy' }, { 'rollback-on-unhealthy': 'true' });

    const actions = await gateRun(world, run);

    expect(sim.production.current('shop')?.id).toBe(previous.id);
    expect(posts('rollback')).toHaveLength(1);
    expect(actions.rolledBack).toMatchObject({ outcome: 'rolled-back', toDeploymentId: previous.id });
    expect(actions.rolledBack?.message).toContain('the answer to the request was lost');
    expect(renderVercelActions(actions)).toContain('**Production was rolled back.**');
  });

  it('asks again when reading back shows Vercel did not take it', async () => {
    const { sim } = world;
    const { staged } = stagedOverLive();
    sim.failNext(1, { status: 502, method: 'POST', path: '/promote/' });
    const run = runFor(sim, staged, { status: 'healthy' }, { promote: 'true' });

    const actions = await gateRun(world, run);

    expect(posts('promote').map((r) => r.status)).toEqual([502, 201]);
    // Read back between the two: the project, and the promotion's aliases.
    const between = sim.requests.slice(
      sim.requests.indexOf(posts('promote')[0] as (typeof sim.requests)[number]) + 1,
      sim.requests.indexOf(posts('promote')[1] as (typeof sim.requests)[number]),
    );
    expect(between.map((r) => r.path)).toEqual([
      expect.stringMatching(/^\/v9\/projects\//),
      expect.stringMatching(/^\/v1\/projects\/prj_\w+\/promote\/aliases$/),
    ]);
    expect(actions.promoted?.outcome).toBe('promoted');
    expect(actions.promoted?.message).toContain('an earlier attempt went unanswered');
  });

  it('says a promotion may have happened when the run is cancelled with the request in flight', async () => {
    const { sim, h } = world;
    const { live, staged } = stagedOverLive();
    sim.setLatency(800, { method: 'POST', path: '/promote/' });
    const run = runFor(sim, staged, { status: 'healthy' }, { promote: 'true' });
    const watcher = setInterval(() => {
      if (posts('promote').length > 0) h.controller.abort(new Error('SIGTERM'));
    }, 5);

    const actions = await gateRun(world, run);
    clearInterval(watcher);

    expect(actions.promoted).toMatchObject({ outcome: 'pending', deploymentId: staged.id });
    expect(actions.promoted?.message).toMatch(
      /^The run was cancelled while the promotion request was on its way to Vercel: Vercel may have carried it out\./,
    );
    expect(actions.promoted?.message).toContain(`else ${live.id}`);
    expect(renderVercelActions(actions)).toContain('**Promotion requested, not confirmed.**');
  });
});

describe('fix forward after a rollback', () => {
  it('promotes the next healthy production deployment while the rollback pauses automatic assignment', async () => {
    const { sim } = world;
    const a = deployment(sim, { target: 'production', agoMs: 120_000 });
    const b = deployment(sim, { target: 'production', agoMs: 60_000 });
    // The gate rolled B back; C, a normal production build, stays unassigned while the rollback stands.
    const rolled = await gateRun(
      world,
      runFor(sim, b, { status: 'unhealthy' }, { 'rollback-on-unhealthy': 'true' }),
    );
    expect(rolled.rolledBack?.outcome).toBe('rolled-back');
    const c = deployment(sim, { target: 'production', agoMs: 0 });
    await settle(50);
    expect(sim.production.current('shop')?.id).toBe(a.id);
    expect(sim.production.paused('shop')).toBe(true);

    const actions = await gateRun(world, runFor(sim, c, { status: 'healthy' }, { promote: 'true' }));

    expect(sim.production.current('shop')?.id).toBe(c.id);
    expect(sim.production.paused('shop')).toBe(false);
    expect(actions.promoted).toMatchObject({ outcome: 'promoted', previousProductionId: a.id });
    expect(actions.promoted?.message).toContain(
      'This also ends the pause Vercel put on automatic domain assignment after the last rollback.',
    );
  });

  it('still leaves a normal production build to Vercel when no rollback paused assignment', async () => {
    const { sim } = world;
    deployment(sim, { target: 'production', agoMs: 60_000 });
    const c = deployment(sim, { target: 'production', agoMs: 1_000 });
    // It is live already: nothing to promote.
    const actions = await gateRun(world, runFor(sim, c, { status: 'healthy' }, { promote: 'true' }));

    expect(posts('promote')).toHaveLength(0);
    expect(actions.notes).toContain(
      `Nothing to promote: ${c.id} (https://${c.url}) already serves production of shop.`,
    );
  });
});
