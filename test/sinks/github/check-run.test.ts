import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CHECK_TRUNCATION_NOTE } from '../../../src/sinks/github/check-run-output.js';
import { createGitHubReports, GITHUB_REPORT_STATE, locateInConfig } from '../../../src/sinks/github/index.js';
import { lineOfThisAction, workflowPath } from '../../../src/sinks/github/workflow-location.js';
import {
  cancelledRun,
  DEPLOYMENT_URL,
  degradedPaymentRun,
  ENV_DETAIL,
  evaluatedRun,
  healthyRun,
  INSPECTOR_URL,
  manyServicesRun,
  unhealthyDatabaseRun,
  waitTimeoutRun,
} from '../../support/runs.js';
import { drivePhases, inSession, RUN_URL, SHA, session, until, useGitHubSim } from './harness.js';

const sim = useGitHubSim();

const checkRun = () => {
  const run = sim.findCheckRun({ head_sha: SHA });
  if (!run) throw new Error('no check run on the SHA');
  return run;
};

describe('check run lifecycle', () => {
  it('is created in_progress on the SHA, updated once per phase and completed success when healthy', async () => {
    const s = session(sim);
    await drivePhases(s);
    const result = await s.reports.finish(inSession(s, healthyRun()));

    const run = checkRun();
    expect(run.name).toBe('Deployment health');
    expect(run.head_sha).toBe(SHA);
    expect(run.details_url).toBe(RUN_URL);
    expect(run.external_id).toBe('deployment-health-gate:4242:1');
    expect(run.history.map((h) => [h.via, h.status, h.conclusion, h.title])).toEqual([
      ['create', 'in_progress', null, '⏳ Waiting for the deployment to be ready'],
      ['update', 'in_progress', null, '⏳ Probing the health endpoint'],
      ['update', 'in_progress', null, '⏳ Evaluating the health answer'],
      ['update', 'completed', 'success', '🟢 Healthy'],
    ]);
    // The progress table shows what is done and what runs now.
    expect(run.history[2]?.summary).toMatch(/\| ✅ \| Probe the health endpoint \| \d/);
    expect(run.history[2]?.summary).toContain('| ⏳ | Evaluate the answer | since');
    expect(result).toEqual({ checkRunId: run.id, checkRunUrl: run.html_url });
    expect(s.state.get(GITHUB_REPORT_STATE.checkRunId)).toBe(String(run.id));
    expect(s.state.get(GITHUB_REPORT_STATE.checkRunCompleted)).toBe('true');

    const summary = run.output.summary ?? '';
    expect(summary).toContain(DEPLOYMENT_URL);
    expect(summary).toContain('| Environment | preview |');
    expect(summary).toContain('`a1b2c3d`');
    expect(summary).toContain(INSPECTOR_URL);
    expect(summary).toContain('| Status | Service | Response time | Details |');
    expect(summary).toContain('### Timings');
    expect(run.output.text).toContain('### Samples');
    expect(s.deps.logger.warnings()).toEqual([]);
    sim.assertNoViolations();
    await s.close();
  });

  it.each([
    ['degraded, let through', () => degradedPaymentRun(), {}, 'neutral', '🟡 Degraded — endpoint'],
    [
      'degraded under fail-on: degraded',
      () => ({ ...degradedPaymentRun(), gateFailed: true }),
      { 'fail-on': 'degraded' },
      'failure',
      '🟡 Degraded — endpoint',
    ],
    ['unhealthy', () => unhealthyDatabaseRun(), {}, 'failure', '🔴 Unhealthy — endpoint'],
  ] as const)('completes %s as %s', async (_, build, inputs, conclusion, title) => {
    const s = session(sim, { inputs });
    await drivePhases(s);
    await s.reports.finish(inSession(s, build()));
    const run = checkRun();
    expect(run.head_sha).toBe(SHA);
    expect(run.history.map((h) => h.status)).toEqual([
      'in_progress',
      'in_progress',
      'in_progress',
      'completed',
    ]);
    expect(run.conclusion).toBe(conclusion);
    expect(run.output.title).toBe(title);
    sim.assertNoViolations();
    await s.close();
  });

  it('completes a run that never got READY as timed_out, after the waiting phase only', async () => {
    const s = session(sim);
    const timedOut = waitTimeoutRun();
    await drivePhases(s, { outcome: timedOut.resolve, probe: false });
    await s.reports.finish(inSession(s, timedOut));
    const run = checkRun();
    expect(run.history.map((h) => [h.status, h.conclusion])).toEqual([
      ['in_progress', null],
      ['completed', 'timed_out'],
    ]);
    expect(run.output.summary).toContain('Deployment not READY in time');
    sim.assertNoViolations();
    await s.close();
  });

  it('completes a cancelled run as cancelled', async () => {
    const s = session(sim);
    const cancelled = cancelledRun();
    await drivePhases(s, { outcome: cancelled.resolve, probe: false });
    s.controller.abort(new Error('received SIGTERM'));
    await s.reports.finish(inSession(s, cancelled));
    const run = checkRun();
    expect(run.history.map((h) => [h.status, h.conclusion])).toEqual([
      ['in_progress', null],
      ['completed', 'cancelled'],
    ]);
    expect(s.state.get(GITHUB_REPORT_STATE.checkRunCompleted)).toBe('true');
    sim.assertNoViolations();
    await s.close();
  });

  it('writes nothing more when a phase is reported again (once per phase, never once per poll)', async () => {
    const s = session(sim);
    await drivePhases(s, { evaluate: false });
    for (let poll = 0; poll < 5; poll++) await s.reports.phase('probing', `Probing, attempt ${poll + 2}`);
    await s.reports.finish(inSession(s, healthyRun()));
    const run = checkRun();
    expect(run.history.map((h) => h.title)).toEqual([
      '⏳ Waiting for the deployment to be ready',
      '⏳ Probing the health endpoint',
      '🟢 Healthy',
    ]);
    expect(s.requests({ path: '/check-runs' })).toBe(3);
    sim.assertNoViolations();
    await s.close();
  });

  it('waits for a full SHA: a short `sha` gets its check run once the deployment names the commit', async () => {
    const s = session(sim);
    await s.reports.started({
      sha: SHA.slice(0, 7),
      environment: undefined,
      deploymentUrl: undefined,
      githubDeploymentId: undefined,
    });
    await s.reports.phase('waiting', 'Waiting for the deployment of a1b2c3d to be ready');
    expect(s.requests({ path: '/check-runs' })).toBe(0);
    await s.reports.resolved({
      kind: 'ready',
      deployment: { url: DEPLOYMENT_URL, sha: SHA, environment: 'preview', source: 'vercel-api' },
      waitedMs: 10,
      requests: 1,
    });
    await until(() => sim.checkRuns.length === 1, 'the check run');
    expect(checkRun().head_sha).toBe(SHA);
    await s.reports.finish(inSession(s, healthyRun()));
    expect(checkRun().conclusion).toBe('success');
    sim.assertNoViolations();
    await s.close();
  });

  it('writes nothing when `report` leaves the check run and deployment status out, or there is no token', async () => {
    const s = session(sim, { inputs: { report: 'summary,annotations' } });
    await drivePhases(s);
    expect(await s.reports.finish(inSession(s, unhealthyDatabaseRun()))).toEqual({});
    const tokenless = createGitHubReports({
      octokit: undefined,
      settings: s.settings,
      context: s.context,
      deps: s.deps,
      saveState: () => {
        throw new Error('nothing to save');
      },
    });
    await tokenless.started({
      sha: SHA,
      environment: 'preview',
      deploymentUrl: undefined,
      githubDeploymentId: 1,
    });
    expect(await tokenless.finish(inSession(s, healthyRun()))).toEqual({});
    expect(s.requests()).toBe(0);
    await s.close();
  });
});

describe('check run annotations', () => {
  it('sends more than 50 in batches of at most 50, the last request completing the run', async () => {
    const s = session(sim);
    await drivePhases(s);
    await s.reports.finish(inSession(s, manyServicesRun(140, 120)));
    const run = checkRun();
    expect(run.annotations).toHaveLength(120);
    expect(new Set(run.annotations.map((a) => a.title)).size).toBe(120);
    const finals = run.history.slice(3);
    expect(finals.map((h) => [h.status, h.annotationsAdded])).toEqual([
      ['in_progress', 50],
      ['in_progress', 50],
      ['completed', 20],
    ]);
    expect(run.conclusion).toBe('failure');
    for (const a of run.annotations) {
      expect(a).toMatchObject({
        path: '.github/workflows/deploy-gate.yml',
        start_line: 1,
        end_line: 1,
        annotation_level: 'failure',
      });
    }
    sim.assertNoViolations();
    await s.close();
  });

  it('caps a flood at 500, the last one saying how many more there are', async () => {
    const s = session(sim);
    await s.reports.finish(inSession(s, manyServicesRun(700, 700)));
    const run = checkRun();
    expect(run.annotations).toHaveLength(500);
    expect(run.annotations.at(-1)).toMatchObject({ annotation_level: 'notice', title: 'More problems' });
    expect(run.annotations.at(-1)?.message).toContain('201 more problems');
    expect(run.history.every((h) => h.annotationsAdded <= 50)).toBe(true);
    expect(run.history.at(-1)?.status).toBe('completed');
    sim.assertNoViolations();
    await s.close();
  });

  it('points at the step that runs the gate in the checked-out workflow file, one annotation per problem', async () => {
    const workspace = await mkdtemp(join(tmpdir(), 'gate-workspace-'));
    try {
      await mkdir(join(workspace, '.github', 'workflows'), { recursive: true });
      await writeFile(
        join(workspace, '.github', 'workflows', 'deploy-gate.yml'),
        [
          'name: Deploy gate',
          'on: [push]',
          'jobs:',
          '  gate:',
          '    runs-on: ubuntu-latest',
          '    steps:',
          '      # - uses: acme/deployment-health-gate@v0',
          '      - uses: actions/checkout@v4',
          '      - uses: acme/deployment-health-gate@v1 # the gate',
          '        with:',
          '          fail-on: unhealthy',
        ].join('\n'),
      );
      const s = session(sim, { context: { workspace } });
      await s.reports.finish(inSession(s, unhealthyDatabaseRun()));
      const run = checkRun();
      expect(run.annotations.map((a) => [a.annotation_level, a.title, a.start_line])).toEqual([
        ['failure', 'Database connection failure', 9],
        ['failure', 'Service failing: Database', 9],
        ['warning', 'Service degraded: Analytics', 9],
        ['notice', 'Release note', 9],
      ]);
      expect(run.annotations[1]?.message).toContain('DATABASE_URL');
      sim.assertNoViolations();
      await s.close();
    } finally {
      await rm(workspace, { recursive: true, force: true });
    }
  });

  it('points triggered rules and failed checklist items at their lines in the config file', async () => {
    const positions = new Map([
      ['rule:error_rate_spike', { line: 14, column: 5 }],
      ['checklist:env_vars', { line: 31, column: 7 }],
    ]);
    const s = session(sim, {
      locate: locateInConfig({ file: './.github/deployment-health.yml', positions }),
    });
    await s.reports.finish(inSession(s, evaluatedRun()));
    const run = checkRun();

    expect(run.conclusion).toBe('failure');
    expect(run.annotations.map((a) => [a.annotation_level, a.path, a.start_line, a.end_line])).toEqual([
      ['failure', '.github/deployment-health.yml', 14, 14],
      ['failure', '.github/deployment-health.yml', 31, 31],
      ['warning', '.github/workflows/deploy-gate.yml', 1, 1],
      ['warning', '.github/workflows/deploy-gate.yml', 1, 1],
      ['notice', '.github/workflows/deploy-gate.yml', 1, 1],
    ]);
    expect(run.annotations[1]?.message).toContain(ENV_DETAIL);
    // The summary carries the rules table and the checklist, between the services and the timings.
    const summary = run.output.summary ?? '';
    expect(summary).toContain(
      '| 🚨 triggered | Error Rate Spike (`error_rate_spike`) | `error_rate` | 8.33% | &gt; `gt` | 5% |',
    );
    expect(summary).toContain(`- ❌ Required environment variables on Vercel (required) — ${ENV_DETAIL}`);
    expect(summary.indexOf('### Services')).toBeLessThan(summary.indexOf('### Alert rules'));
    expect(summary.indexOf('### Deployment checklist')).toBeLessThan(summary.indexOf('### Timings'));
    expect(summary).toContain('| Observation window | 12 samples over 2 min 45 s');
    sim.assertNoViolations();
    await s.close();
  });

  it('finds the workflow path and the line of the gate step', () => {
    expect(workflowPath('acme/shop/.github/workflows/x.yml@refs/pull/7/merge')).toBe(
      '.github/workflows/x.yml',
    );
    expect(workflowPath('acme/shop/../../etc/passwd@refs/heads/main')).toBeUndefined();
    expect(workflowPath(undefined)).toBeUndefined();
    expect(lineOfThisAction('steps:\n  - uses: ./\n')).toBe(2);
    expect(
      lineOfThisAction("steps:\n  - name: gate\n    uses: 'org/deployment-health-gate/sub@main'\n"),
    ).toBe(3);
    expect(lineOfThisAction('steps:\n  # uses: ./\n  - uses: actions/checkout@v4\n')).toBeUndefined();
  });
});

describe('check run output', () => {
  it('keeps an oversized summary within 65,535 bytes, cut at whole rows, with a note after the table', async () => {
    const s = session(sim);
    // 3000 services with multi-byte details: far more characters and bytes than a check run takes.
    await s.reports.finish(inSession(s, manyServicesRun(3000, 3, 'Zeitüberschreitung 🚦 '.repeat(4))));
    const run = checkRun();
    const summary = run.output.summary ?? '';
    expect(Buffer.byteLength(summary, 'utf8')).toBeLessThanOrEqual(65_535);
    expect(Buffer.byteLength(summary, 'utf8')).toBeGreaterThan(50_000);
    expect(summary.endsWith(`\n\n${CHECK_TRUNCATION_NOTE}`)).toBe(true);
    for (const line of summary.split('\n').filter((l) => l.startsWith('|')))
      expect(line.endsWith('|')).toBe(true);
    // Failing services sort first, so they survive the cut.
    expect(summary).toContain('Svc2999');
    expect(summary).toContain('### Timings');
    expect(run.conclusion).toBe('failure');
    sim.assertNoViolations();
    await s.close();
  });
});
