import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BranchStore, type BranchStoreOptions } from '../../src/history/branch-store.js';
import { openHistoryStore } from '../../src/history/open-store.js';
import type { Clock } from '../../src/model/deps.js';
import { systemClock } from '../../src/util/clock.js';
import { type TestDeps, testDeps } from '../support/deps.js';
import { type GitHubSim, startGitHubApi } from '../world/github-api.js';
import { HOUR, MIN, runChange, T0 } from './fixtures.js';

const BRANCH = 'deployment-health-data';

/** Real sleeps, but a time of day the test moves (a day passes in an instant). */
function movableClock(start: number): Clock & { advance(ms: number): void } {
  let now = start;
  return {
    now: () => now,
    sleep: (ms, signal) => systemClock.sleep(ms, signal),
    advance: (ms) => (now += ms),
  };
}

let sim: GitHubSim;
let deps: TestDeps;
let clock: ReturnType<typeof movableClock>;
beforeEach(async () => {
  sim = await startGitHubApi();
  clock = movableClock(T0);
  deps = testDeps({ clock });
});
afterEach(async () => {
  await deps.close();
  await sim.close();
});

function store(options: Partial<BranchStoreOptions> = {}): BranchStore {
  return new BranchStore({
    branch: BRANCH,
    access: { apiUrl: sim.url, token: 'ghs_simulated0123456789', owner: 'acme', repo: 'shop' },
    deps,
    squashAfterMs: 0,
    limits: {
      budgetMs: 20_000,
      requestTimeoutMs: 5000,
      maxAttempts: 2,
      retry: { initialMs: 5, factor: 2, maxMs: 20, jitter: 0.5 },
    },
    casBackoff: { initialMs: 5, factor: 2, maxMs: 20, jitter: 0.5 },
    ...options,
  });
}

/** One monitor run as the monitor makes it: read what it needs, then write its change. */
async function monitorRun(history: BranchStore, targets: string[], at: number, runId = `run-${at}`) {
  clock.advance(at - clock.now());
  const read = await history.read({ runsSince: at - HOUR });
  expect(read.warning).toBeUndefined();
  return history.write(runChange(targets, at, runId));
}

describe('branch store', () => {
  it('creates the branch with an orphan commit on the first run; a read of a missing branch is empty', async () => {
    const history = store();
    const first = await history.read({ runsSince: 0 });
    expect(first).toEqual({ snapshot: expect.objectContaining({ states: {}, runs: {} }) });
    const result = await history.write(runChange(['shop', 'api'], T0 + 5 * MIN));
    expect(result.warning).toBeUndefined();
    expect(result.commit).toBe(sim.git.head(BRANCH));
    const commits = sim.git.commits(BRANCH);
    expect(commits).toHaveLength(1);
    expect(commits[0]?.parents).toEqual([]);
    expect(commits[0]?.message).toBe('deployment health: 2 targets, 2024-03-10 00:05 UTC [skip ci]');
    expect([...sim.git.files(BRANCH).keys()].sort()).toEqual([
      'data/runs/2024-03-10/00.json',
      'data/state.json',
    ]);
    // No blob requests: contents go inline into the tree.
    expect(sim.requestCount({ method: 'POST', path: /\/git\/blobs$/ })).toBe(0);
    sim.assertNoViolations();
  });

  it('writes one [skip ci] commit per run, with at most 7 requests for read + write however many targets', async () => {
    const history = store();
    const targets = Array.from({ length: 10 }, (_, i) => `target-${i}`);
    await monitorRun(history, targets, T0 + 1 * MIN);
    for (let i = 1; i < 10; i++) {
      const before = sim.requests.length;
      const result = await monitorRun(history, targets, T0 + 1 * MIN + i * 5 * MIN);
      expect(result).toEqual({ commit: sim.git.head(BRANCH), retries: 0 });
      // ref, tree, state.json, the hour file; tree, commit, ref update.
      expect(sim.requests.length - before).toBeLessThanOrEqual(7);
    }
    const commits = sim.git.commits(BRANCH);
    expect(commits).toHaveLength(10);
    expect(commits.every((c) => c.message.endsWith('[skip ci]'))).toBe(true);
    const { snapshot } = await history.read({ runsSince: 0 });
    expect(snapshot.runs['target-3']).toHaveLength(10);
    sim.assertNoViolations();
  });

  it('merges and retries when another run moves the branch between its read and its ref update', async () => {
    const ours = store();
    const theirs = store();
    await monitorRun(ours, ['shop'], T0);
    await ours.read({ runsSince: T0 });
    let landed: string | undefined;
    sim.git.beforeNextRefUpdate(async () => {
      // A second monitor run (a late schedule, a manual dispatch) lands first.
      landed = (await theirs.write(runChange(['shop', 'api'], T0 + 6 * MIN, 'theirs'))).commit;
    });
    const result = await ours.write(runChange(['shop'], T0 + 5 * MIN, 'ours'));
    expect(landed).toBeDefined();
    expect(result.retries).toBe(1);
    expect(result.warning).toBeUndefined();
    const commits = sim.git.commits(BRANCH);
    expect(commits.map((c) => c.sha)).toEqual([result.commit, landed, expect.any(String)]);
    const { snapshot } = await ours.read({ runsSince: 0 });
    expect(snapshot.runs.shop?.map((r) => r.id)).toEqual([`run-${T0}-shop`, 'ours-shop', 'theirs-shop']);
    expect(snapshot.runs.api?.map((r) => r.id)).toEqual(['theirs-api']);
    // The later run's state stands, whichever landed last.
    expect(snapshot.states.shop?.lastRunAt).toBe(T0 + 6 * MIN);
    sim.assertNoViolations();
  });

  it('a run that loses the race to create the branch merges into the one that won', async () => {
    const ours = store();
    await ours.read({});
    sim.git.beforeNextRefUpdate(async () => {
      await store().write(runChange(['api'], T0, 'theirs'));
    });
    const result = await ours.write(runChange(['shop'], T0, 'ours'));
    expect(result.retries).toBe(1);
    const { snapshot } = await ours.read({ runsSince: 0 });
    expect(Object.keys(snapshot.runs).sort()).toEqual(['api', 'shop']);
    expect(sim.git.commits(BRANCH)).toHaveLength(2);
  });

  it('without contents: write, warns what to grant and never throws; reads still work', async () => {
    const history = store();
    await monitorRun(history, ['shop'], T0);
    sim.denyPermission('contents');
    const result = await monitorRun(history, ['shop'], T0 + 5 * MIN);
    expect(result.commit).toBeUndefined();
    expect(result.warning).toMatch(
      /not written to branch `deployment-health-data` of acme\/shop: GitHub answered 403/,
    );
    expect(result.warning).toMatch(/`permissions: contents: write`/);
    expect(result.warning).toMatch(/verdict, summary and outputs stand/);
    expect(sim.git.commits(BRANCH)).toHaveLength(1);
    sim.clearViolations();
  });

  it('turns a GitHub outage into a warning after its retries', async () => {
    const history = store();
    sim.failNext(100, { status: 502 });
    const read = await history.read({ runsSince: 0 });
    expect(read.warning).toMatch(/could not be read: GitHub answered 502 to GET \/git\/ref\/heads/);
    const result = await history.write(runChange(['shop'], T0));
    expect(result.warning).toMatch(/not written .*GitHub answered 502/);
  });

  it('squashes the branch to one commit with the same files once its root commit is older than history-squash', async () => {
    const history = store({ squashAfterMs: 24 * HOUR });
    for (let i = 0; i < 3; i++) await monitorRun(history, ['shop'], T0 + i * 5 * MIN);
    expect(sim.git.commits(BRANCH)).toHaveLength(3);
    const bytesBefore = sim.git.reachableBytes(BRANCH);
    clock.advance(24 * HOUR);
    const result = await monitorRun(history, ['shop'], clock.now());
    const commits = sim.git.commits(BRANCH);
    expect(commits).toHaveLength(1);
    expect(commits[0]?.parents).toEqual([]);
    expect(commits[0]?.message).toMatch(/history squashed.*\[skip ci\]$/);
    expect(result.commit).toBe(commits[0]?.sha);
    const files = sim.git.files(BRANCH);
    const state = JSON.parse(files.get('data/state.json') as string);
    expect(state.branchRootAt).toBe(clock.now());
    const { snapshot } = await history.read({ runsSince: 0 });
    expect(snapshot.runs.shop).toHaveLength(4);
    expect(sim.git.reachableBytes(BRANCH)).toBeLessThan(bytesBefore * 2);
    // The next run builds on the squashed commit with a fast-forward again.
    await monitorRun(history, ['shop'], clock.now() + 5 * MIN);
    expect(sim.git.commits(BRANCH)).toHaveLength(2);
    sim.assertNoViolations();
  });

  it('is what openHistoryStore makes of branch:NAME', async () => {
    const history = openHistoryStore(`branch:${BRANCH}`, {
      deps,
      github: { apiUrl: sim.url, token: 'ghs_simulated0123456789', owner: 'acme', repo: 'shop' },
    });
    expect(history.describe).toBe(`branch:${BRANCH}`);
    expect((await history.write(runChange(['shop'], T0))).warning).toBeUndefined();
    expect(sim.git.files(BRANCH).has('data/state.json')).toBe(true);
  });
});
