import { readFileSync } from 'node:fs';
import { mkdtemp, readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { runCli } from '../../src/cli/main.js';
import { monitorUsage, parseMonitorArgs } from '../../src/cli/monitor-command.js';
import { MONITOR_INPUT_HELP } from '../../src/monitor/input-help.js';
import { healthyAppLawfulApis, useWorld } from '../support/world.js';

const world = useWorld({ afterEach: healthyAppLawfulApis });

async function cli(argv: string[], cwd: string) {
  const stdout: string[] = [];
  const stderr: string[] = [];
  const code = await runCli(argv, {
    env: { PATH: process.env.PATH ?? '' },
    cwd,
    stdout: (line) => stdout.push(line),
    stderr: (line) => stderr.push(line),
    signal: new AbortController().signal,
  });
  return { code, stdout: stdout.join('\n'), stderr: stderr.join('\n') };
}

describe('deployment-health-gate monitor', () => {
  it('explains each flag in monitor/action.yml’s own words', () => {
    const action = parse(
      readFileSync(resolve(import.meta.dirname, '..', '..', 'monitor', 'action.yml'), 'utf8'),
    );
    const descriptions = Object.fromEntries(
      Object.entries(action.inputs as Record<string, { description: string }>).map(([k, v]) => [
        k,
        v.description,
      ]),
    );
    expect(MONITOR_INPUT_HELP).toEqual(descriptions);
    expect(monitorUsage('0.0.0')).toContain('Default: dir:.deployment-health.');
  });

  it('takes the inputs as flags, --once and --every', () => {
    const args = parseMonitorArgs(['--targets=shop=https://a.example.com', '--dashboard', '--every', '30s']);
    expect([...args.inputs]).toEqual([
      ['targets', 'shop=https://a.example.com'],
      ['dashboard', 'true'],
    ]);
    expect(args.everyMs).toBe(30_000);
    expect(parseMonitorArgs(['--once']).everyMs).toBeUndefined();
    expect(() => parseMonitorArgs(['--sample', '3'])).toThrow(
      /unknown flag --sample \(did you mean "samples"\?\)/,
    );
    expect(() => parseMonitorArgs(['--every', '1s'])).toThrow(/at least 5s/);
  });

  it('runs once against a target, with the history in .deployment-health', async () => {
    const cwd = await mkdtemp(join(tmpdir(), 'dhg-monitor-cli-'));
    const run = await cli(['monitor', '--targets', `shop=${world.app.url}`, '--samples', '1'], cwd);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/^🟢 shop: healthy, confirmed healthy/);
    expect(await readdir(join(cwd, '.deployment-health'))).not.toHaveLength(0);
  });

  it('exits 1 when a target is confirmed unhealthy, 2 on a configuration error', async () => {
    const cwd = await mkdtemp(join(tmpdir(), 'dhg-monitor-cli-'));
    world.app.setMode('unhealthy');
    const flags = [
      'monitor',
      '--targets',
      `shop=${world.app.url}`,
      '--samples',
      '1',
      '--failure-threshold',
      '1',
    ];
    expect((await cli(flags, cwd)).code).toBe(1);
    const bad = await cli(['monitor', '--targets', 'shop=ftp://x'], cwd);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('line 1 of `--targets`');
  });
});
