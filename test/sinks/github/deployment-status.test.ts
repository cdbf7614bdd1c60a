import { describe, expect, it } from 'vitest';
import type { RunContext } from '../../../src/model/run-context.js';
import { GITHUB_REPORT_STATE, isOwnDeploymentStatusEvent } from '../../../src/sinks/github/index.js';
import {
  DEPLOYMENT_URL,
  degradedPaymentRun,
  healthyRun,
  unhealthyDatabaseRun,
  waitTimeoutRun,
} from '../../support/runs.js';
import { settingsFrom as settingsWith } from '../../support/settings.js';
import type { GhDeployment } from '../../world/github-api.js';
import {
  contextFor,
  drivePhases,
  inSession,
  RUN_URL,
  readyOutcome,
  SHA,
  session,
  until,
  useGitHubSim,
} from './harness.js';

const sim = useGitHubSim();

const OLDER_SHA = 'ffffeeeeddddccccbbbbaaaa9999888877776666';
const VERCEL_URL = 'https://shop-git-main-acme.vercel.app';

/** An earlier deployment of the same environment that is live: the gate must never mark it inactive. */
function liveOlderDeployment(environment = 'Preview'): GhDeployment {
  return sim.addDeployment({
    sha: OLDER_SHA,
    environment,
    statuses: [{ state: 'success', environment_url: 'https://older.vercel.app' }],
  });
}

function deploymentStatusEvent(d: GhDeployment): Partial<RunContext> {
  return {
    eventName: 'deployment_status',
    payload: {
      deployment: { id: d.id, sha: d.sha, environment: d.environment },
      deployment_status: {
        state: 'success',
        environment_url: VERCEL_URL,
        description: 'Deployment has completed',
      },
    },
  };
}

const states = (d: GhDeployment | undefined) => d?.statuses.map((s) => s.state);

describe('deployment status', () => {
  it("reports on the event's deployment: in_progress at once, then success, with auto_inactive off", async () => {
    const older = liveOlderDeployment();
    const event = sim.addDeployment({
      sha: SHA,
      environment: 'Preview',
      statuses: [{ state: 'success', environment_url: VERCEL_URL }],
    });
    const s = session(sim, { context: deploymentStatusEvent(event) });
    await s.reports.started({
      sha: SHA,
      environment: 'preview',
      deploymentUrl: VERCEL_URL,
      githubDeploymentId: event.id,
    });
    await until(() => event.statuses.length === 2, 'the in_progress status');
    expect(event.statuses[0]).toMatchObject({
      state: 'in_progress',
      environment_url: VERCEL_URL,
      log_url: RUN_URL,
    });
    await s.reports.phase('waiting', 'Waiting');
    await s.reports.resolved(
      readyOutcome({ url: VERCEL_URL, source: 'deployment_status', githubDeploymentId: event.id }),
    );
    await s.reports.finish(
      inSession(s, {
        ...healthyRun(),
        resolve: readyOutcome({ url: VERCEL_URL, source: 'deployment_status', githubDeploymentId: event.id }),
      }),
    );

    expect(states(event)).toEqual(['success', 'in_progress', 'success']);
    const final = event.statuses[0];
    expect(final).toMatchObject({
      state: 'success',
      environment_url: VERCEL_URL,
      log_url: RUN_URL,
      auto_inactive: false,
      creator: 'github-actions[bot]',
    });
    expect(final?.description).toBe('[Deployment health] Healthy; the gate passes');
    // The live older deployment keeps its success: no inactive status was added.
    expect(states(older)).toEqual(['success']);
    expect(sim.deployments).toHaveLength(2);
    expect(s.state.get(GITHUB_REPORT_STATE.deploymentId)).toBe(String(event.id));
    expect(s.state.get(GITHUB_REPORT_STATE.deploymentFinished)).toBe('true');
    sim.assertNoViolations();
    await s.close();
  });

  it('finds the deployment Vercel made for the commit and project (monorepo names), leaving others alone', async () => {
    const web = sim.addDeployment({
      sha: SHA,
      environment: 'Preview – web',
      statuses: [{ state: 'success' }],
    });
    const api = sim.addDeployment({
      sha: SHA,
      environment: 'Preview – api',
      statuses: [{ state: 'success' }],
    });
    const prodWeb = sim.addDeployment({
      sha: SHA,
      environment: 'Production – web',
      statuses: [{ state: 'success' }],
    });
    const s = session(sim, { inputs: { 'vercel-project': 'web' } });
    await drivePhases(s, { outcome: readyOutcome({ project: 'web' }) });
    await until(() => web.statuses.length === 2, 'the in_progress status');
    await s.reports.finish(
      inSession(s, { ...degradedPaymentRun(), resolve: readyOutcome({ project: 'web' }) }),
    );

    expect(states(web)).toEqual(['success', 'in_progress', 'success']);
    expect(web.statuses[0]?.description).toBe(
      '[Deployment health] Degraded: Health endpoint reports a problem; the gate passes',
    );
    expect(states(api)).toEqual(['success']);
    expect(states(prodWeb)).toEqual(['success']);
    expect(s.requests({ method: 'POST', path: /\/deployments$/ })).toBe(0);
    sim.assertNoViolations();
    await s.close();
  });

  it('creates a transient Preview deployment for the SHA when Vercel made none, and reuses it on a re-run', async () => {
    liveOlderDeployment();
    const s = session(sim);
    await drivePhases(s);
    await until(() => sim.deployments[1]?.statuses.length === 1, 'the created deployment in progress');
    await s.reports.finish(inSession(s, unhealthyDatabaseRun()));

    const created = sim.deployments[1];
    expect(created).toMatchObject({
      sha: SHA,
      ref: SHA,
      environment: 'Preview',
      transient_environment: true,
      production_environment: false,
      creator: 'github-actions[bot]',
    });
    expect(created?.description?.startsWith('[Deployment health] ')).toBe(true);
    expect(states(created)).toEqual(['failure', 'in_progress']);
    expect(created?.statuses[0]).toMatchObject({ environment_url: DEPLOYMENT_URL, auto_inactive: false });
    expect(created?.statuses[0]?.description).toBe(
      '[Deployment health] Unhealthy: Health endpoint reports a problem; the gate fails',
    );
    expect(states(sim.deployments[0])).toEqual(['success']);

    // A second attempt reports on the same deployment instead of making another.
    const again = session(sim, { context: { runAttempt: '2' } });
    await drivePhases(again);
    await until(() => created?.statuses.length === 3, 'the second in_progress status');
    await again.reports.finish(inSession(again, healthyRun()));
    expect(sim.deployments).toHaveLength(2);
    expect(states(created)).toEqual(['success', 'in_progress', 'failure', 'in_progress']);
    sim.assertNoViolations();
    await s.close();
    await again.close();
  });

  it('creates a Production deployment for a production verdict', async () => {
    const s = session(sim);
    const outcome = readyOutcome({ environment: 'production' });
    await drivePhases(s, { outcome });
    await s.reports.finish(inSession(s, { ...healthyRun(), environment: 'production', resolve: outcome }));
    expect(sim.deployments[0]).toMatchObject({
      environment: 'Production',
      production_environment: true,
      transient_environment: false,
    });
    expect(states(sim.deployments[0])).toContain('success');
    sim.assertNoViolations();
    await s.close();
  });

  it("marks the event's deployment error when it never got READY in time", async () => {
    const event = sim.addDeployment({ sha: SHA, environment: 'Preview', statuses: [{ state: 'pending' }] });
    const s = session(sim, {
      context: deploymentStatusEvent(event),
      inputs: { report: 'deployment-status' },
    });
    const timedOut = waitTimeoutRun();
    await drivePhases(s, { outcome: timedOut.resolve, probe: false, githubDeploymentId: event.id });
    await until(() => event.statuses.length === 2, 'the in_progress status');
    await s.reports.finish(inSession(s, timedOut));
    expect(states(event)).toEqual(['error', 'in_progress', 'pending']);
    expect(event.statuses[0]?.description).toBe(
      '[Deployment health] Unhealthy: Deployment not READY in time; the gate fails',
    );
    expect(sim.checkRuns).toHaveLength(0);
    sim.assertNoViolations();
    await s.close();
  });

  it('creates no deployment for a run that stopped before any deployment URL was known', async () => {
    const s = session(sim, { inputs: { report: 'deployment-status' } });
    const timedOut = waitTimeoutRun();
    await drivePhases(s, { outcome: timedOut.resolve, probe: false });
    await s.reports.finish(inSession(s, timedOut));
    expect(sim.deployments).toHaveLength(0);
    // One look for Vercel's deployment of the commit, nothing written.
    expect(s.requests()).toBe(1);
    expect(s.requests({ method: 'GET', path: '/deployments' })).toBe(1);
    sim.assertNoViolations();
    await s.close();
  });
});

describe('own deployment_status events', () => {
  it('recognises the statuses the action wrote, and only those', async () => {
    const d = sim.addDeployment({ sha: SHA, environment: 'Preview', statuses: [{ state: 'success' }] });
    const s = session(sim, { inputs: { report: 'deployment-status' } });
    await drivePhases(s);
    await until(() => d.statuses.length === 2, 'the in_progress status');
    await s.reports.finish(
      inSession(s, { ...healthyRun(), resolve: readyOutcome({ githubDeploymentId: d.id }) }),
    );
    const [ours, oursInProgress, vercels] = d.statuses;
    expect([ours?.state, oursInProgress?.state, vercels?.state]).toEqual([
      'success',
      'in_progress',
      'success',
    ]);

    const settings = settingsWith();
    const eventFor = (status: unknown, overrides: Partial<RunContext> = {}) =>
      contextFor(sim, {
        eventName: 'deployment_status',
        payload: { deployment: { id: d.id, sha: SHA, environment: 'Preview' }, deployment_status: status },
        ...overrides,
      });
    expect(isOwnDeploymentStatusEvent(eventFor(ours), settings)).toBe(true);
    expect(isOwnDeploymentStatusEvent(eventFor(oursInProgress), settings)).toBe(true);
    expect(isOwnDeploymentStatusEvent(eventFor(vercels), settings)).toBe(false);
    // Another gate (another check name) reporting on the same deployment is not this one.
    expect(isOwnDeploymentStatusEvent(eventFor(ours), settingsWith({ 'check-name': 'Smoke tests' }))).toBe(
      false,
    );
    // The marker alone is not enough when the log points at another repository's run.
    expect(
      isOwnDeploymentStatusEvent(
        eventFor({ ...ours, log_url: 'https://github.com/other/repo/actions/runs/1' }),
        settings,
      ),
    ).toBe(false);
    expect(isOwnDeploymentStatusEvent(eventFor(ours, { eventName: 'push' }), settings)).toBe(false);
    sim.assertNoViolations();
    await s.close();
  });

  it('keeps descriptions under 140 characters with the marker intact, however long the check name', async () => {
    const name = `Deployment health of the web front end ${'x'.repeat(60)}`;
    const s = session(sim, { inputs: { 'check-name': name, report: 'deployment-status' } });
    await drivePhases(s);
    await until(() => sim.deployments[0]?.statuses.length === 1, 'the in_progress status');
    const run = inSession(s, {
      ...unhealthyDatabaseRun(),
      resolve: readyOutcome({ url: `${DEPLOYMENT_URL}/${'very-long-path/'.repeat(5)}` }),
    });
    await s.reports.finish(run);
    const created = sim.deployments[0];
    for (const status of created?.statuses ?? []) {
      expect([...(status.description ?? '')].length).toBeLessThan(140);
      expect(
        isOwnDeploymentStatusEvent(
          contextFor(sim, { eventName: 'deployment_status', payload: { deployment_status: status } }),
          s.settings,
        ),
      ).toBe(true);
    }
    expect(states(created)).toEqual(['failure', 'in_progress']);
    sim.assertNoViolations();
    await s.close();
  });
});
