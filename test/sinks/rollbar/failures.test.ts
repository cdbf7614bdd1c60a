import { afterEach, describe, expect, it } from 'vitest';
import { rollbarDeploy } from '../../../src/evaluate/checklist/rollbar-item.js';
import type { RunResult } from '../../../src/model/run-result.js';
import { rule, unhealthyDatabaseRun } from '../../support/runs.js';
import { DEPLOY_PATH, ITEM_PATH, requestsTo, type Session, session } from './harness.js';

let s: Session | undefined;
afterEach(async () => {
  await s?.close();
  s = undefined;
});

/** An unhealthy run with two triggered rules that reach Rollbar. */
function alertingRun(session: Session): RunResult {
  const base = unhealthyDatabaseRun();
  return session.run({
    probe: base.probe,
    verdict: base.verdict,
    gateFailed: true,
    evaluation: {
      findings: base.verdict.findings,
      checklist: [],
      metrics: { database_health: 0, avg_response_time: 2400 },
      rules: [
        {
          rule: rule('database_connection_failure', {
            condition: { metric: 'database_health', operator: 'eq', threshold: 0 },
            severity: 'critical',
            channels: [{ type: 'rollbar', config: { level: 'critical' } }],
          }),
          state: 'triggered',
          value: 0,
        },
        { rule: rule('high_response_time'), state: 'triggered', value: 2400 },
      ],
    },
  });
}

/** Runs the whole Rollbar side of a run and checks that the run itself came out untouched. */
async function runThrough(session: Session): Promise<{ elapsedMs: number }> {
  await session.resolveWith();
  const run = alertingRun(session);
  const before = structuredClone({ verdict: run.verdict, gateFailed: run.gateFailed });
  const started = Date.now();
  await session.reports.finish(run);
  expect({ verdict: run.verdict, gateFailed: run.gateFailed }).toEqual(before);
  return { elapsedMs: Date.now() - started };
}

const rollbarWarnings = (session: Session) => session.warnings().filter((w) => /rollbar/i.test(w));

describe('Rollbar trouble becomes one warning and never touches the verdict', () => {
  it('500 everywhere: bounded retries, one warning, the checklist item skipped', async () => {
    s = await session();
    s.sim.failNext(50, 500);
    await runThrough(s);
    expect(requestsTo(s.sim, 'POST', DEPLOY_PATH)).toHaveLength(3); // 1 + 2 retries
    expect(rollbarDeploy(s.reports.deployState()).result.state).toBe('skipped');
    expect(s.warnings()).toHaveLength(1);
    expect(s.warnings()[0]).toContain('Rollbar could not take the request (500 at POST /api/1/deploy');
    expect(s.warnings()[0]).toContain('the deploy and 2 alert items');
  });

  it('a passing 500 is retried and leaves no warning', async () => {
    s = await session();
    s.sim.failNext(1, 500, {}, DEPLOY_PATH);
    await runThrough(s);
    expect(requestsTo(s.sim, 'POST', DEPLOY_PATH)).toHaveLength(2);
    expect(s.sim.deploys.size).toBe(1);
    expect(s.reports.deployState()).toMatchObject({ accepted: true });
    expect(s.sim.itemData()).toHaveLength(2);
    expect(s.warnings()).toEqual([]);
  });

  it('429 with a short reset: waits as Rollbar asks, then goes through', async () => {
    s = await session();
    s.sim.rateLimitNext(1, 0.25, DEPLOY_PATH);
    await runThrough(s);
    const posts = requestsTo(s.sim, 'POST', DEPLOY_PATH);
    expect(posts).toHaveLength(2);
    expect((posts[1]?.at ?? 0) - (posts[0]?.at ?? 0)).toBeGreaterThanOrEqual(230);
    expect(s.reports.deployState()).toMatchObject({ accepted: true });
    expect(s.warnings()).toEqual([]);
  });

  it('429 with a reset beyond the budget: no wait, no more calls until it resets, one warning', async () => {
    s = await session();
    s.sim.rateLimitNext(1, 60);
    const { elapsedMs } = await runThrough(s);
    expect(elapsedMs).toBeLessThan(500);
    expect(s.sim.requests).toHaveLength(1); // The POST; neither the PATCH nor the items were tried.
    expect(rollbarDeploy(s.reports.deployState()).result.state).toBe('skipped');
    expect(s.warnings()).toHaveLength(1);
    expect(s.warnings()[0]).toContain("Rollbar's rate limit was reached (429 at POST /api/1/deploy");
    expect(s.warnings()[0]).toContain('it resets in 1 min');
  });

  it('a bad token: one warning naming the fix, the checklist item failed, nothing else sent', async () => {
    s = await session({ inputs: { 'rollbar-token': 'a-revoked-rollbar-token' } });
    await runThrough(s);
    expect(s.sim.requests).toHaveLength(1);
    const state = s.reports.deployState();
    expect(state).toMatchObject({ accepted: false });
    expect(state?.detail).toContain('401');
    expect(rollbarDeploy(state).result.state).toBe('failed');
    expect(s.warnings()).toEqual([
      expect.stringContaining(
        'Rollbar refused the token (401 at POST /api/1/deploy: "invalid access token"): use a project access token with the `post_server_item` scope as `rollbar-token`',
      ),
    ]);
    expect(s.warnings()[0]).not.toContain(s.settings.rollbar.token);
  });

  it('a Rollbar that never answers: the step is held a bounded time, one warning', async () => {
    s = await session();
    s.sim.setLatency(10_000);
    const { elapsedMs } = await runThrough(s);
    // POST timed out (300 ms, not repeated); the items got their 600 ms flush and were abandoned.
    expect(elapsedMs).toBeLessThan(1_500);
    expect(requestsTo(s.sim, 'POST', DEPLOY_PATH)).toHaveLength(1);
    expect(s.reports.deployState()).toMatchObject({ accepted: undefined });
    expect(rollbarWarnings(s)).toHaveLength(1);
    expect(s.warnings()[0]).toContain('Rollbar did not answer in time');
    expect(s.warnings()[0]).toContain('2 alert items');
    // The abandoned item requests were closed, not left open to hold the process.
    await new Promise((resolve) => setTimeout(resolve, 50));
    for (const request of requestsTo(s.sim, 'POST', ITEM_PATH)) expect(request.aborted).toBe(true);
  });

  it('items alone failing: the deploy is recorded, one warning about the items', async () => {
    s = await session();
    s.sim.failNext(2, 500, {}, ITEM_PATH);
    await runThrough(s);
    expect([...s.sim.deploys.values()][0]?.status).toBe('failed');
    expect(s.warnings()).toHaveLength(1);
    expect(s.warnings()[0]).toContain('POST /api/1/item/');
    expect(s.warnings()[0]).toContain(
      'Not recorded: 2 alert items (database_connection_failure, high_response_time)',
    );
  });

  it('an endpoint where nothing listens: one warning naming `rollbar-endpoint`', async () => {
    s = await session();
    await s.sim.close();
    await runThrough(s);
    expect(s.warnings()).toHaveLength(1);
    expect(s.warnings()[0]).toMatch(/^Could not reach Rollbar \(POST \/api\/1\/deploy: connection refused/);
    expect(s.warnings()[0]).toContain('check `rollbar-endpoint` (http://127.0.0.1:');
  });
});
