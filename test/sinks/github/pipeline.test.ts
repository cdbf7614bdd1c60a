import { afterAll, beforeAll, expect, it } from 'vitest';
import { runGate } from '../../../src/gate/run-gate.js';
import { createGitHubReports } from '../../../src/sinks/github/index.js';
import { settingsFrom as settingsWith } from '../../support/settings.js';
import { type GitHubSim, startGitHubApi } from '../../world/github-api.js';
import { type SampleApp, startSampleApp } from '../../world/sample-app.js';
import { SHA, session } from './harness.js';

let sim: GitHubSim;
let app: SampleApp;
beforeAll(async () => {
  [sim, app] = await Promise.all([startGitHubApi(), startSampleApp({ mode: 'healthy' })]);
});
afterAll(async () => {
  await Promise.all([sim.close(), app.close()]);
});

it('follows the real pipeline: one update per phase however often the probe polls, then the verdict', async () => {
  // The endpoint fails twice before it answers: three polls inside one probing phase.
  app.setMode('flaky', { failures: 2, failWith: 502 });
  const s = session(sim);
  const settings = Object.assign(
    settingsWith({
      'deployment-url': app.url,
      sha: SHA,
      'github-token': 'ghs_simulated',
      'health-timeout': '10s',
    }),
    { backoff: { initialMs: 30, factor: 1.5, maxMs: 60, jitter: 0 } },
  );
  const reports = createGitHubReports({
    octokit: s.octokit,
    settings,
    context: s.context,
    deps: s.deps,
    saveState: (name, value) => s.state.set(name, value),
  });

  const result = await runGate({
    settings,
    context: s.context,
    deps: s.deps,
    github: s.octokit,
    observer: reports,
  });
  const ref = await reports.finish(result);

  expect(result.verdict.status).toBe('healthy');
  expect(app.healthRequests().length).toBeGreaterThanOrEqual(3);
  const run = sim.findCheckRun({ head_sha: SHA });
  expect(ref.checkRunId).toBe(run?.id);
  const history = run?.history ?? [];
  expect(history[0]).toMatchObject({ via: 'create', status: 'in_progress' });
  expect(history.at(-1)).toMatchObject({ status: 'completed', conclusion: 'success', title: '🟢 Healthy' });
  // Never more in-progress writes than phases; a phase the run left before its write went out is skipped.
  const progress = history.filter((h) => h.status === 'in_progress').map((h) => h.title);
  expect(progress.length).toBeLessThanOrEqual(3);
  expect(new Set(progress).size).toBe(progress.length);
  // The deployment had no GitHub deployment: the action made one and reported on it.
  expect(sim.deployments).toHaveLength(1);
  expect(sim.deployments[0]?.statuses[0]).toMatchObject({ state: 'success', environment_url: app.url });
  sim.assertNoViolations();
  await s.close();
});
