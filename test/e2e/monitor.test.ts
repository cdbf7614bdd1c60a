import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { classify, parseFile } from '../../src/history/layout.js';
import type { Incident, RunRecord } from '../../src/history/types.js';
import { lastedFor } from '../../src/sinks/incidents/issue-text.js';
import { type BundleOptions, runBundle, runNode, visibleLog } from '../support/run-bundle.js';
import { healthyAppLawfulApis, useWorld } from '../support/world.js';

// The monitor's bundle as the runner runs it (`uses: …/monitor@v0` → node dist/monitor/index.js), and the
// `monitor` command, against the simulated world.

const world = useWorld({ afterEach: healthyAppLawfulApis });
const root = resolve(import.meta.dirname, '..', '..');

const scheduled = (inputs: Record<string, string>, extra: Partial<BundleOptions> = {}) =>
  runBundle({
    entry: 'monitor',
    event: { name: 'schedule', payload: { schedule: '*/5 * * * *' } },
    inputs: { samples: '2', 'sample-interval': '1s', 'request-timeout': '2s', ...inputs },
    ...extra,
  });

describe('the monitor bundle', () => {
  it('checks a target, writes a folder history and its outputs, with incidents off', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'dhg-monitor-e2e-'));
    const run = await scheduled({
      targets: `shop=${world.app.url}`,
      history: `dir:${dir}`,
      incidents: 'none',
    });
    expect(run.code, visibleLog(run)).toBe(0);
    expect(run.outputs.status).toBe('healthy');
    expect(run.outputs.reason).toBe('ok');
    const targets = JSON.parse(run.outputs.targets ?? '{}');
    expect(targets.shop).toMatchObject({
      url: world.app.url,
      status: 'healthy',
      confirmed: 'healthy',
      incident: { state: 'none', url: null },
    });
    expect(JSON.parse(run.outputs.incidents ?? '')).toEqual([]);
    expect(run.outputs['report-path']).toMatch(/monitor-report\.json$/);
    expect(run.summary).toContain('Deployment health monitor');
  });

  it('fails on a configuration error, naming the input, before any request', async () => {
    const run = await scheduled({ targets: 'shop=ftp://x', history: 'none' });
    expect(run.code).toBe(1);
    expect(visibleLog(run)).toContain('line 1 of `targets`');
    expect(run.outputs.reason).toBe('config');
  });

  it('opens one issue for an outage over two runs and closes it after two healthy runs (branch history)', async () => {
    const inputs = {
      samples: '1',
      targets: `web=${world.app.url}`,
      history: 'branch:deployment-health-data',
      'github-token': world.githubToken,
    };
    const env = { env: world.runnerEnv() };
    const before = world.github.issues.all().length;
    const healthy = await scheduled(inputs, env);
    expect(healthy.code, visibleLog(healthy)).toBe(0);
    expect(healthy.outputs['history-commit']).toMatch(/^[0-9a-f]{40}$/);
    world.app.setMode('unhealthy');
    const blip = await scheduled(inputs, env);
    expect(blip.code, visibleLog(blip)).toBe(0);
    expect(world.github.issues.all()).toHaveLength(before);
    const outage = await scheduled(inputs, env);
    expect(outage.code).toBe(1);
    expect(outage.outputs.status).toBe('unhealthy');
    expect(JSON.parse(outage.outputs.targets ?? '{}').web.incident.state).toBe('opened');
    expect(world.github.issues.all().slice(before)).toHaveLength(1);
    world.app.setMode('healthy');
    await scheduled(inputs, env);
    const recovered = await scheduled(inputs, env);
    expect(recovered.code, visibleLog(recovered)).toBe(0);
    const incidents = JSON.parse(recovered.outputs.incidents ?? '[]');
    expect(incidents).toMatchObject([{ target: 'web', state: 'resolved' }]);
    const [issue] = world.github.issues.all().slice(before);
    expect(issue?.state).toBe('closed');
  }, 120_000);
});

/** The raw run records on a data branch, read straight from its files (not through our history code). */
function branchRecords(branch: string): RunRecord[] {
  const records: RunRecord[] = [];
  for (const [path, text] of world.github.git.files(branch)) {
    if (classify(path)?.kind === 'runs') records.push(...parseFile<RunRecord>(path, text, 'runs'));
  }
  return records;
}

/** A scheduled run's environment: the simulated GitHub and its own run id (records are keyed by it). */
let runSerial = 7000;
const scheduledEnv = () => ({
  env: { ...world.runnerEnv(), GITHUB_RUN_ID: String(++runSerial), GITHUB_RUN_ATTEMPT: '1' },
});

describe('the monitor bundle on a schedule (branch history, incident issues)', () => {
  it('writes ten runs’ samples in ten [skip ci] commits and opens no issue, with at most 8 GitHub requests a steady run', async () => {
    const branch = 'health-ten-runs';
    const inputs = {
      samples: '1',
      targets: `steady=${world.app.url}`,
      history: `branch:${branch}`,
      incidents: 'issue',
      'github-token': world.githubToken,
    };
    const issuesBefore = world.github.issues.all().length;
    const steadyRequests: number[] = [];
    for (let run = 0; run < 10; run++) {
      const before = world.github.requests.length;
      const result = await scheduled(inputs, scheduledEnv());
      expect(result.code, visibleLog(result)).toBe(0);
      expect(result.outputs.status).toBe('healthy');
      expect(result.outputs['history-commit']).toMatch(/^[0-9a-f]{40}$/);
      // The first run creates the branch; every later one is a run where nothing changes.
      if (run > 0) steadyRequests.push(world.github.requests.length - before);
    }
    const records = branchRecords(branch).filter((r) => r.target === 'steady');
    expect(records).toHaveLength(10);
    expect(new Set(records.map((r) => r.id)).size).toBe(10);
    expect(records.every((r) => r.status === 'healthy' && r.samples.length === 1)).toBe(true);
    const commits = world.github.git.commits(branch);
    expect(commits).toHaveLength(10);
    expect(commits.every((c) => c.message.endsWith('[skip ci]'))).toBe(true);
    expect(world.github.issues.all()).toHaveLength(issuesBefore);
    expect(
      Math.max(...steadyRequests),
      `GitHub requests per steady run: ${steadyRequests}`,
    ).toBeLessThanOrEqual(8);
  }, 120_000);

  it('a 1-run blip opens nothing; a 3-run outage opens one issue and one Rollbar item; 2 healthy runs close both, saying how long it lasted', async () => {
    const branch = 'health-outage';
    const inputs = {
      samples: '1',
      targets: `orders=${world.app.url}`,
      history: `branch:${branch}`,
      incidents: 'issue',
      'github-token': world.githubToken,
      'rollbar-token': world.rollbar.token,
      'rollbar-endpoint': world.rollbar.url,
    };
    const issuesBefore = world.github.issues.all().length;
    const itemsBefore = world.rollbar.itemData().length;
    const run = async (mode: 'healthy' | 'unhealthy') => {
      world.app.setMode(mode);
      const result = await scheduled(inputs, scheduledEnv());
      expect(result.code === 0 || result.code === 1, visibleLog(result)).toBe(true);
      return result;
    };

    for (const mode of ['healthy', 'unhealthy', 'healthy', 'healthy'] as const) {
      expect((await run(mode)).code).toBe(0);
    }
    expect(world.github.issues.all()).toHaveLength(issuesBefore);
    expect(world.rollbar.itemData()).toHaveLength(itemsBefore);

    const outage = [await run('unhealthy'), await run('unhealthy'), await run('unhealthy')];
    expect(outage.map((r) => r.code)).toEqual([0, 1, 1]);
    const issues = world.github.issues.all().slice(issuesBefore);
    expect(issues).toHaveLength(1);
    expect(issues[0]?.state).toBe('open');
    expect(world.rollbar.itemData().slice(itemsBefore)).toHaveLength(1);

    const recovery = [await run('healthy'), await run('healthy')];
    expect(recovery.map((r) => r.code)).toEqual([1, 0]);
    const [resolved] = JSON.parse(recovery[1]?.outputs.incidents ?? '[]') as Incident[];
    expect(resolved).toMatchObject({ target: 'orders', state: 'resolved' });
    const lasted = lastedFor((resolved?.resolvedAt ?? 0) - (resolved?.openedAt ?? 0));
    const number = issues[0]?.number ?? 0;
    expect(world.github.issues.get(number)?.state).toBe('closed');
    const closing = world.github.issues.comments(number).at(-1)?.body ?? '';
    expect(closing).toContain(`**Resolved after ${lasted}:**`);
    expect(lasted).toMatch(/^\d+(\.\d)? s$/);
    expect(world.github.issues.all()).toHaveLength(issuesBefore + 1);

    const items = world.rollbar.itemData().slice(itemsBefore);
    expect(items.map((item) => item.level)).toEqual(['error', 'info']);
    expect(new Set(items.map((item) => item.fingerprint)).size).toBe(1);
    expect(JSON.stringify(items[1])).toContain(`resolved after ${lasted}`);
  }, 120_000);
});

describe('deployment-health-gate monitor', () => {
  it('runs once with a folder history by default', async () => {
    const cwd = await mkdtemp(join(tmpdir(), 'dhg-monitor-cli-'));
    const run = await runNode(
      [
        join(root, 'dist/cli/index.js'),
        'monitor',
        '--targets',
        `shop=${world.app.url}`,
        '--samples',
        '1',
        '--once',
      ],
      { env: { PATH: process.env.PATH ?? '' }, cwd },
    );
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/🟢 shop: healthy, confirmed healthy/);
    expect(run.stderr).toContain('.deployment-health');
  });

  it('prints its own --help', async () => {
    const run = await runNode([join(root, 'dist/cli/index.js'), 'monitor', '--help'], {
      env: { PATH: process.env.PATH ?? '' },
      cwd: root,
    });
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('--every <duration>');
    expect(run.stdout).toContain('--failure-threshold <value>');
  });
});
