import { describe, expect, it } from 'vitest';
import { completeStranded, GITHUB_REPORT_STATE } from '../../../src/sinks/github/index.js';
import { cancelledRun as cancelledRunOf, healthyRun, unhealthyDatabaseRun } from '../../support/runs.js';
import type { LoggedRequest } from '../../world/http-server.js';
import {
  deploymentStatusOf,
  drivePhases,
  inSession,
  postStep,
  RUN_URL,
  SHA,
  session,
  until,
  useGitHubSim,
} from './harness.js';

const sim = useGitHubSim();

const writes = () => sim.requests.filter((r) => r.method !== 'GET').length;

const cancelledRun = () => cancelledRunOf({ waitedMs: 100, requests: 1 });

/** A field of a request's JSON body. */
const bodyField = (request: LoggedRequest, name: string): unknown =>
  (request.body as Record<string, unknown> | undefined)?.[name];
/** The final write of each report: the PATCH that completes the check run, the POST of the final status. */
const completion = (r: LoggedRequest) => r.method === 'PATCH' && bodyField(r, 'status') === 'completed';
const finalStatus = (r: LoggedRequest) =>
  r.method === 'POST' && r.path.endsWith('/statuses') && bodyField(r, 'state') !== 'in_progress';

describe('after a cancel', () => {
  it('completes the check run cancelled and the deployment status error within seconds, GitHub being slow', async () => {
    const event = sim.addDeployment({ sha: SHA, environment: 'Preview', statuses: [{ state: 'success' }] });
    sim.setLatency(300);
    const s = session(sim, { context: deploymentStatusOf(event) });
    await s.reports.started({
      sha: SHA,
      environment: 'preview',
      deploymentUrl: undefined,
      githubDeploymentId: event.id,
    });
    await s.reports.phase('waiting', 'Waiting for the deployment of a1b2c3d to be ready');
    // The runner cancels while the check run's creation and the in_progress status are still in flight.
    await until(
      () => sim.requests.some((r) => r.method === 'POST' && r.path.endsWith('/check-runs')),
      'the check run creation to be in flight',
    );
    s.controller.abort(new Error('received SIGTERM'));
    const begun = Date.now();
    const result = await s.reports.finish(inSession(s, cancelledRun()));

    expect(Date.now() - begun).toBeLessThan(3000);
    const run = sim.findCheckRun({ head_sha: SHA });
    expect(run?.history.map((h) => [h.status, h.conclusion])).toEqual([
      ['in_progress', null],
      ['completed', 'cancelled'],
    ]);
    expect(result.checkRunId).toBe(run?.id);
    expect(event.statuses[0]?.state).toBe('error');
    expect(event.statuses[0]?.description).toContain('Cancelled before a verdict');
    expect(s.state.get(GITHUB_REPORT_STATE.checkRunCompleted)).toBe('true');
    expect(s.state.get(GITHUB_REPORT_STATE.deploymentFinished)).toBe('true');
    // Nothing is left for the post step.
    const before = sim.requests.length;
    await postStep(s);
    expect(sim.requests.length).toBe(before);
    sim.assertNoViolations();
    await s.close();
  });

  it('does not retry once cancelled: one try, a warning, and no waiting', async () => {
    const s = session(sim, { tuning: { secondMs: 1000 } });
    s.controller.abort(new Error('received SIGINT'));
    sim.failNext(5, { status: 502, path: '/check-runs' });
    const begun = Date.now();
    await expect(s.reports.finish(inSession(s, cancelledRun()))).resolves.toEqual({});
    expect(Date.now() - begun).toBeLessThan(900);
    expect(s.requests({ path: '/check-runs' })).toBe(1);
    expect(s.deps.logger.warnings()).toHaveLength(1);
    sim.assertNoViolations();
    await s.close();
  });
});

describe('a verdict GitHub would not take', () => {
  it('the completion answers 502 through every retry: not recorded as completed, and the post step writes the verdict', async () => {
    const s = session(sim);
    await drivePhases(s);
    await until(() => sim.deployments[0]?.statuses.length === 1, 'the in_progress status');
    // One try and two retries each (the harness's client), all answered 502.
    sim.failNext(3, { status: 502, path: '/check-runs/', when: completion });
    sim.failNext(3, { status: 502, path: '/statuses', when: finalStatus });
    await s.reports.finish(inSession(s, unhealthyDatabaseRun()));

    const run = sim.checkRuns[0];
    expect(run?.status).toBe('in_progress');
    expect(s.requests({ method: 'PATCH', path: `/check-runs/${run?.id}` })).toBeGreaterThanOrEqual(3);
    expect(s.state.get(GITHUB_REPORT_STATE.checkRunCompleted)).toBeUndefined();
    expect(s.state.get(GITHUB_REPORT_STATE.deploymentFinished)).toBeUndefined();
    expect(s.state.get(GITHUB_REPORT_STATE.checkRunConclusion)).toBe('failure');
    expect(s.state.get(GITHUB_REPORT_STATE.deploymentState)).toBe('failure');

    // The post step: the verdict's conclusion, not `cancelled`, and where the full report is.
    await postStep(s);
    expect(run?.status).toBe('completed');
    expect(run?.conclusion).toBe('failure');
    expect(run?.output.title).toBe('🔴 Unhealthy — endpoint');
    expect(run?.output.summary).toContain('The health endpoint reports unhealthy: Database is failing.');
    expect(run?.output.summary).toContain('job summary');
    expect(run?.output.summary).toContain(RUN_URL);
    expect(run?.output.summary).not.toContain('not** been checked');
    const statuses = sim.deployments[0]?.statuses ?? [];
    expect(statuses.map((st) => st.state)).toEqual(['failure', 'in_progress']);
    expect(statuses[0]?.description).toMatch(/^\[Deployment health\] Unhealthy: .*; the gate fails$/);
    expect(
      s.deps.logger.lines.some((l) => l.message.includes('as failure: the gate reached this verdict')),
    ).toBe(true);

    // A second post step reads, finds nothing open, and writes nothing.
    const written = writes();
    await postStep(s);
    expect(writes()).toBe(written);
    sim.assertNoViolations();
    await s.close();
  });

  it('a healthy verdict completes as success', async () => {
    const s = session(sim);
    await drivePhases(s, { probe: false });
    sim.failNext(3, { status: 502, path: '/check-runs/', when: completion });
    await s.reports.finish(inSession(s, healthyRun()));
    expect(sim.checkRuns[0]?.status).toBe('in_progress');
    await postStep(s);
    expect(sim.checkRuns[0]).toMatchObject({ status: 'completed', conclusion: 'success' });
    expect(sim.checkRuns[0]?.output.title).toBe('🟢 Healthy');
    // The status went through in the main step: the post step leaves it alone.
    expect(sim.deployments[0]?.statuses[0]?.state).toBe('success');
    expect(sim.deployments[0]?.statuses.map((st) => st.state)).not.toContain('error');
    sim.assertNoViolations();
    await s.close();
  });

  it('a cancel that meets a slow GitHub: the final writes are cut off, the post step completes them cancelled', async () => {
    const s = session(sim);
    await drivePhases(s);
    await until(() => sim.deployments[0]?.statuses.length === 1, 'the in_progress status');
    // GitHub now takes longer than a cancelled run may wait (the harness's cancelledTimeoutMs: 500 ms).
    sim.setLatency(2000, { method: 'PATCH' });
    s.controller.abort(new Error('received SIGTERM'));
    await s.reports.finish(inSession(s, cancelledRun()));
    const run = sim.checkRuns[0];
    expect(run?.status).toBe('in_progress');
    expect(s.state.get(GITHUB_REPORT_STATE.checkRunCompleted)).toBeUndefined();
    expect(s.state.get(GITHUB_REPORT_STATE.checkRunConclusion)).toBeUndefined();
    sim.setLatency(0);

    await postStep(s);
    expect(run).toMatchObject({ status: 'completed', conclusion: 'cancelled' });
    expect(run?.output.title).toBe('⚪ Stopped before a verdict');
    const written = writes();
    await postStep(s);
    expect(writes()).toBe(written);
    sim.assertNoViolations();
    await s.close();
  });

  it('a cancel after the verdict, GitHub slow: the post step completes with the verdict', async () => {
    const s = session(sim);
    await drivePhases(s);
    await until(() => sim.deployments[0]?.statuses.length === 1, 'the in_progress status');
    sim.setLatency(2000, { method: 'PATCH' });
    s.controller.abort(new Error('received SIGINT'));
    await s.reports.finish(inSession(s, unhealthyDatabaseRun()));
    expect(sim.checkRuns[0]?.status).toBe('in_progress');
    sim.setLatency(0);
    await postStep(s);
    expect(sim.checkRuns[0]).toMatchObject({ status: 'completed', conclusion: 'failure' });
    sim.assertNoViolations();
    await s.close();
  });
});

describe('the post step', () => {
  it('completes what a killed run left open, and a second run of it writes nothing', async () => {
    const s = session(sim);
    await drivePhases(s, { probe: false });
    await until(() => sim.deployments[0]?.statuses.length === 1, 'the in_progress status');
    // The main step is killed here (SIGKILL): `finish` never runs; only the saved state remains.
    expect(s.state.get(GITHUB_REPORT_STATE.checkRunId)).toBe(String(sim.checkRuns[0]?.id));
    expect(s.state.get(GITHUB_REPORT_STATE.deploymentId)).toBe(String(sim.deployments[0]?.id));

    await postStep(s);
    const run = sim.checkRuns[0];
    expect(run?.status).toBe('completed');
    expect(run?.conclusion).toBe('cancelled');
    expect(run?.output.title).toBe('⚪ Stopped before a verdict');
    expect(run?.output.summary).toContain('has **not** been checked');
    expect(run?.output.summary).toContain('re-run the workflow');
    const statuses = sim.deployments[0]?.statuses ?? [];
    expect(statuses.map((st) => st.state)).toEqual(['error', 'in_progress']);
    expect(statuses[0]?.description).toMatch(/^\[Deployment health\] Stopped before a verdict/);
    expect(statuses[0]).toMatchObject({
      auto_inactive: false,
      environment_url: 'https://hemera-git-main-acme.vercel.app',
    });

    const written = writes();
    await postStep(s);
    expect(writes()).toBe(written);
    expect(run?.history).toHaveLength(2);
    sim.assertNoViolations();
    await s.close();
  });

  it('finds a check run whose creation the kill cut off before its id was saved, and only this attempt’s', async () => {
    const name = 'Deployment health';
    const lost = sim.addCheckRun({
      name,
      head_sha: SHA,
      status: 'in_progress',
      external_id: 'deployment-health-gate:4242:1',
    });
    const otherAttempt = sim.addCheckRun({
      name,
      head_sha: SHA,
      status: 'in_progress',
      external_id: 'deployment-health-gate:4242:2',
    });
    const otherCheck = sim.addCheckRun({ name: 'Smoke tests', head_sha: SHA, status: 'in_progress' });
    const s = session(sim);
    s.state.set(GITHUB_REPORT_STATE.checkRunSha, SHA);
    await postStep(s);
    expect([lost.status, lost.conclusion]).toEqual(['completed', 'cancelled']);
    expect(otherAttempt.status).toBe('in_progress');
    expect(otherCheck.status).toBe('in_progress');
    expect(writes()).toBe(1);
    sim.assertNoViolations();
    await s.close();
  });

  it('makes no request at all after a clean finish', async () => {
    const s = session(sim);
    await drivePhases(s);
    await s.reports.finish(inSession(s, healthyRun()));
    const before = sim.requests.length;
    await postStep(s);
    expect(sim.requests.length).toBe(before);
    sim.assertNoViolations();
    await s.close();
  });

  it("leaves alone a check run that is already completed and a status that is not the action's", async () => {
    const done = sim.addCheckRun({
      name: 'Deployment health',
      head_sha: SHA,
      status: 'completed',
      conclusion: 'success',
    });
    const d = sim.addDeployment({
      sha: SHA,
      environment: 'Preview',
      statuses: [{ state: 'in_progress', description: 'Vercel is deploying' }],
    });
    const s = session(sim);
    s.state.set(GITHUB_REPORT_STATE.checkRunId, String(done.id));
    s.state.set(GITHUB_REPORT_STATE.deploymentId, String(d.id));
    await postStep(s);
    expect(writes()).toBe(0);
    expect(s.requests({ method: 'GET' })).toBe(2);
    expect(s.deps.logger.warnings()).toEqual([]);
    sim.assertNoViolations();
    await s.close();
  });

  it('does nothing without a token or without saved state', async () => {
    const s = session(sim);
    await completeStranded({ ...s, octokit: undefined, getState: () => '1234' });
    await postStep(s);
    expect(sim.requests).toHaveLength(0);
    await s.close();
  });
});
