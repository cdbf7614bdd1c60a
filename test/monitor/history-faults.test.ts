import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runsPath } from '../../src/history/layout.js';
import { emptySnapshot } from '../../src/history/snapshot.js';
import type { HistoryStore, TargetState } from '../../src/history/types.js';
import { readRunContext } from '../../src/model/run-context.js';
import { advance } from '../../src/monitor/hysteresis.js';
import { runMonitor } from '../../src/monitor/run-monitor.js';
import { defaultServices } from '../../src/monitor/services.js';
import { parseTargets } from '../../src/monitor/targets.js';
import { markerFor } from '../../src/sinks/incidents/issue-text.js';
import { recordingLogger } from '../support/recording-logger.js';
import { healthyAppLawfulApis, useWorld } from '../support/world.js';
import { checked, monitorOnce } from './monitor-once.js';

// What a history written by someone else, or read badly, must never do: crash the run, or overwrite what it
// could not read.

const world = useWorld({ afterEach: healthyAppLawfulApis });
const fast = { samples: '1', 'sample-interval': '1s', 'request-timeout': '2s', incidents: 'none' };

describe('a history the monitor cannot trust', () => {
  it('passes over a record of another shape instead of crashing the run', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'dhg-faults-'));
    const inputs = { ...fast, targets: `shop=${world.app.url}`, history: `dir:${dir}` };
    checked((await monitorOnce(inputs)).outcome);
    const file = join(dir, runsPath(Date.now()));
    const data = JSON.parse(await readFile(file, 'utf8')) as { runs: unknown[] };
    data.runs.push({ id: 'odd', target: 'shop', at: Date.now() - 1000 });
    await writeFile(file, JSON.stringify(data));
    const report = checked((await monitorOnce(inputs)).outcome);
    expect(report.targets.shop?.status).toBe('healthy');
  });

  it('writes no state and tells no incident when the history could not be read', async () => {
    const written: unknown[] = [];
    const unreadable: HistoryStore = {
      describe: 'branch:unreadable',
      read: async () => ({
        snapshot: emptySnapshot(),
        warning: 'GitHub answered 502',
      }),
      write: async (change) => {
        written.push(change);
        return { retries: 0 };
      },
    };
    const told: string[] = [];
    world.app.setMode('unhealthy');
    const inputs = { ...fast, targets: `shop=${world.app.url}`, 'failure-threshold': '1' };
    const logger = recordingLogger();
    const outcome = await runMonitor({
      readInput: (name) => (inputs as Record<string, string>)[name] ?? '',
      context: readRunContext({ GITHUB_RUN_ID: '9', GITHUB_RUN_ATTEMPT: '1' }),
      logger,
      signal: new AbortController().signal,
      runId: '9-1',
      services: {
        ...defaultServices,
        openStore: async () => unreadable,
        reporters: async () => [
          {
            name: 'test',
            report: async (event) => {
              told.push(event.kind);
              return event.incident;
            },
          },
        ],
      },
    });
    checked(outcome);
    expect(told).toEqual([]);
    expect(written).toHaveLength(1);
    expect(written[0]).toMatchObject({ states: [], incidents: [] });
    expect((written[0] as { records: unknown[] }).records).toHaveLength(1);
    expect(logger.warnings().join('\n')).toMatch(/GitHub answered 502/);
  });

  it('skips only the anomaly rules when their longer read fails: states and incidents still stand', async () => {
    const written: { states: unknown[] }[] = [];
    const config = join(await mkdtemp(join(tmpdir(), 'dhg-faults-')), 'rules.yml');
    await writeFile(
      config,
      'rules:\n  - id: latency_anomaly\n    anomaly: { metric: avg_response_time }\n    severity: warning\n',
    );
    // The run's own read (the last hour) works; the anomaly rule's (24 h and roll-ups) does not.
    const flaky: HistoryStore = {
      describe: 'branch:flaky',
      read: async (query) =>
        query.rollUps
          ? { snapshot: emptySnapshot(), warning: 'GitHub answered 502' }
          : { snapshot: emptySnapshot() },
      write: async (change) => {
        written.push(change);
        return { retries: 0 };
      },
    };
    const inputs = { ...fast, targets: `shop=${world.app.url}`, config };
    const logger = recordingLogger();
    const outcome = await runMonitor({
      readInput: (name) => (inputs as Record<string, string>)[name] ?? '',
      context: readRunContext({ GITHUB_RUN_ID: '10', GITHUB_RUN_ATTEMPT: '1' }),
      logger,
      signal: new AbortController().signal,
      runId: '10-1',
      services: { ...defaultServices, openStore: async () => flaky },
    });
    const report = checked(outcome);
    const rule = report.outcomes[0]?.check.result.evaluation.rules.find(
      (r) => r.rule.id === 'latency_anomaly',
    );
    expect(rule).toMatchObject({
      state: 'skipped',
      note: "the target's history could not be read: GitHub answered 502",
    });
    expect(written[0]?.states).toHaveLength(1);
    expect(logger.warnings().join('\n')).toMatch(/for anomaly and baseline rules: GitHub answered 502/);
  });

  it('does not freeze a target whose stored state is from the future', () => {
    const now = Date.now();
    const future: TargetState = {
      target: 'shop',
      url: 'https://shop.example.com',
      confirmed: 'healthy',
      since: now + 86_400_000,
      consecutiveFailures: 0,
      consecutiveSuccesses: 3,
      lastRunAt: now + 86_400_000,
      lastStatus: 'healthy',
      lastReason: 'ok',
    };
    const record = {
      id: 'r',
      target: 'shop',
      at: now,
      url: future.url,
      status: 'unhealthy' as const,
      reason: 'endpoint' as const,
      message: 'down',
      samples: [],
      services: [],
      findings: [],
    };
    const step = advance(future, record, { failureThreshold: 1, successThreshold: 1, reminderIntervalMs: 0 });
    expect(step.event?.kind).toBe('opened');
    expect(step.state.lastRunAt).toBe(now);
  });

  it('keeps two targets’ markers apart: no name holds "--"', () => {
    expect(() => parseTargets('a--b=https://a.example.com')).toThrow(/double hyphen/);
    expect(markerFor('a--b')).not.toBe(markerFor('a-b'));
  });
});
