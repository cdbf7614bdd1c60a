import { describe, expect, it } from 'vitest';
import { applyChange } from '../../src/history/apply.js';
import { MemoryFiles } from '../../src/history/files.js';
import { BUCKET_RATIO, quantile } from '../../src/history/histogram.js';
import { HistoryLayoutError, STATE_PATH } from '../../src/history/layout.js';
import { readSnapshot } from '../../src/history/snapshot.js';
import type { HistoryChange, Incident, RollUp } from '../../src/history/types.js';
import { HOUR, MIN, record, runChange, stateOf, T0 } from './fixtures.js';

const DAY = 24 * HOUR;

async function applyAll(files: MemoryFiles, changes: HistoryChange[], maxRollUpReads?: number) {
  for (const change of changes) files.apply(await applyChange(files, change, { maxRollUpReads }));
}

/** Runs every 5 minutes from `from` for `count` runs. */
const schedule = (targets: string[], from: number, count: number) =>
  Array.from({ length: count }, (_, i) => runChange(targets, from + i * 5 * MIN));

const incident = (over: Partial<Incident> = {}): Incident => ({
  target: 'shop',
  state: 'open',
  openedAt: T0,
  status: 'unhealthy',
  reason: 'endpoint',
  message: 'The endpoint failed.',
  lastNoticeAt: T0,
  ...over,
});

describe('applyChange', () => {
  it('writes the state and the hour file of every target, in the documented layout', async () => {
    const files = new MemoryFiles();
    await applyAll(files, [runChange(['shop', 'api'], T0 + 7 * MIN)]);
    expect([...files.files.keys()].sort()).toEqual(['data/runs/2024-03-10/00.json', STATE_PATH]);
    const state = JSON.parse(files.files.get(STATE_PATH) as string);
    expect(state.schemaVersion).toBe(1);
    expect(state.states.map((s: { target: string }) => s.target)).toEqual(['api', 'shop']);
    const hour = JSON.parse(files.files.get('data/runs/2024-03-10/00.json') as string);
    expect(hour).toMatchObject({ schemaVersion: 1, hour: T0 });
    expect(hour.runs).toHaveLength(2);
  });

  it('is idempotent: the same change twice writes nothing the second time', async () => {
    const files = new MemoryFiles();
    const change = runChange(['shop'], T0 + 7 * MIN);
    await applyAll(files, [change]);
    const again = await applyChange(files, change);
    expect(again.write.size).toBe(0);
    expect(again.delete.size).toBe(0);
  });

  it('merges overlapping runs in either order to the same files, losing and duplicating nothing', async () => {
    const a = runChange(['shop'], T0 + 5 * MIN, 'run-a');
    const b = runChange(['shop'], T0 + 6 * MIN, 'run-b');
    const ab = new MemoryFiles();
    await applyAll(ab, [a, b, a]);
    const ba = new MemoryFiles();
    await applyAll(ba, [b, a, b]);
    expect(Object.fromEntries(ab.files)).toEqual(Object.fromEntries(ba.files));
    const snapshot = await readSnapshot(ab, { runsSince: T0 });
    expect(snapshot.runs.shop?.map((r) => r.id)).toEqual(['run-a-shop', 'run-b-shop']);
    // The later run's state stands whichever landed last.
    expect(snapshot.states.shop?.lastRunAt).toBe(T0 + 6 * MIN);
  });

  it('rolls up complete hours from the raw file, then the day from the hourly roll-ups', async () => {
    const files = new MemoryFiles();
    await applyAll(files, schedule(['shop', 'api'], T0, 12 * 26), Number.POSITIVE_INFINITY);
    const snapshot = await readSnapshot(files, { rollUps: true, runsSince: T0 });
    // Hour 0…24 are complete 10 minutes after they end; the runs end at 25:55.
    expect(snapshot.hourly.shop?.map((r) => (r.start - T0) / HOUR)).toEqual(
      Array.from({ length: 25 }, (_, h) => h),
    );
    expect(snapshot.hourly.shop?.every((r) => r.runs === 12 && r.samples === 36)).toBe(true);
    expect(snapshot.daily.shop).toHaveLength(1);
    expect(snapshot.daily.shop?.[0]).toMatchObject({ start: T0, runs: 288, samples: 864, errors: 0 });
    const state = JSON.parse(files.files.get(STATE_PATH) as string);
    expect(state.rolledUp).toEqual({ hour: T0 + 24 * HOUR, day: T0 });
  });

  it('keeps p95 through hour and day roll-ups within one histogram bucket of the raw samples', async () => {
    const files = new MemoryFiles();
    const changes = Array.from({ length: 12 * 25 }, (_, i) => {
      const at = T0 + i * 5 * MIN;
      const ms = [30 + ((i * 37) % 400), 45 + ((i * 11) % 90), i % 40 === 0 ? 6000 : 70 + (i % 13)];
      return { ...runChange(['shop'], at), records: [record('shop', at, { id: `r${i}`, ms })] };
    });
    await applyAll(files, changes, Number.POSITIVE_INFINITY);
    const snapshot = await readSnapshot(files, { rollUps: true, runsSince: T0 });
    const raw = (snapshot.runs.shop ?? [])
      .filter((r) => r.at < T0 + DAY)
      .flatMap((r) => r.samples.map((s) => s.ms))
      .sort((a, b) => a - b);
    const exact = raw[Math.ceil(0.95 * raw.length) - 1] as number;
    const latency = snapshot.daily.shop?.[0]?.latency as NonNullable<RollUp['latency']>;
    const p95 = quantile(latency.histogram, 0.95, latency) as number;
    expect(Math.max(p95 / exact, exact / p95)).toBeLessThanOrEqual(BUCKET_RATIO);
  });

  it('re-rolls an hour (and its day) when a late record lands in it', async () => {
    const files = new MemoryFiles();
    await applyAll(files, schedule(['shop'], T0, 12 * 25), Number.POSITIVE_INFINITY);
    const before = await readSnapshot(files, { rollUps: true });
    expect(before.hourly.shop?.[3]?.runs).toBe(12);
    expect(before.daily.shop?.[0]?.runs).toBe(288);
    // A run that started at 03:59 lands a day later.
    const late: HistoryChange = {
      at: T0 + 25 * HOUR,
      records: [record('shop', T0 + 3 * HOUR + 59 * MIN, { id: 'late' })],
      states: [],
      markers: [],
      incidents: [],
    };
    await applyAll(files, [late]);
    const after = await readSnapshot(files, { rollUps: true });
    expect(after.hourly.shop?.[3]?.runs).toBe(13);
    expect(after.daily.shop?.[0]?.runs).toBe(289);
  });

  it('spreads a roll-up backlog over runs: at most maxRollUpReads reads for roll-ups per change', async () => {
    const files = new MemoryFiles();
    // Ten hours of raw data with no roll-up yet (rolled up nothing: budget 0).
    await applyAll(files, schedule(['shop'], T0, 12 * 10), 0);
    files.reads = 0;
    const change = runChange(['shop'], T0 + 10 * HOUR + 20 * MIN);
    const result = await applyChange(files, change, { maxRollUpReads: 6 });
    files.apply(result);
    // state + six raw hour files (the day's hourly file is new: nothing to read; the current hour's too).
    expect(files.reads).toBe(1 + 6);
    const state = JSON.parse(files.files.get(STATE_PATH) as string);
    expect(state.rolledUp.hour).toBe(T0 + 5 * HOUR);
    // The next runs catch up.
    await applyAll(files, [
      runChange(['shop'], T0 + 10 * HOUR + 25 * MIN),
      runChange(['shop'], T0 + 10 * HOUR + 30 * MIN),
    ]);
    expect(JSON.parse(files.files.get(STATE_PATH) as string).rolledUp.hour).toBe(T0 + 9 * HOUR);
  });

  it('prunes by age relative to change.at: raw after 48 h, hourly after 90 days, daily after 2 years', async () => {
    const files = new MemoryFiles();
    await applyAll(files, schedule(['shop'], T0, 12 * 25), Number.POSITIVE_INFINITY);
    await applyAll(files, [runChange(['shop'], T0 + 49 * HOUR + 30 * MIN)], Number.POSITIVE_INFINITY);
    const raw = [...files.files.keys()].filter((p) => p.startsWith('data/runs/'));
    // Hour 0 ended more than 48 h before 49:30; hour 1 did not.
    expect(raw).not.toContain('data/runs/2024-03-10/00.json');
    expect(raw).toContain('data/runs/2024-03-10/01.json');
    await applyAll(files, [runChange(['shop'], T0 + 92 * DAY)], Number.POSITIVE_INFINITY);
    expect(files.files.has('data/hourly/2024-03-10.json')).toBe(false);
    expect(files.files.has('data/daily/2024-03.json')).toBe(true);
    await applyAll(files, [runChange(['shop'], T0 + 800 * DAY)], Number.POSITIVE_INFINITY);
    expect(files.files.has('data/daily/2024-03.json')).toBe(false);
  });

  it('upserts incidents by target and openedAt; a resolved one is never reopened by a late run', async () => {
    const files = new MemoryFiles();
    const base = { at: T0, records: [], states: [stateOf('shop', T0, 'unhealthy')], markers: [] };
    await applyAll(files, [{ ...base, incidents: [incident()] }]);
    expect((await readSnapshot(files, {})).incidents).toHaveLength(1);
    const resolved = incident({ state: 'resolved', resolvedAt: T0 + HOUR, lastNoticeAt: T0 + HOUR });
    await applyAll(files, [{ ...base, at: T0 + HOUR, incidents: [resolved] }]);
    // A late run that still saw it open.
    await applyAll(files, [
      { ...base, at: T0 + 30 * MIN, incidents: [incident({ lastNoticeAt: T0 + 30 * MIN })] },
    ]);
    expect((await readSnapshot(files, {})).incidents).toEqual([]);
    const all = await readSnapshot(files, { rollUps: true });
    expect(all.incidents).toEqual([resolved]);
  });

  it('unions markers and writes the site files at the root', async () => {
    const files = new MemoryFiles();
    const marker = {
      at: T0,
      target: 'shop',
      deploymentId: 'dpl_1',
      source: 'gate' as const,
      status: 'healthy' as const,
    };
    const change: HistoryChange = {
      ...runChange(['shop'], T0),
      markers: [marker, marker],
      site: { 'index.html': '<h1>x</h1>' },
    };
    await applyAll(files, [change, change]);
    expect((await readSnapshot(files, { rollUps: true })).markers.shop).toEqual([marker]);
    expect(files.files.get('index.html')).toBe('<h1>x</h1>');
    await expect(applyChange(files, { ...change, site: { 'data/x.json': '{}' } })).rejects.toThrow(
      /outside data/,
    );
    await expect(applyChange(files, { ...change, site: { '../x': '' } })).rejects.toThrow(/relative path/);
  });

  it('refuses to write over a layout from a newer version', async () => {
    const files = new MemoryFiles({ [STATE_PATH]: '{"schemaVersion":2}' });
    await expect(applyChange(files, runChange(['shop'], T0))).rejects.toThrow(HistoryLayoutError);
    await expect(applyChange(files, runChange(['shop'], T0))).rejects.toThrow(/schemaVersion 2.*upgrade/);
  });
});
