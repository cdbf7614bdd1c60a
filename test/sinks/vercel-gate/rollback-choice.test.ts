import { describe, expect, it } from 'vitest';
import {
  renderVercelActions,
  rollbarNotes,
  vercelActionLines,
} from '../../../src/sinks/vercel-gate/index.js';
import { settle } from '../../support/world.js';
import { deployment, gateRun, runFor, useVercelGateWorld } from './support.js';

// Whether to roll back (only on the deployment's own evidence) and where to (what served production right
// before the unhealthy deployment, as Vercel's project and deployment data say), against the simulator's
// production history.
const world = useVercelGateWorld({ lawfulApis: true });

const rollbacks = () => world.sim.requestCount({ method: 'POST', path: '/rollback/' });
const ROLLBACK = { 'rollback-on-unhealthy': 'true' } as const;

describe('rollback only on the deployment’s own evidence', () => {
  it.each(['endpoint', 'rules', 'checklist'] as const)(
    'does not roll back when every unhealthy %s finding is the gate’s inability to judge',
    async (reason) => {
      const { sim } = world;
      deployment(sim, { target: 'production', agoMs: 60_000 });
      const bad = deployment(sim, { target: 'production', agoMs: 1_000 });
      const run = runFor(sim, bad, { status: 'unhealthy', reason, blame: 'gate' }, ROLLBACK);

      const actions = await gateRun(world, run);

      expect(rollbacks()).toBe(0);
      expect(sim.production.current('shop')?.id).toBe(bad.id);
      expect(actions.rollbackNote).toMatch(
        /^Not rolled back: the unhealthy findings say the gate could not judge the deployment.*never roll production back/,
      );
      // Said wherever a rollback would have been said: the summary, the log, Rollbar's deploy comment.
      expect(renderVercelActions(actions)).toContain('> **Production was not rolled back.** The unhealthy');
      expect(vercelActionLines(actions)[0]).toMatch(/^Vercel: NOT ROLLED BACK: The unhealthy findings/);
      expect(rollbarNotes(actions)).toEqual([expect.stringMatching(/^NOT ROLLED BACK: The unhealthy/)]);
    },
  );

  it('rolls back on a finding of the deployment itself, and says which', async () => {
    const { sim } = world;
    const previous = deployment(sim, { target: 'production', agoMs: 60_000 });
    const bad = deployment(sim, { target: 'production', agoMs: 1_000 });
    const run = runFor(sim, bad, { status: 'unhealthy', reason: 'checklist' }, ROLLBACK);

    const actions = await gateRun(world, run);

    expect(sim.production.current('shop')?.id).toBe(previous.id);
    expect(actions.rolledBack?.evidence).toBe('A checklist finding (The checklist says unhealthy)');
    expect(actions.rolledBack?.message).toContain('Why: A checklist finding (The checklist says unhealthy).');
    expect(rollbarNotes(actions)).toEqual([expect.stringMatching(/^ROLLBACK: Rolled production of shop/)]);
  });
});

describe('the rollback target: what served production right before', () => {
  it('goes back to what a promotion replaced, never to a deployment already rolled back away from', async () => {
    const { sim } = world;
    const a = deployment(sim, { target: 'production', agoMs: 120_000 });
    const b = deployment(sim, { target: 'production', agoMs: 60_000 });
    // B went bad; production was rolled back to A (automatic assignment pauses), then C was promoted.
    sim.production.byHand('rollback', a);
    await settle(200);
    const c = deployment(sim, { target: 'production', agoMs: 0 });
    expect(sim.production.current('shop')?.id).toBe(a.id);
    sim.production.byHand('promote', c);
    await settle(200);
    expect(sim.production.current('shop')?.id).toBe(c.id);
    expect(sim.production.rolledBackFrom('shop')).toEqual([b.id]);

    const actions = await gateRun(world, runFor(sim, c, { status: 'unhealthy' }, ROLLBACK));

    expect(sim.production.current('shop')?.id).toBe(a.id);
    expect(actions.rolledBack).toMatchObject({ outcome: 'rolled-back', toDeploymentId: a.id });
    expect(actions.rolledBack?.message).toContain(
      `which served production until ${c.id} was promoted in its place (Vercel's record of that promotion)`,
    );
    expect(sim.production.history('shop').map((h) => [h.how, h.deploymentId])).toEqual([
      ['auto', a.id],
      ['auto', b.id],
      ['rollback', a.id],
      ['promote', c.id],
      ['rollback', a.id],
    ]);
  });

  it('pages back past deployments that never served production', async () => {
    const { sim } = world;
    const a = deployment(sim, { target: 'production', agoMs: 600_000 });
    // 130 staged builds (`--skip-domain`) that nobody promoted: more than a page of 100.
    for (let i = 0; i < 130; i++) {
      deployment(sim, { target: 'production', staged: true, agoMs: 500_000 - i * 1_000 });
    }
    const bad = deployment(sim, { target: 'production', agoMs: 1_000 });
    expect(sim.production.current('shop')?.id).toBe(bad.id);

    const actions = await gateRun(world, runFor(sim, bad, { status: 'unhealthy' }, ROLLBACK));

    expect(actions.rolledBack).toMatchObject({ outcome: 'rolled-back', toDeploymentId: a.id });
    expect(sim.production.current('shop')?.id).toBe(a.id);
    const pages = sim.requests.filter((r) => r.path === '/v6/deployments');
    expect(pages.map((r) => r.query.until !== undefined)).toEqual([false, true]);
    expect(actions.rolledBack?.message).toContain('took over by automatic assignment');
  });

  it('after a promotion, automatic assignment since then decides: the promoted one, not older ones', async () => {
    const { sim } = world;
    const a = deployment(sim, { target: 'production', agoMs: 300_000 });
    deployment(sim, { target: 'production', agoMs: 200_000 });
    sim.production.byHand('rollback', a);
    await settle(200);
    const p = deployment(sim, { target: 'production', agoMs: 0 });
    sim.production.byHand('promote', p);
    await settle(200);
    const bad = deployment(sim, { target: 'production', agoMs: 0 });
    expect(sim.production.current('shop')?.id).toBe(bad.id);

    const actions = await gateRun(world, runFor(sim, bad, { status: 'unhealthy' }, ROLLBACK));

    expect(actions.rolledBack).toMatchObject({ outcome: 'rolled-back', toDeploymentId: p.id });
    expect(actions.rolledBack?.message).toContain('which was promoted to production and served it until');
  });

  it('does not roll back a deployment that production was rolled back to', async () => {
    const { sim } = world;
    const a = deployment(sim, { target: 'production', agoMs: 120_000 });
    const b = deployment(sim, { target: 'production', agoMs: 60_000 });
    sim.production.byHand('rollback', a);
    await settle(200);

    const actions = await gateRun(world, runFor(sim, a, { status: 'unhealthy' }, ROLLBACK));

    expect(rollbacks()).toBe(0);
    expect(sim.production.current('shop')?.id).toBe(a.id);
    expect(actions.rolledBack).toMatchObject({ outcome: 'failed', fromDeploymentId: a.id });
    expect(actions.rolledBack?.message).toContain(
      `serves production because it was rolled back to from ${b.id}`,
    );
  });

  it('says so when Vercel reports the rollback replaced a deployment that went live meanwhile', async () => {
    const { sim } = world;
    const previous = deployment(sim, { target: 'production', agoMs: 60_000 });
    const bad = deployment(sim, { target: 'production', agoMs: 1_000 });
    sim.setLatency(500, { method: 'POST', path: '/rollback/' });
    const run = runFor(sim, bad, { status: 'unhealthy' }, ROLLBACK);
    let newer: ReturnType<typeof deployment> | undefined;
    const watcher = setInterval(() => {
      // As soon as the rollback request is on its way, a newer automatic build becomes READY.
      if (!newer && sim.requests.some((r) => r.method === 'POST' && r.path.includes('/rollback/'))) {
        newer = deployment(sim, { target: 'production', agoMs: 0 });
      }
    }, 5);

    const actions = await gateRun(world, run);
    clearInterval(watcher);
    sim.setLatency(0);

    expect(newer).toBeDefined();
    expect(sim.production.current('shop')?.id).toBe(previous.id);
    expect(sim.production.requests.at(-1)).toMatchObject({ fromDeploymentId: newer?.id });
    expect(actions.rolledBack?.message).toContain(
      `Vercel reports that the rollback replaced ${newer?.id}, not ${bad.id}: it went live between the check`,
    );
  });
});
