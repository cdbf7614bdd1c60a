import { describe, expect, it } from 'vitest';
import { classify, parseFile } from '../../src/history/layout.js';
import type { RunRecord } from '../../src/history/types.js';
import { healthyAppLawfulApis, useWorld } from '../support/world.js';
import { checked, monitorOnce } from './monitor-once.js';

// Monitor runs that share a data branch on the simulated GitHub (Git Data API): runs that overlap, and a
// token without `contents: write`.

const world = useWorld({ afterEach: healthyAppLawfulApis });

const fast = { samples: '1', 'sample-interval': '1s', 'request-timeout': '2s', incidents: 'none' };

/** The run records on the branch, read from its raw files as GitHub holds them. */
function branchRecords(branch: string): RunRecord[] {
  const records: RunRecord[] = [];
  for (const [path, text] of world.github.git.files(branch)) {
    if (classify(path)?.kind === 'runs') records.push(...parseFile<RunRecord>(path, text, 'runs'));
  }
  return records;
}

const branchInputs = (branch: string, targets: string) => ({
  ...fast,
  targets,
  history: `branch:${branch}`,
  'github-token': world.githubToken,
});

describe('monitor runs on one data branch', () => {
  it('two overlapping runs both land their samples: the one that loses the race merges and retries', async () => {
    const branch = 'overlap-existing';
    const inputs = branchInputs(branch, `shop=${world.app.url}`);
    const env = world.runnerEnv();
    checked((await monitorOnce(inputs, env)).outcome); // the branch exists, as on every run but the first
    let second: Awaited<ReturnType<typeof monitorOnce>> | undefined;
    // A late schedule and a manual dispatch: the second run starts, checks and lands while the first one is
    // about to move the ref it read before.
    world.github.git.beforeNextRefUpdate(async () => {
      second = await monitorOnce(inputs, env);
    });
    const first = await monitorOnce(inputs, env);
    const one = checked(first.outcome);
    const two = checked(second?.outcome ?? { kind: 'crashed', error: 'the second run never ran' });
    expect(one.historyCommit).toMatch(/^[0-9a-f]{40}$/);
    expect(two.historyCommit).toMatch(/^[0-9a-f]{40}$/);
    expect(first.logger.text()).toMatch(
      /history branch `overlap-existing` moved meanwhile; merging and retrying \(1\)/,
    );
    expect(one.warnings).toEqual([]);
    const ids = branchRecords(branch).map((r) => r.id);
    expect(ids).toHaveLength(3);
    expect(ids).toEqual(
      expect.arrayContaining([one.outcomes[0]?.check.record.id, two.outcomes[0]?.check.record.id]),
    );
    const commits = world.github.git.commits(branch);
    expect(commits.map((c) => c.sha).slice(0, 2)).toEqual([one.historyCommit, two.historyCommit]);
    expect(commits).toHaveLength(3);
  });

  it('two runs started together on a branch that does not exist yet both land their samples', async () => {
    const branch = 'overlap-new';
    const env = world.runnerEnv();
    // Each run watches its own target (a matrix of two jobs); both read an empty history at once.
    const [a, b] = await Promise.all([
      monitorOnce(branchInputs(branch, `api=${world.app.url}`), env),
      monitorOnce(branchInputs(branch, `web=${world.app.url}`), env),
    ]);
    const [one, two] = [checked(a.outcome), checked(b.outcome)];
    expect([one.historyCommit, two.historyCommit]).toEqual([
      expect.stringMatching(/^[0-9a-f]{40}$/),
      expect.stringMatching(/^[0-9a-f]{40}$/),
    ]);
    expect(
      branchRecords(branch)
        .map((r) => r.target)
        .sort(),
    ).toEqual(['api', 'web']);
    expect(world.github.git.commits(branch)).toHaveLength(2);
    // Whichever lost the race to create the branch said so.
    expect(`${a.logger.text()}\n${b.logger.text()}`).toMatch(/moved meanwhile; merging and retrying \(1\)/);
  });

  it('without contents: write, warns naming the permission; the verdict and the summary still stand', async () => {
    const branch = 'read-only-token';
    const inputs = branchInputs(branch, `docs=${world.app.url}`);
    const env = world.runnerEnv();
    checked((await monitorOnce(inputs, env)).outcome);
    world.github.denyPermission('contents');
    try {
      const { outcome, logger } = await monitorOnce(inputs, env);
      const report = checked(outcome);
      expect(report.status).toBe('healthy');
      expect(report.failed).toBe(false);
      expect(report.historyCommit).toBeUndefined();
      expect(report.summary).toContain('| `docs` | 🟢 Healthy |');
      expect(report.warnings.join('\n')).toMatch(/contents: write/);
      expect(logger.warnings().join('\n')).toMatch(/contents: write/);
    } finally {
      world.github.allowPermission('contents');
      world.github.clearViolations();
    }
    expect(world.github.git.commits(branch)).toHaveLength(1);
  });

  it('without contents: write or issues: write, an outage run still has its verdict and warnings; thresholds count what is readable', async () => {
    const branch = 'read-only-outage';
    const inputs = { ...branchInputs(branch, `cart=${world.app.url}`), incidents: 'issue' };
    const env = world.runnerEnv();
    checked((await monitorOnce(inputs, env)).outcome);
    world.github.denyPermission('contents');
    world.github.denyPermission('issues');
    world.app.setMode('unhealthy');
    try {
      const first = checked((await monitorOnce(inputs, env)).outcome);
      expect([first.targets.cart?.status, first.targets.cart?.confirmed]).toEqual(['unhealthy', 'healthy']);
      const second = await monitorOnce(inputs, env);
      const report = checked(second.outcome);
      // Nothing of the first failing run could be written: the history still says 0 failures, so the second
      // failing run is counted as the first and the confirmed state has not changed yet.
      expect([report.targets.cart?.status, report.targets.cart?.confirmed]).toEqual(['unhealthy', 'healthy']);
      expect(report.targets.cart?.incident.state).toBe('none');
      expect(report.summary).toContain('`cart`');
      const warnings = second.logger.warnings().join('\n');
      expect(warnings).toMatch(/contents: write/);
    } finally {
      world.github.allowPermission('contents');
      world.github.allowPermission('issues');
      world.github.clearViolations();
    }
  });
});
