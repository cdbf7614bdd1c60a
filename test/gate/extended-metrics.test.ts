import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/main.js';
import { healthyAppLawfulApis, useWorld } from '../support/world.js';

// Extended metrics end to end: the sample app reports a pool usage in its database's details and CPU and
// memory in a top-level `metrics` object; rules on them read those numbers, and the report lists them.

const world = useWorld({ afterEach: healthyAppLawfulApis });

const CONFIG = `rules:
  - id: pool_exhausted
    name: Database pool nearly exhausted
    condition: { metric: database_poolUsage, operator: gt, threshold: 0.9 }
    severity: critical
  - id: cpu_busy
    name: CPU busy
    condition: { metric: metrics_cpu, operator: gte, threshold: 80% }
    severity: warning
  - id: queue_depth
    name: Queue depth
    condition: { metric: metrics_queueDepth, operator: gt, threshold: 100 }
    severity: warning
`;

async function gate() {
  const cwd = await mkdtemp(join(tmpdir(), 'dhg-extended-'));
  await writeFile(join(cwd, 'rules.yml'), CONFIG);
  const lines: string[] = [];
  const code = await runCli(
    ['--deployment-url', world.app.url, '--config', 'rules.yml', '--json', 'report.json'],
    {
      env: { PATH: process.env.PATH ?? '' },
      cwd,
      stdout: (l) => lines.push(l),
      stderr: (l) => lines.push(l),
      signal: new AbortController().signal,
    },
  );
  const report = JSON.parse(await readFile(join(cwd, 'report.json'), 'utf8'));
  const rule = (id: string) => report.evaluation.rules.find((r: { id: string }) => r.id === id);
  return { code, log: lines.join('\n'), report, rule };
}

describe('extended metrics from the health answer', () => {
  it('fails on a pool usage the database reports, warns on CPU, and skips a metric the app does not send', async () => {
    world.app.setMode('healthy', {
      details: { database: { poolUsage: 0.95, connections: 19 } },
      metrics: { cpu: { value: 85, unit: '%' }, memory: { value: 412, unit: 'MB' } },
    });
    const run = await gate();
    expect(run.code, run.log).toBe(1);
    expect(run.rule('pool_exhausted')).toMatchObject({ state: 'triggered', value: 0.95 });
    expect(run.rule('cpu_busy')).toMatchObject({ state: 'triggered', value: 85 });
    expect(run.rule('queue_depth').state).toBe('skipped');
    expect(run.rule('queue_depth').note).toMatch(/queueDepth/);
    expect(run.report.evaluation.metrics).toMatchObject({
      database_poolUsage: 0.95,
      database_connections: 19,
      metrics_cpu: 85,
      metrics_memory: 412,
    });
    expect(run.log).toContain('database_poolUsage');
    // In the unit the endpoint gave: CPU in percent.
    expect(run.log).toMatch(/metrics_cpu 85% ≥ 80%/);
  });

  it('passes when the numbers are within the limits', async () => {
    world.app.setMode('healthy', {
      details: { database: { poolUsage: 0.4 } },
      metrics: { cpu: 12, queueDepth: 3 },
    });
    const run = await gate();
    expect(run.code, run.log).toBe(0);
    expect(run.rule('pool_exhausted')).toMatchObject({ state: 'ok', value: 0.4 });
    expect(run.rule('queue_depth')).toMatchObject({ state: 'ok', value: 3 });
  });
});
