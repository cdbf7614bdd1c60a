import { describe, expect, it } from 'vitest';
import { CHECK_RUN_URL, deployment, gateRun, runFor, TOKEN, useVercelGateWorld } from './support.js';

const world = useVercelGateWorld();

describe('Vercel check run: one conclusion per verdict', () => {
  // The README's "Which conclusions block" table: the check blocks what the gate fails, and always an
  // unhealthy deployment (`fail-on: never` included); only `failed` and `canceled` block.
  it.each([
    { verdict: 'healthy', failOn: 'unhealthy', conclusion: 'succeeded' },
    { verdict: 'healthy', failOn: 'never', conclusion: 'succeeded' },
    { verdict: 'degraded', failOn: 'unhealthy', conclusion: 'neutral' },
    { verdict: 'degraded', failOn: 'degraded', conclusion: 'failed' },
    { verdict: 'degraded', failOn: 'never', conclusion: 'neutral' },
    { verdict: 'unhealthy', failOn: 'unhealthy', conclusion: 'failed' },
    { verdict: 'unhealthy', failOn: 'degraded', conclusion: 'failed' },
    { verdict: 'unhealthy', failOn: 'never', conclusion: 'failed' },
  ] as const)('$verdict under fail-on $failOn → $conclusion', async ({ verdict, failOn, conclusion }) => {
    const { sim } = world;
    const d = deployment(sim, { target: 'preview' });
    sim.checks.add('shop', { name: 'Deployment health' });
    const run = runFor(
      sim,
      d,
      { status: verdict },
      { 'vercel-check': 'deployment health', 'fail-on': failOn },
    );

    const actions = await gateRun(world, run);

    expect(actions.problems).toEqual([]);
    const [checkRun] = sim.checks.runsOf(d);
    expect(checkRun).toMatchObject({ status: 'completed', conclusion, externalUrl: CHECK_RUN_URL });
    // Created by the gate (the project opens none itself here), running while probing, then completed.
    expect(checkRun?.history).toEqual(['queued', 'running', 'completed']);
    expect(checkRun?.conclusionText).toMatch(new RegExp(`^${verdict}`, 'i'));
    expect(actions.check).toMatchObject({ check: 'deployment health', conclusion, runId: checkRun?.id });
    // Every request carried the token, and Vercel's own request models accept every one of them.
    expect(sim.requests.every((r) => r.headers.authorization === `Bearer ${TOKEN}`)).toBe(true);
    sim.assertNoViolations();
  });

  it('completes the run Vercel opened for the check (by id) instead of creating another', async () => {
    const { sim } = world;
    const d = deployment(sim, { target: 'production' });
    const check = sim.checks.add('shop', { name: 'Deployment health', autoRuns: true });
    const run = runFor(sim, d, { status: 'healthy' }, { 'vercel-check': check.id });

    const actions = await gateRun(world, run, {});

    expect(sim.checks.runsOf(d)).toHaveLength(1);
    expect(sim.checks.runsOf(d)[0]).toMatchObject({
      status: 'completed',
      conclusion: 'succeeded',
      // No GitHub check run: Vercel links to the workflow run.
      externalUrl: run.context.runUrl,
    });
    expect(sim.requestCount({ method: 'POST', path: '/check-runs' })).toBe(0);
    expect(actions.check?.checkId).toBe(check.id);
    sim.assertNoViolations();
  });

  it('concludes `failed` (which blocks; `timeout` may not) when the deployment never became READY in time, and never sets it running', async () => {
    const { sim } = world;
    const d = deployment(sim, { target: 'preview' });
    sim.checks.add('shop', { name: 'Deployment health' });
    const run = runFor(
      sim,
      d,
      { status: 'unhealthy', stopped: 'wait-timeout' },
      { 'vercel-check': 'Deployment health' },
    );

    await gateRun(world, run);

    const [checkRun] = sim.checks.runsOf(d);
    expect(checkRun?.history).toEqual(['queued', 'completed']);
    expect(checkRun?.conclusion).toBe('failed');
    expect(checkRun?.conclusionText).toMatch(/^Unhealthy \(wait-timeout\)/);
    sim.assertNoViolations();
  });

  it('concludes `canceled` on a cancelled run, within the short budget a cancelled run has left', async () => {
    const { sim, h } = world;
    const d = deployment(sim, { target: 'preview' });
    sim.checks.add('shop', { name: 'Deployment health' });
    const run = runFor(
      sim,
      d,
      { status: 'unhealthy', reason: 'cancelled' },
      { 'vercel-check': 'Deployment health', promote: 'true' },
    );

    const started = Date.now();
    const actions = await gateRun(world, run, {}, async () => {
      // Let the background start finish, then SIGTERM arrives.
      await new Promise((r) => setTimeout(r, 200));
      h.controller.abort(new Error('SIGTERM'));
    });

    expect(sim.checks.runsOf(d)[0]).toMatchObject({ status: 'completed', conclusion: 'canceled' });
    expect(Date.now() - started).toBeLessThan(1500);
    expect(sim.requestCount({ path: '/promote/' })).toBe(0);
    expect(actions.notes.join('\n')).toMatch(/cancelled/);
  });

  it('finishes completing the check run when SIGTERM arrives while that request is in flight', async () => {
    const { sim, h } = world;
    const d = deployment(sim, { target: 'preview' });
    sim.checks.add('shop', { name: 'Deployment health' });
    const run = runFor(sim, d, { status: 'unhealthy' }, { 'vercel-check': 'Deployment health' });

    const actions = await gateRun(world, run, {}, async () => {
      await new Promise((r) => setTimeout(r, 200));
      expect(sim.checks.runsOf(d)[0]?.status).toBe('running');
      sim.setLatency(400, { method: 'PATCH' });
      setTimeout(() => h.controller.abort(new Error('SIGTERM')), 100);
    });

    expect(actions.problems).toEqual([]);
    expect(sim.checks.runsOf(d)[0]).toMatchObject({ status: 'completed', conclusion: 'failed' });
  });

  it('says once what a 403 means and how to fix it, makes no further check calls, and leaves the verdict alone', async () => {
    const { sim } = world;
    const d = deployment(sim, { target: 'preview' });
    sim.checks.add('shop', { name: 'Deployment health' });
    sim.checks.refuse(403);
    const run = runFor(
      sim,
      d,
      { status: 'unhealthy' },
      { 'vercel-check': 'Deployment health', 'vercel-team': 'acme' },
    );
    const verdictBefore = structuredClone(run.verdict);

    const actions = await gateRun(world, run);

    expect(actions.problems).toHaveLength(1);
    expect(actions.problems[0]).toMatch(/403 to GET \/v2\/projects\/shop\/checks/);
    expect(actions.problems[0]).toMatch(/may not write deployment check runs/);
    expect(actions.problems[0]).toMatch(/team `acme`/);
    expect(actions.problems[0]).not.toContain(TOKEN);
    // The refusal ended every check call: one list, nothing at completion.
    expect(sim.requestCount({ path: '/v2/' })).toBe(1);
    expect(actions.check?.conclusion).toBeUndefined();
    expect(run.verdict).toEqual(verdictBefore);
    expect(run.gateFailed).toBe(true);
  });

  it('names the kind of token on a 400', async () => {
    const { sim } = world;
    const d = deployment(sim, { target: 'preview' });
    sim.checks.refuse(400, { error: { code: 'bad_request', message: 'Checks require an access token' } });
    const run = runFor(sim, d, { status: 'healthy' }, { 'vercel-check': 'Deployment health' });

    const actions = await gateRun(world, run);

    expect(actions.problems).toHaveLength(1);
    expect(actions.problems[0]).toMatch(/400 .*"Checks require an access token"/);
    expect(actions.problems[0]).toMatch(/not a deploy hook, OIDC or integration token/);
    expect(actions.problems[0]).toMatch(/`vercel-team`/);
  });

  it("lists the project's checks when `vercel-check` names none of them", async () => {
    const { sim } = world;
    const d = deployment(sim, { target: 'preview' });
    sim.checks.add('shop', { name: 'Lighthouse' });
    const run = runFor(sim, d, { status: 'healthy' }, { 'vercel-check': 'Deployment health' });

    const actions = await gateRun(world, run);

    expect(actions.problems).toHaveLength(1);
    expect(actions.problems[0]).toMatch(
      /no check named or numbered "Deployment health" \(its checks: "Lighthouse"\)/,
    );
    expect(sim.requestCount({ path: '/check-runs' })).toBe(0);
  });

  it('honours Retry-After on a 429 from the check-runs endpoint', async () => {
    const { sim } = world;
    const d = deployment(sim, { target: 'preview' });
    sim.checks.add('shop', { name: 'Deployment health' });
    sim.failNext(1, { status: 429, retryAfter: 0.4, path: '/check-runs' });
    const run = runFor(sim, d, { status: 'healthy' }, { 'vercel-check': 'Deployment health' });

    const actions = await gateRun(world, run);

    expect(actions.problems).toEqual([]);
    expect(sim.checks.runsOf(d)[0]?.conclusion).toBe('succeeded');
    const calls = sim.requests.filter((r) => r.path.endsWith('/check-runs'));
    expect(calls[0]?.status).toBe(429);
    expect((calls[1]?.at ?? 0) - (calls[0]?.at ?? 0)).toBeGreaterThanOrEqual(380);
  });
});
