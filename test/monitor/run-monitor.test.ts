import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readRunContext } from '../../src/model/run-context.js';
import type { MonitorReport } from '../../src/monitor/report.js';
import { type MonitorOutcome, runMonitor } from '../../src/monitor/run-monitor.js';
import { recordingLogger } from '../support/recording-logger.js';
import { healthyAppLawfulApis, settle, useWorld } from '../support/world.js';

// The monitor's shell against the simulated world: the real history store (a folder), the gate's pipeline,
// the hysteresis and the GitHub issue reporter over HTTP.

const world = useWorld({ afterEach: healthyAppLawfulApis });

let serial = 0;
async function monitorOnce(inputs: Record<string, string>, env: Record<string, string> = {}) {
  const logger = recordingLogger();
  const outcome: MonitorOutcome = await runMonitor({
    readInput: (name) => inputs[name] ?? '',
    context: readRunContext({ GITHUB_RUN_ID: String(++serial), GITHUB_RUN_ATTEMPT: '1', ...env }),
    logger,
    signal: new AbortController().signal,
    runId: `run-${serial}`,
  });
  return { outcome, logger };
}

function checked(outcome: MonitorOutcome): MonitorReport {
  if (outcome.kind !== 'checked') throw new Error(`expected a checked run, got ${JSON.stringify(outcome)}`);
  return outcome.report;
}

const fast = { samples: '2', 'sample-interval': '1s', 'request-timeout': '2s', incidents: 'none' };

/** Inputs of a monitor of one target with incident issues on the simulated GitHub and a history in a fresh folder. */
async function issueMonitor(target: string) {
  const dir = await mkdtemp(join(tmpdir(), 'dhg-monitor-'));
  return {
    ...fast,
    samples: '1',
    incidents: 'issue',
    'github-token': world.githubToken,
    targets: `${target}=${world.app.url}`,
    history: `dir:${dir}`,
  };
}

describe('runMonitor', () => {
  it('refuses bad targets before any request, naming the line', async () => {
    const { outcome } = await monitorOnce({ targets: `shop=${world.app.url}\nshop=${world.app.url}` });
    expect(outcome.kind).toBe('invalid');
    expect(outcome.kind === 'invalid' && outcome.error.message).toContain('line 2 of `targets`');
  });

  it('refuses a run with nothing to watch', async () => {
    const { outcome } = await monitorOnce({ history: 'none' });
    expect(outcome.kind === 'invalid' && outcome.error.message).toContain('`targets` is empty');
  });

  it('checks a healthy target with samples spaced by sample-interval and writes the history', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'dhg-monitor-'));
    const inputs = { ...fast, targets: `shop=${world.app.url}`, history: `dir:${dir}` };
    const report = checked((await monitorOnce(inputs)).outcome);
    expect(report.status).toBe('healthy');
    expect(report.reason).toBe('ok');
    expect(report.failed).toBe(false);
    const shop = report.targets.shop;
    expect(shop).toMatchObject({ url: world.app.url, status: 'healthy', confirmed: 'healthy', errorRate: 0 });
    expect(shop?.incident).toEqual({ state: 'none', url: null });
    const record = report.outcomes[0]?.check.record;
    expect(record?.samples).toHaveLength(2);
    const [first, second] = record?.samples ?? [];
    expect((second?.at ?? 0) - (first?.at ?? 0)).toBeGreaterThanOrEqual(900);
    expect(report.json).toMatchObject({ schemaVersion: 1, status: 'healthy' });
    expect(report.summary).toContain('| `shop` | 🟢 Healthy |');
  });

  it('confirms an outage only after failure-threshold runs, and a recovery after success-threshold', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'dhg-monitor-'));
    const inputs = { ...fast, samples: '1', targets: `shop=${world.app.url}`, history: `dir:${dir}` };
    world.app.setMode('unhealthy');
    const one = checked((await monitorOnce(inputs)).outcome);
    expect([one.targets.shop?.status, one.targets.shop?.confirmed, one.failed]).toEqual([
      'unhealthy',
      'healthy',
      false,
    ]);
    const two = checked((await monitorOnce(inputs)).outcome);
    expect([two.targets.shop?.confirmed, two.targets.shop?.incident.state, two.failed]).toEqual([
      'unhealthy',
      'opened',
      true,
    ]);
    expect(two.reason).toBe('endpoint');
    world.app.setMode('healthy');
    const three = checked((await monitorOnce(inputs)).outcome);
    expect([three.targets.shop?.confirmed, three.targets.shop?.incident.state]).toEqual([
      'unhealthy',
      'ongoing',
    ]);
    const four = checked((await monitorOnce(inputs)).outcome);
    expect([four.targets.shop?.confirmed, four.targets.shop?.incident.state, four.failed]).toEqual([
      'healthy',
      'resolved',
      false,
    ]);
  });

  it('follows each Vercel project’s current production when targets is empty, with a deployment marker', async () => {
    const deployment = world.deploy({
      sha: 'ab'.repeat(20),
      project: 'shop',
      target: 'production',
      buildMs: 50,
    });
    await settle(200);
    const report = checked(
      (
        await monitorOnce({
          ...fast,
          samples: '1',
          history: 'none',
          'vercel-token': world.vercelToken,
          'vercel-project': 'shop',
          'vercel-api-url': world.vercel.url,
        })
      ).outcome,
    );
    expect(Object.keys(report.targets)).toEqual(['shop']);
    expect(report.targets.shop?.status).toBe('healthy');
    const record = report.outcomes[0]?.check.record;
    expect(record?.deploymentId).toBe(deployment.id);
    expect(report.json).toMatchObject({ targets: { shop: { record: { sha: 'ab'.repeat(20) } } } });
  });

  it('opens one GitHub issue for an outage over two runs and closes it after two healthy runs', async () => {
    const env = world.runnerEnv();
    const inputs = await issueMonitor('checkout');
    const before = world.github.issues.all().length;
    checked((await monitorOnce(inputs, env)).outcome);
    world.app.setMode('unhealthy');
    checked((await monitorOnce(inputs, env)).outcome);
    expect(world.github.issues.all()).toHaveLength(before);
    const opened = checked((await monitorOnce(inputs, env)).outcome);
    const issues = world.github.issues.all().slice(before);
    expect(issues).toHaveLength(1);
    expect(opened.targets.checkout?.incident.state).toBe('opened');
    expect(opened.targets.checkout?.incident.url).toMatch(new RegExp(`/issues/${issues[0]?.number}$`));
    world.app.setMode('healthy');
    checked((await monitorOnce(inputs, env)).outcome);
    const resolved = checked((await monitorOnce(inputs, env)).outcome);
    expect(resolved.targets.checkout?.incident.state).toBe('resolved');
    expect(world.github.issues.all().slice(before)).toHaveLength(1);
    expect(world.github.issues.get(issues[0]?.number ?? 0)?.state).toBe('closed');
  });
  it('opens the issue on the next run when GitHub refused it when the incident opened', async () => {
    const env = world.runnerEnv();
    const inputs = await issueMonitor('payments');
    const before = world.github.issues.all().length;
    world.app.setMode('unhealthy');
    checked((await monitorOnce(inputs, env)).outcome);
    world.github.denyPermission('issues');
    try {
      const refused = await monitorOnce(inputs, env);
      expect(checked(refused.outcome).targets.payments?.confirmed).toBe('unhealthy');
      expect(refused.logger.warnings().join('\n')).toMatch(/issues: write/);
    } finally {
      world.github.allowPermission('issues');
    }
    expect(world.github.issues.all()).toHaveLength(before);
    const next = checked((await monitorOnce(inputs, env)).outcome);
    const issues = world.github.issues.all().slice(before);
    expect(issues).toHaveLength(1);
    expect(next.targets.payments?.incident.url).toMatch(new RegExp(`/issues/${issues[0]?.number}$`));
    // Still open on a later run: found by the incident's state, no second issue.
    checked((await monitorOnce(inputs, env)).outcome);
    expect(world.github.issues.all().slice(before)).toHaveLength(1);
  });
  it('tells Rollbar one fingerprinted item per incident, and its recovery at info', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'dhg-monitor-'));
    const inputs = {
      ...fast,
      samples: '1',
      targets: `search=${world.app.url}`,
      history: `dir:${dir}`,
      'rollbar-token': world.rollbar.token,
      'rollbar-endpoint': world.rollbar.url,
    };
    const before = world.rollbar.itemData().length;
    world.app.setMode('unhealthy');
    for (let run = 0; run < 3; run++) checked((await monitorOnce(inputs)).outcome);
    world.app.setMode('healthy');
    for (let run = 0; run < 2; run++) checked((await monitorOnce(inputs)).outcome);
    const items = world.rollbar.itemData().slice(before);
    // Opened on the second failing run (the third is no news), resolved on the second healthy one.
    expect(items.map((item) => item.level)).toEqual(['error', 'info']);
    const fingerprints = new Set(items.map((item) => item.fingerprint));
    expect(fingerprints.size).toBe(1);
    expect([...fingerprints][0]).toMatch(/^deployment-health:search:\d+$/);
    expect(items[0]?.environment).toBe('production');
  });
});
