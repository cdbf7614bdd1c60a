import { describe, expect, it } from 'vitest';
import { GITHUB_REPORT_STATE } from '../../../src/sinks/github/index.js';
import { unhealthyDatabaseRun } from '../../support/runs.js';
import {
  deploymentStatusOf,
  drivePhases,
  inSession,
  postStep,
  SHA,
  session,
  until,
  useGitHubSim,
} from './harness.js';

// One time budget for every GitHub report write after the verdict (the action's is REPORT_BUDGET_MS, 15 s;
// 1 s here). A GitHub that stops answering holds the reports that long, never the per-request timeouts and
// retries of every call (6 s a call with these client settings, 35 s with the action's).

const BUDGET_MS = 1000;
/** The budget, the moment the aborted calls get to settle, and a busy machine's slack. */
const BOUND_MS = BUDGET_MS + 1000 + 2000;

const sim = useGitHubSim({ lawfulApi: true });

describe('the reports’ time budget', () => {
  it('GitHub stops answering after the verdict: the verdict stands, one warning names what was not written, the post step completes it', async () => {
    const event = sim.addDeployment({ sha: SHA, environment: 'Preview', statuses: [{ state: 'success' }] });
    const s = session(sim, {
      context: deploymentStatusOf(event),
      tuning: { requestTimeoutMs: 2000 },
      budgetMs: BUDGET_MS,
    });
    await drivePhases(s, { githubDeploymentId: event.id });
    await until(() => event.statuses[0]?.state === 'in_progress', 'the in_progress status');
    // From here on GitHub accepts connections and never answers.
    sim.setLatency(60_000);

    const begun = Date.now();
    const result = await s.reports.finish(inSession(s, unhealthyDatabaseRun()));
    expect(Date.now() - begun).toBeLessThan(BOUND_MS);

    const checkRun = sim.findCheckRun({ head_sha: SHA });
    expect(result.checkRunId).toBe(checkRun?.id);
    expect(checkRun?.status).toBe('in_progress');
    const warnings = s.deps.logger.warnings();
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain('within 1 s of the verdict');
    expect(warnings[0]).toContain("the check run's completion (`failure`)");
    expect(warnings[0]).toContain('the deployment status (`failure`)');
    expect(warnings[0]).toContain('post step');
    // Nothing is recorded as written; the verdict to write is, for the post step.
    expect(s.state.get(GITHUB_REPORT_STATE.checkRunCompleted)).toBeUndefined();
    expect(s.state.get(GITHUB_REPORT_STATE.deploymentFinished)).toBeUndefined();
    expect(s.state.get(GITHUB_REPORT_STATE.checkRunConclusion)).toBe('failure');
    expect(s.state.get(GITHUB_REPORT_STATE.deploymentState)).toBe('failure');

    // GitHub is back for the post step, which writes the verdict the main step could not.
    sim.setLatency(0);
    await postStep(s, { budgetMs: BUDGET_MS });
    expect(checkRun).toMatchObject({ status: 'completed', conclusion: 'failure' });
    expect(event.statuses[0]?.state).toBe('failure');
    await s.close();
  });

  it('the post step has the same budget: GitHub hanging there too, it stops and says what may still be open', async () => {
    const s = session(sim, { tuning: { requestTimeoutMs: 2000 }, budgetMs: BUDGET_MS });
    await drivePhases(s);
    sim.setLatency(60_000);
    await s.reports.finish(inSession(s, unhealthyDatabaseRun()));
    expect(sim.findCheckRun({ head_sha: SHA })?.status).toBe('in_progress');

    const begun = Date.now();
    await postStep(s, { budgetMs: BUDGET_MS });
    expect(Date.now() - begun).toBeLessThan(BOUND_MS);
    const warning = s.deps.logger.warnings().at(-1);
    expect(warning).toContain('the post step stopped');
    expect(warning).toContain('the check run and the deployment status may still be open');
    await s.close();
  });

  it('a slow GitHub that answers within the budget: everything is written, no warning', async () => {
    // Every request takes 400 ms; the deployment status needs three (look up, create, write).
    const s = session(sim, { budgetMs: 3000 });
    await drivePhases(s);
    sim.setLatency(400);
    await s.reports.finish(inSession(s, unhealthyDatabaseRun()));
    expect(s.deps.logger.warnings()).toEqual([]);
    expect(sim.findCheckRun({ head_sha: SHA })?.conclusion).toBe('failure');
    expect(s.state.get(GITHUB_REPORT_STATE.checkRunCompleted)).toBe('true');
    expect(s.state.get(GITHUB_REPORT_STATE.deploymentFinished)).toBe('true');
    await s.close();
  });
});
