import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readRunContext } from '../../src/model/run-context.js';
import type { MonitorReport } from '../../src/monitor/report.js';
import { runMonitor } from '../../src/monitor/run-monitor.js';
import { recordingLogger } from '../support/recording-logger.js';
import { seedDirHistory, seededRun, seededRuns } from '../support/seed-history.js';
import { healthyAppLawfulApis, useWorld } from '../support/world.js';

// Anomaly rules in the monitor against the simulated world: a day of a target's history in a folder (as
// earlier scheduled runs wrote it), the sample app answering this run, and the GitHub issue an incident opens.

const world = useWorld({ afterEach: healthyAppLawfulApis });
const MIN = 60_000;

const CONFIG = `rules:
  - id: latency_anomaly
    name: Latency anomaly
    anomaly: { metric: avg_response_time, sensitivity: 3.5, window: 24h, trigger: 3/4 }
    severity: critical
`;

/** 50–60 ms, every 5 minutes for a day: an ordinary production's noise. */
const ordinary = (i: number) => 50 + ((i * 7) % 11);

let serial = 0;
async function monitorWith(
  seed: (root: string, now: number) => Promise<void>,
  extra: Record<string, string> = {},
) {
  const dir = await mkdtemp(join(tmpdir(), 'dhg-anomaly-'));
  await writeFile(join(dir, 'rules.yml'), CONFIG);
  await seed(join(dir, 'hist'), Date.now());
  const inputs: Record<string, string> = {
    samples: '1',
    'sample-interval': '1s',
    'request-timeout': '5s',
    'failure-threshold': '1',
    incidents: 'issue',
    'github-token': world.githubToken,
    targets: `shop=${world.app.url}`,
    history: `dir:${join(dir, 'hist')}`,
    config: join(dir, 'rules.yml'),
    ...extra,
  };
  const outcome = await runMonitor({
    readInput: (name) => inputs[name] ?? '',
    context: readRunContext({
      ...world.runnerEnv(),
      GITHUB_RUN_ID: String(++serial),
      GITHUB_RUN_ATTEMPT: '1',
    }),
    logger: recordingLogger(),
    signal: new AbortController().signal,
    runId: `anomaly-${serial}`,
  });
  if (outcome.kind !== 'checked') throw new Error(`expected a checked run, got ${JSON.stringify(outcome)}`);
  return outcome.report;
}

const ruleOf = (report: MonitorReport) =>
  report.outcomes[0]?.check.result.evaluation.rules.find((r) => r.rule.id === 'latency_anomaly');

describe('anomaly rules in the monitor', () => {
  it('opens an incident when 3 of the last 4 runs are far above the day’s median, saying what was expected', async () => {
    world.app.setMode('slow', { delayMs: 600 });
    const report = await monitorWith(async (root, now) => {
      const day = seededRuns('shop', now - 10 * MIN, 24 * 60 * MIN, 5 * MIN, ordinary);
      // The two runs before this one were slow already.
      const slow = [seededRun('shop', now - 10 * MIN, 600), seededRun('shop', now - 5 * MIN, 610)];
      await seedDirHistory(root, [...day, ...slow]);
    });
    const rule = ruleOf(report);
    expect(rule?.state).toBe('triggered');
    expect(rule?.note).toMatch(
      /^avg latency \d+(\.\d)? ms is \d+\.\d robust σ above the 24 h median of 5\d(\.\d)? ms \(3 of the last 4 runs flagged; trigger 3\/4\)$/,
    );
    expect(report.targets.shop).toMatchObject({
      status: 'unhealthy',
      reason: 'anomaly',
      confirmed: 'unhealthy',
    });
    expect(report.reason).toBe('anomaly');
    expect(report.targets.shop?.incident.state).toBe('opened');
    const issue = world.github.issues.all().at(-1);
    expect(issue?.body).toContain('robust σ above the 24 h median');
  });

  it('lets one slow run pass: a single flagged run of four is not an anomaly', async () => {
    world.app.setMode('slow', { delayMs: 600 });
    const report = await monitorWith((root, now) =>
      seedDirHistory(root, seededRuns('shop', now - 5 * MIN, 24 * 60 * MIN, 5 * MIN, ordinary)),
    );
    const rule = ruleOf(report);
    expect(rule?.state).toBe('ok');
    expect(rule?.note).toContain('1 of the last 4 runs flagged');
    expect(report.targets.shop?.status).toBe('healthy');
  });

  it('skips the rule with its reason while the history is too short, never guessing', async () => {
    const report = await monitorWith((root, now) =>
      seedDirHistory(root, seededRuns('shop', now - 5 * MIN, 20 * MIN, 5 * MIN, ordinary)),
    );
    const rule = ruleOf(report);
    expect(rule?.state).toBe('skipped');
    expect(rule?.note).toMatch(/at least/);
    expect(report.targets.shop?.status).toBe('healthy');
  });
});

describe('baseline rules in the monitor', () => {
  const baselineConfig = (target: string) => `rules:
  - id: slower_than_production
    condition: { metric: avg_response_time, operator: gt, baseline: production, factor: 1.5, target: ${target} }
    severity: warning
`;

  async function stagingRun(target: string) {
    world.app.setMode('slow', { delayMs: 300 });
    const dir = await mkdtemp(join(tmpdir(), 'dhg-monitor-baseline-'));
    await writeFile(join(dir, 'rules.yml'), baselineConfig(target));
    await seedDirHistory(
      join(dir, 'hist'),
      seededRuns('shop', Date.now(), 24 * 60 * MIN, 5 * MIN, () => 100),
    );
    const outcome = await runMonitor({
      readInput: (name) =>
        (
          ({
            samples: '1',
            'request-timeout': '5s',
            incidents: 'none',
            targets: `staging=${world.app.url}`,
            history: `dir:${join(dir, 'hist')}`,
            config: join(dir, 'rules.yml'),
          }) as Record<string, string>
        )[name] ?? '',
      context: readRunContext({ GITHUB_RUN_ID: String(++serial), GITHUB_RUN_ATTEMPT: '1' }),
      logger: recordingLogger(),
      signal: new AbortController().signal,
      runId: `baseline-${serial}`,
    });
    if (outcome.kind !== 'checked') throw new Error(`expected a checked run, got ${JSON.stringify(outcome)}`);
    return outcome.report.outcomes[0]?.check.result.evaluation.rules.find(
      (r) => r.rule.id === 'slower_than_production',
    );
  }

  it('holds a staging target to the production its `target` names', async () => {
    const rule = await stagingRun('shop');
    expect(rule?.state).toBe('triggered');
    expect(rule?.note).toMatch(
      /is [2-9]\.\d× production's 24 h avg_response_time \(100 ms, \d+ samples from \d+ runs of shop\)/,
    );
  });

  it('skips a baseline rule that would hold a target to its own history, naming the rule for that', async () => {
    const rule = await stagingRun('staging');
    expect(rule?.state).toBe('skipped');
    expect(rule?.note).toContain('what an anomaly rule judges');
  });
});
