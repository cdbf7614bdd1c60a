import { afterEach, describe, expect, it } from 'vitest';
import { rollbarDeploy } from '../../../src/evaluate/checklist/rollbar-item.js';
import type { ResolveOutcome } from '../../../src/model/types.js';
import {
  degradedPaymentRun,
  unhealthyDatabaseRun,
  WAIT_TIMEOUT_MESSAGE,
  waitTimeoutRun,
} from '../../support/runs.js';
import {
  ACTOR,
  DEPLOY_PATH,
  DEPLOYMENT_URL,
  RUN_URL,
  readyOutcome,
  requestsTo,
  type Session,
  SHA,
  session,
} from './harness.js';

let s: Session | undefined;
afterEach(async () => {
  await s?.close();
  s = undefined;
});

const patches = (sim: Session['sim']) => requestsTo(sim, 'PATCH', /^\/api\/1\/deploy\/\d+$/);

describe('the deploy of a run', () => {
  it('is announced as started when the run begins, then marked succeeded for a healthy verdict', async () => {
    s = await session({ inputs: { 'rollbar-environment': 'staging' } });
    await s.start({ deploymentUrl: DEPLOYMENT_URL });
    await s.reports.resolved(readyOutcome());
    // Announced at `started` (the environment was given), before the deployment was resolved.
    const [post] = requestsTo(s.sim, 'POST', DEPLOY_PATH);
    expect(post?.headers['x-rollbar-access-token']).toBe(s.sim.token);
    expect(post?.body).toMatchObject({
      environment: 'staging',
      revision: SHA,
      local_username: ACTOR,
      status: 'started',
    });
    const comment = String((post?.body as { comment?: string } | undefined)?.comment);
    expect(comment).toContain(DEPLOYMENT_URL);
    expect(comment).toContain(RUN_URL);

    const state = s.reports.deployState();
    expect(state).toMatchObject({ accepted: true });
    expect(state?.detail).toContain('staging');
    expect(rollbarDeploy(state).result.state).toBe('passed');

    await s.reports.finish(s.run());
    expect([...s.sim.deploys.values()]).toEqual([
      expect.objectContaining({ environment: 'staging', revision: SHA, status: 'succeeded' }),
    ]);
    expect(patches(s.sim)).toHaveLength(1);
    expect(s.warnings()).toEqual([]);
  });

  it('waits for the deployment to learn the environment when neither the input nor the event names it', async () => {
    s = await session();
    await s.start();
    expect(s.sim.requests).toHaveLength(0);
    expect(s.reports.deployState()).toMatchObject({ accepted: undefined });

    await s.reports.resolved(readyOutcome('production'));
    // `resolved` returns once Rollbar answered, so the checklist that runs next sees the outcome.
    expect(s.reports.deployState()).toMatchObject({ accepted: true });
    expect(requestsTo(s.sim, 'POST', DEPLOY_PATH)[0]?.body).toMatchObject({
      environment: 'production',
      status: 'started',
    });
  });

  it('uses the environment the event names at the start', async () => {
    s = await session();
    await s.resolveWith(readyOutcome('preview'), { environment: 'production' });
    await s.reports.finish(s.run());
    expect([...s.sim.deploys.values()].map((d) => d.environment)).toEqual(['production']);
  });

  it('is marked failed for an unhealthy verdict, with the verdict in the comment', async () => {
    s = await session();
    await s.resolveWith();
    const run = { ...unhealthyDatabaseRun(), settings: s.settings, context: s.context };
    await s.reports.finish(run);
    const [patch] = patches(s.sim);
    expect(patch?.body).toMatchObject({ status: 'failed' });
    expect(String((patch?.body as { comment?: string } | undefined)?.comment)).toContain('unhealthy');
    expect([...s.sim.deploys.values()][0]?.status).toBe('failed');
  });

  it('is marked succeeded for a degraded verdict (it went live), saying degraded', async () => {
    s = await session();
    await s.resolveWith();
    await s.reports.finish({ ...degradedPaymentRun(), settings: s.settings, context: s.context });
    const deploy = [...s.sim.deploys.values()][0];
    expect(deploy?.status).toBe('succeeded');
    expect(deploy?.comment).toContain('degraded');
  });

  it('is marked timed_out when the deployment was not ready within wait-timeout', async () => {
    s = await session();
    const timedOut = waitTimeoutRun();
    await s.resolveWith(timedOut.resolve as ResolveOutcome);
    await s.reports.finish({ ...timedOut, settings: s.settings, context: s.context });
    expect([...s.sim.deploys.values()]).toEqual([
      expect.objectContaining({ status: 'timed_out', environment: 'preview' }),
    ]);
    expect([...s.sim.deploys.values()][0]?.comment).toContain(WAIT_TIMEOUT_MESSAGE.slice(0, 40));
  });

  it('is marked failed with a "cancelled" comment when the run is cancelled, quickly', async () => {
    s = await session({ inputs: { environment: 'preview' } });
    await s.start({ environment: 'preview' });
    s.controller.abort(new Error('received SIGTERM'));
    const cancelled = s.cancelled('The run was cancelled while waiting for the deployment.');
    await s.reports.resolved(cancelled.resolve);
    const started = Date.now();
    await s.reports.finish(cancelled.run);
    expect(Date.now() - started).toBeLessThan(1000);
    const deploys = [...s.sim.deploys.values()];
    expect(deploys).toHaveLength(1);
    expect(deploys[0]?.status).toBe('failed');
    expect(deploys[0]?.comment).toMatch(/^cancelled/);
  });

  it('announces a run cancelled before its environment was known once, with its final status', async () => {
    s = await session();
    await s.start();
    s.controller.abort(new Error('received SIGINT'));
    const cancelled = s.cancelled('The run was cancelled.', { environment: 'preview' });
    await s.reports.resolved(cancelled.resolve);
    expect(s.sim.requests).toHaveLength(0);
    await s.reports.finish(cancelled.run);
    // One call: the deploy is recorded straight away as failed, with the reason.
    expect(s.sim.requests.map((r) => `${r.method} ${r.path}`)).toEqual([`POST ${DEPLOY_PATH}`]);
    expect(requestsTo(s.sim, 'POST', DEPLOY_PATH)[0]?.body).toMatchObject({
      status: 'failed',
      environment: 'preview',
    });
    expect([...s.sim.deploys.values()][0]?.comment).toMatch(/^cancelled/);
  });

  it('repeats a PATCH that failed (it is idempotent), within the budget', async () => {
    s = await session();
    await s.resolveWith();
    s.sim.failNext(1, 502, {}, /^\/api\/1\/deploy\/\d+$/);
    await s.reports.finish(s.run());
    expect(patches(s.sim).map((p) => p.status)).toEqual([502, 200]);
    expect([...s.sim.deploys.values()][0]?.status).toBe('succeeded');
    expect(s.warnings()).toEqual([]);
  });

  it('cuts an announcement in flight short when the run is cancelled, and still finishes in time', async () => {
    s = await session({
      inputs: { 'rollbar-environment': 'preview' },
      tuning: { requestTimeoutMs: 5_000, budgetMs: 5_000 },
    });
    s.sim.setLatency(3_000, DEPLOY_PATH);
    await s.start();
    const started = Date.now();
    setTimeout(() => s?.controller.abort(new Error('received SIGTERM')), 50);
    const cancelled: ResolveOutcome = {
      kind: 'stopped',
      reason: 'cancelled',
      message: 'The run was cancelled.',
      deployment: { sha: SHA },
      waitedMs: 50,
      requests: 0,
    };
    await s.reports.resolved(cancelled);
    await s.reports.finish(
      s.run({
        resolve: cancelled,
        probe: undefined,
        verdict: { status: 'unhealthy', reason: 'cancelled', message: cancelled.message, findings: [] },
      }),
    );
    // 50 ms until the cancel, then the 300 ms grace; not the 3 s Rollbar would have taken.
    expect(Date.now() - started).toBeLessThan(1_000);
    expect(requestsTo(s.sim, 'POST', DEPLOY_PATH)).toHaveLength(1);
    expect(s.warnings()).toEqual([expect.stringContaining('the run was cancelled')]);
  });

  it('records exactly one deploy even when Rollbar is too slow to confirm it (a POST is never repeated)', async () => {
    s = await session();
    s.sim.setLatency(700, DEPLOY_PATH); // Past the 300 ms request timeout.
    await s.resolveWith();
    expect(s.reports.deployState()).toMatchObject({ accepted: undefined });
    expect(rollbarDeploy(s.reports.deployState()).result.state).toBe('skipped');
    await s.reports.finish(s.run());
    await new Promise((resolve) => setTimeout(resolve, 500)); // Let the simulator finish the slow POST.
    expect(requestsTo(s.sim, 'POST', DEPLOY_PATH)).toHaveLength(1);
    expect(s.sim.deploys.size).toBe(1);
    // Without an id there is nothing to PATCH.
    expect(patches(s.sim)).toHaveLength(0);
    expect(s.warnings()).toHaveLength(1);
    expect(s.warnings()[0]).toContain('did not answer in time');
  });

  it('keeps `resolved` waiting on a slow Rollbar no longer than its budget', async () => {
    s = await session({ tuning: { requestTimeoutMs: 5_000, budgetMs: 400 } });
    s.sim.setLatency(3_000, DEPLOY_PATH);
    const started = Date.now();
    await s.resolveWith();
    expect(Date.now() - started).toBeLessThan(1_000);
    expect(s.reports.deployState()).toMatchObject({ accepted: undefined });
  });

  it('sends nothing and reports no state without a rollbar-token', async () => {
    s = await session({ inputs: { 'rollbar-token': '' } });
    await s.resolveWith();
    expect(s.reports.deployState()).toBeUndefined();
    expect(rollbarDeploy(s.reports.deployState()).result.state).toBe('skipped');
    await s.reports.finish({ ...unhealthyDatabaseRun(), settings: s.settings, context: s.context });
    expect(s.sim.requests).toHaveLength(0);
  });
});
