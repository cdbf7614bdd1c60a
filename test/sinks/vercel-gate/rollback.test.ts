import { describe, expect, it } from 'vitest';
import { renderVercelActions, vercelActionLines } from '../../../src/sinks/vercel-gate/index.js';
import { deployment, gateRun, runFor, useVercelGateWorld } from './support.js';

const world = useVercelGateWorld();

const rollbacks = () => world.sim.requestCount({ method: 'POST', path: '/rollback/' });

/** Production went from `previous` to `bad` by automatic domain assignment. */
function badIsLive() {
  const { sim } = world;
  const older = deployment(sim, { target: 'production', agoMs: 120_000 });
  const previous = deployment(sim, { target: 'production', agoMs: 60_000 });
  const bad = deployment(sim, { target: 'production', agoMs: 1_000 });
  expect(sim.production.current('shop')?.id).toBe(bad.id);
  return { older, previous, bad };
}

describe('roll back on unhealthy', () => {
  it('rolls an unhealthy live production deployment back to the previous one, and says so loudly', async () => {
    const { sim } = world;
    const { previous, bad } = badIsLive();
    const run = runFor(
      sim,
      bad,
      { status: 'unhealthy', reason: 'rules' },
      { 'rollback-on-unhealthy': 'true' },
    );

    const actions = await gateRun(world, run);

    expect(sim.production.current('shop')?.id).toBe(previous.id);
    const [request] = sim.production.requests;
    expect(request).toMatchObject({
      type: 'rollback',
      fromDeploymentId: bad.id,
      toDeploymentId: previous.id,
    });
    expect(request?.description).toBe(
      `Deployment health gate: ${bad.id} is unhealthy (rules) — ${run.context.runUrl}`,
    );
    expect(actions.rolledBack).toMatchObject({
      outcome: 'rolled-back',
      fromDeploymentId: bad.id,
      toDeploymentId: previous.id,
      project: 'shop',
    });
    expect(actions.rolledBack?.elapsedMs).toBeGreaterThanOrEqual(140);
    expect(actions.rolledBack?.message).toMatch(
      /assigns no new production deployment automatically until one is promoted/,
    );
    expect(renderVercelActions(actions)).toMatch(
      /^### Vercel\n\n> \[!CAUTION\]\n> \*\*Production was rolled back\.\*\* Rolled production of shop back/,
    );
    expect(vercelActionLines(actions)[0]).toMatch(/^Vercel: PRODUCTION ROLLED BACK: /);
    // Vercel now keeps production pinned there: a newer automatic production build does not take over.
    deployment(sim, { target: 'production' });
    expect(sim.production.current('shop')?.id).toBe(previous.id);
    sim.assertNoViolations();
  });

  it('does not roll back an unhealthy production deployment that is not live', async () => {
    const { sim } = world;
    const live = deployment(sim, { target: 'production', agoMs: 60_000 });
    const staged = deployment(sim, { target: 'production', staged: true, agoMs: 1_000 });
    const run = runFor(sim, staged, { status: 'unhealthy' }, { 'rollback-on-unhealthy': 'true' });

    const actions = await gateRun(world, run);

    expect(rollbacks()).toBe(0);
    expect(sim.production.current('shop')?.id).toBe(live.id);
    expect(actions.rolledBack).toBeUndefined();
    expect(actions.notes[0]).toMatch(
      /^Not rolled back: dpl_\w+ .* is not live \(production of shop serves dpl_\w+/,
    );
  });

  it('never rolls back because of a preview', async () => {
    const { sim } = world;
    const { bad } = badIsLive();
    const preview = deployment(sim, { target: 'preview' });
    const run = runFor(
      sim,
      preview,
      { status: 'unhealthy' },
      { 'rollback-on-unhealthy': 'true', promote: 'true' },
    );

    const actions = await gateRun(world, run);

    expect(rollbacks()).toBe(0);
    expect(sim.requestCount({ path: '/promote/' })).toBe(0);
    expect(sim.production.current('shop')?.id).toBe(bad.id);
    expect(actions.notes).toContain(
      'Not rolled back: this is a preview deployment; previews are never rolled back.',
    );
  });

  it('does nothing unless asked', async () => {
    const { sim } = world;
    const { bad } = badIsLive();
    const run = runFor(sim, bad, { status: 'unhealthy' });

    const actions = await gateRun(world, run);

    expect(sim.requests).toHaveLength(0);
    expect(actions).toEqual({ notes: [], problems: [] });
    expect(renderVercelActions(actions)).toBe('');
  });

  it.each(['protected', 'not-found'] as const)(
    'does not roll back when the verdict (%s) says the gate could not judge the deployment',
    async (reason) => {
      const { sim } = world;
      const { bad } = badIsLive();
      const run = runFor(sim, bad, { status: 'unhealthy', reason }, { 'rollback-on-unhealthy': 'true' });

      const actions = await gateRun(world, run);

      expect(rollbacks()).toBe(0);
      expect(sim.production.current('shop')?.id).toBe(bad.id);
      expect(actions.notes[0]).toMatch(
        new RegExp(
          `^Not rolled back: the health endpoint gave no answer the gate could judge \\(${reason}\\)`,
        ),
      );
    },
  );

  it('does not roll back a degraded deployment', async () => {
    const { sim } = world;
    const { bad } = badIsLive();
    const run = runFor(sim, bad, { status: 'degraded' }, { 'rollback-on-unhealthy': 'true' });

    const actions = await gateRun(world, run);

    expect(rollbacks()).toBe(0);
    expect(actions.rolledBack).toBeUndefined();
  });

  it('skips a staged build that never served production when choosing where to roll back to', async () => {
    const { sim } = world;
    const previous = deployment(sim, { target: 'production', agoMs: 120_000 });
    deployment(sim, { target: 'production', staged: true, agoMs: 60_000 });
    const bad = deployment(sim, { target: 'production', agoMs: 1_000 });
    const run = runFor(sim, bad, { status: 'unhealthy' }, { 'rollback-on-unhealthy': 'true' });

    const actions = await gateRun(world, run);

    expect(actions.rolledBack?.toDeploymentId).toBe(previous.id);
    expect(sim.production.current('shop')?.id).toBe(previous.id);
    sim.assertNoViolations();
  });

  it('says loudly that production stays unhealthy when there is nothing to roll back to', async () => {
    const { sim } = world;
    const only = deployment(sim, { target: 'production', agoMs: 1_000 });
    const run = runFor(sim, only, { status: 'unhealthy' }, { 'rollback-on-unhealthy': 'true' });

    const actions = await gateRun(world, run);

    expect(rollbacks()).toBe(0);
    expect(actions.rolledBack).toMatchObject({ outcome: 'failed', fromDeploymentId: only.id });
    expect(renderVercelActions(actions)).toContain('> **Production is unhealthy and the rollback failed.**');
    expect(vercelActionLines(actions)[0]).toMatch(/^Vercel: PRODUCTION ROLLBACK FAILED: /);
  });

  it('honours Retry-After when Vercel rate-limits the rollback', async () => {
    const { sim } = world;
    const { previous, bad } = badIsLive();
    sim.failNext(1, { status: 429, retryAfter: 0.3, path: '/rollback/' });
    const run = runFor(sim, bad, { status: 'unhealthy' }, { 'rollback-on-unhealthy': 'true' });

    const actions = await gateRun(world, run);

    expect(actions.rolledBack?.outcome).toBe('rolled-back');
    expect(sim.production.current('shop')?.id).toBe(previous.id);
    const calls = sim.requests.filter((r) => r.path.includes('/rollback/'));
    expect(calls.map((c) => c.status)).toEqual([429, 201]);
    expect((calls[1]?.at ?? 0) - (calls[0]?.at ?? 0)).toBeGreaterThanOrEqual(280);
  });

  it('scopes every call to the team', async () => {
    const { sim } = world;
    sim.requireTeam({ id: 'team_acme', slug: 'acme' });
    const { previous, bad } = badIsLive();
    const run = runFor(
      sim,
      bad,
      { status: 'unhealthy' },
      { 'rollback-on-unhealthy': 'true', 'vercel-team': 'team_acme' },
    );

    const actions = await gateRun(world, run);

    expect(actions.rolledBack?.outcome).toBe('rolled-back');
    expect(sim.production.current('shop')?.id).toBe(previous.id);
    expect(sim.requests.every((r) => r.query.teamId === 'team_acme')).toBe(true);
  });
});
