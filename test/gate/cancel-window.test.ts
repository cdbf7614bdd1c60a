import { describe, expect, it } from 'vitest';
import { checklistEvaluator } from '../../src/evaluate/checklist/index.js';
import { rulesEvaluator } from '../../src/evaluate/rules/index.js';
import { runGate } from '../../src/gate/run-gate.js';
import { checkConclusion, deploymentState } from '../../src/sinks/github/outcome.js';
import { finalDeployStatus } from '../../src/sinks/rollbar/deploy-status.js';
import { vercelConclusion } from '../../src/sinks/vercel-gate/conclusion.js';
import { configWith } from '../evaluate/checklist/support.js';
import { jumpingClock } from '../support/clocks.js';
import type { TestDeps } from '../support/deps.js';
import { appForTest, depsForTest } from '../support/per-test.js';
import { SHA } from '../support/run-context.js';
import { hemeraRunContext } from '../support/runs.js';
import { type Inputs, settingsFrom } from '../support/settings.js';
import type { SampleApp } from '../world/sample-app.js';

// The whole gate (resolve → probe → observe → evaluate) against the sample app, on a clock whose sleeps take no
// time: a 10-minute observation window runs in well under a second, and the run is cancelled at an exact
// point of it, as SIGINT from a user's cancel or `timeout-minutes` would.

let app: SampleApp | undefined;
let deps: TestDeps | undefined;

/** GETs of the health endpoint (the original design's POST actions excluded). */
const healthGets = (server: SampleApp) => server.healthRequests().filter((r) => r.method === 'GET');

async function gate(
  inputs: Inputs,
  options: {
    /** Cancel the run at the first sleep after this many GETs of the health endpoint. */
    cancelAfterGets?: number;
    config?: ReturnType<typeof configWith>;
    prepare?: (server: SampleApp) => void;
  } = {},
) {
  app = await appForTest();
  const server = app;
  options.prepare?.(server);
  const clock = jumpingClock({
    beforeSleep: () => {
      const after = options.cancelAfterGets;
      if (after !== undefined && healthGets(server).length >= after) {
        deps?.abort.abort(new Error('received SIGINT'));
      }
    },
  });
  deps = depsForTest({ clock });
  const settings = settingsFrom({
    'deployment-url': server.url,
    sha: SHA,
    'start-monitoring': '5',
    ...inputs,
  });
  const config = options.config ?? configWith();
  const result = await runGate({
    settings,
    context: hemeraRunContext(),
    deps,
    github: undefined,
    evaluators: [rulesEvaluator(config), checklistEvaluator(config, { settings })],
  });
  return { result, server };
}

describe('runGate: a cancel inside the observation window', () => {
  it('is reason cancelled, never a pass: no success anywhere, no start_monitoring', async () => {
    // First answer, then samples at +15 s and +30 s; SIGINT while waiting for +45 s of a 10-minute window.
    // `fail-on: never` still fails the step: a cancelled run always does.
    const { result, server } = await gate(
      {
        observe: '10m',
        'observe-interval': '15s',
        'fail-on': 'never',
      },
      { cancelAfterGets: 3 },
    );

    expect(result.verdict).toMatchObject({ status: 'unhealthy', reason: 'cancelled', findings: [] });
    expect(result.verdict.message).toMatch(
      /^The run was cancelled 30\.\d s into the 10 min observation window \(`observe`\) after 3 samples; the deployment was not fully checked, so the gate does not pass it\. Re-run the job to check the deployment\.$/,
    );
    expect(result.gateFailed).toBe(true);
    // What the window saw is still reported (the services as last answered), but nothing was judged on it.
    expect(result.probe).toMatchObject({ kind: 'answered', document: { status: 'healthy' } });
    expect(result.probe?.samples.map((s) => s.status)).toEqual(['healthy', 'healthy', 'healthy']);
    expect(result.evaluation.rules).toEqual([]);
    expect(result.evaluation.checklist).toEqual([]);
    expect(healthGets(server)).toHaveLength(3);
    expect(server.actions).toEqual([]); // no start_monitoring after a cancel

    // Every report reads the verdict: none of them says success.
    expect(checkConclusion(result)).toBe('cancelled');
    expect(deploymentState(result)).toBe('error');
    expect(finalDeployStatus(result)).toBe('failed');
    expect(vercelConclusion(result)).toBe('canceled');
  });

  it('a cancel before the window’s first sample is cancelled too', async () => {
    const { result, server } = await gate({ observe: '10m' }, { cancelAfterGets: 1 });
    expect(result.verdict).toMatchObject({ status: 'unhealthy', reason: 'cancelled' });
    expect(result.verdict.message).toMatch(
      /^The run was cancelled \d+ ms into the 10 min .* after 1 sample;/,
    );
    expect(healthGets(server)).toHaveLength(1);
    expect(server.actions).toEqual([]);
  });

  it('a window that runs to its end is judged as before, and starts monitoring when healthy', async () => {
    const { result, server } = await gate({ observe: '1m', 'observe-interval': '15s' });
    expect(result.verdict).toMatchObject({ status: 'healthy', reason: 'ok' });
    expect(result.gateFailed).toBe(false);
    expect(healthGets(server)).toHaveLength(4); // the first answer, +15 s, +30 s, +45 s
    expect(result.evaluation.rules.length).toBeGreaterThan(0);
    expect(server.actions).toEqual([{ action: 'start_monitoring', intervalMinutes: 5 }]);
  });

  it('a cancel while the checklist is still checking is cancelled, not a pass', async () => {
    // No window: the signal arrives while the dashboard item's request is pending. The item is skipped
    // "cancelled with the run", which must not leave a healthy verdict behind.
    const { result, server } = await gate(
      {},
      {
        config: configWith({ dashboard: '/admin/monitoring/slow' }),
        prepare: (server) =>
          server.route('/admin/monitoring/slow', () => {
            deps?.abort.abort(new Error('received SIGTERM'));
            return 'hang';
          }),
      },
    );
    expect(result.verdict).toMatchObject({ status: 'unhealthy', reason: 'cancelled' });
    expect(result.verdict.message).toMatch(
      /^The run was cancelled before the gate finished evaluating the health answer/,
    );
    expect(result.gateFailed).toBe(true);
    expect(result.evaluation.checklist.find((item) => item.id === 'dashboard')).toMatchObject({
      state: 'skipped',
      detail: 'cancelled with the run',
    });
    expect(server.actions).toEqual([]);
  });
});
