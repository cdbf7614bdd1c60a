import { describe, expect, it } from 'vitest';
import type { ChecklistItemResult } from '../../../src/evaluate/evaluation.js';
import type { RunResult } from '../../../src/model/run-result.js';
import type { HealthStatus } from '../../../src/model/types.js';
import { blocksPromotion, vercelConclusion } from '../../../src/sinks/vercel-gate/conclusion.js';
import { deployment, gateRun, runFor, useVercelGateWorld } from './support.js';

// One rule for the Vercel check and for `promote` (README: "Which conclusions block"): the check blocks what
// the gate fails, always an unhealthy deployment, and a deployment whose required checklist items were not
// all checked; `promote` never promotes what the check blocks.

const world = useVercelGateWorld();

const ENV_NOT_CHECKED: ChecklistItemResult = {
  id: 'vercel_env',
  name: 'Environment variables on Vercel',
  required: true,
  state: 'skipped',
  detail: 'not checked: the Vercel API answered 503 to GET /v10/projects/shop/env',
  notChecked: true,
};

function withChecklist(run: RunResult, checklist: ChecklistItemResult[]): RunResult {
  return { ...run, evaluation: { ...run.evaluation, checklist } };
}

function stagedOverLive() {
  const { sim } = world;
  const live = deployment(sim, { target: 'production', agoMs: 60_000 });
  const staged = deployment(sim, { target: 'production', staged: true, agoMs: 1_000 });
  return { live, staged };
}

describe('the Vercel check and `promote` follow one rule', () => {
  it('never promotes an unhealthy deployment, even under fail-on never, and the check blocks it', async () => {
    const { sim } = world;
    sim.checks.add('shop', { name: 'Deployment health' });
    const { live, staged } = stagedOverLive();
    const run = runFor(
      sim,
      staged,
      { status: 'unhealthy' },
      { promote: 'true', 'fail-on': 'never', 'vercel-check': 'Deployment health' },
    );
    expect(run.gateFailed).toBe(false);

    const actions = await gateRun(world, run);

    expect(sim.requestCount({ method: 'POST', path: '/promote/' })).toBe(0);
    expect(sim.production.current('shop')?.id).toBe(live.id);
    expect(actions.promoted).toBeUndefined();
    expect(actions.notes.join('\n')).toMatch(
      /Not promoted: the deployment is unhealthy \(endpoint\), which the Vercel check blocks \(`failed`\)\. `fail-on: never` keeps the step green/,
    );
    expect(sim.checks.runsOf(staged)[0]).toMatchObject({ status: 'completed', conclusion: 'failed' });
    sim.assertNoViolations();
  });

  it('a healthy deployment whose required item could not be checked: not promoted, and the check fails saying why', async () => {
    const { sim } = world;
    sim.checks.add('shop', { name: 'Deployment health' });
    const { live, staged } = stagedOverLive();
    const run = withChecklist(
      runFor(sim, staged, { status: 'healthy' }, { promote: 'true', 'vercel-check': 'Deployment health' }),
      [ENV_NOT_CHECKED],
    );

    const actions = await gateRun(world, run);

    // The verdict stands: a Vercel outage is not the deployment's fault.
    expect(run.verdict.status).toBe('healthy');
    expect(run.gateFailed).toBe(false);
    expect(sim.requestCount({ method: 'POST', path: '/promote/' })).toBe(0);
    expect(sim.production.current('shop')?.id).toBe(live.id);
    expect(actions.notes).toEqual([
      expect.stringMatching(
        /^Not promoted: the required checklist item `vercel_env` \(Environment variables on Vercel: not checked: the Vercel API answered 503 .*\) could not be checked, so the deployment is not fully checked/,
      ),
    ]);
    const [checkRun] = sim.checks.runsOf(staged);
    expect(checkRun).toMatchObject({ status: 'completed', conclusion: 'failed' });
    expect(checkRun?.conclusionText).toMatch(
      /^Healthy, not fully checked: required checklist item vercel_env could not be checked/,
    );
  });

  it('an optional item that could not be checked does not hold a healthy deployment back', async () => {
    const { sim } = world;
    const { staged } = stagedOverLive();
    const run = withChecklist(runFor(sim, staged, { status: 'healthy' }, { promote: 'true' }), [
      { ...ENV_NOT_CHECKED, required: false },
    ]);

    const actions = await gateRun(world, run);

    expect(actions.promoted?.outcome).toBe('promoted');
    expect(sim.production.current('shop')?.id).toBe(staged.id);
  });

  it.each([
    ['healthy', 'unhealthy', false, 'succeeded', true],
    ['healthy', 'unhealthy', true, 'failed', false],
    ['healthy', 'never', true, 'failed', false],
    ['degraded', 'unhealthy', false, 'neutral', false],
    ['degraded', 'degraded', false, 'failed', false],
    ['degraded', 'never', false, 'neutral', true],
    ['unhealthy', 'unhealthy', false, 'failed', false],
    ['unhealthy', 'never', false, 'failed', false],
  ] as const)(
    '%s under fail-on %s (a required item unchecked: %s) → %s; promoted: %s',
    async (status, failOn, unchecked, conclusion, promoted) => {
      const { sim } = world;
      const { staged } = stagedOverLive();
      const base = runFor(
        sim,
        staged,
        { status: status as HealthStatus },
        { promote: 'true', 'fail-on': failOn },
      );
      const run = withChecklist(base, unchecked ? [ENV_NOT_CHECKED] : []);

      expect(vercelConclusion(run)).toBe(conclusion);
      const actions = await gateRun(world, run);

      expect(actions.promoted?.outcome === 'promoted').toBe(promoted);
      // Never promoted what the check blocks.
      if (promoted) expect(blocksPromotion(vercelConclusion(run))).toBe(false);
    },
  );
});
