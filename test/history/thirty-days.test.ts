import { describe, expect, it } from 'vitest';
import { measureHistorySize } from '../../scripts/bench/history-size.js';
import type { MemoryFiles } from '../../src/history/files.js';
import { BUCKET_RATIO, histogramOf, mergeHistograms, quantile } from '../../src/history/histogram.js';
import { DAY_MS, dayStart } from '../../src/history/layout.js';
import { readSnapshot } from '../../src/history/snapshot.js';
import type { RollUp } from '../../src/history/types.js';

// 30 days of a monitor every 5 minutes for 10 targets (3 samples, 4 services each), generated through
// `applyChange` in memory by the size bench's own generator (scripts/bench/history-size.ts), not waited for.

/**
 * The documented size of the history after 30 days at this cadence (docs/monitor.md, "Squashing and size":
 * 8.8 MiB of files, 0.5 MiB compressed), with headroom for small changes of the records: the test fails
 * when the layout grows past what the docs promise.
 */
const MAX_30_DAY_BYTES = 9.5 * 1024 * 1024;
/** The same for the compressed size the docs quote (0.5 MiB). */
const MAX_30_DAY_GZIP_BYTES = 0.6 * 1024 * 1024;

/** The exact nearest-rank quantile of the raw samples: what the roll-ups' histograms approximate. */
function exactQuantile(values: number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length, Math.max(1, Math.ceil(q * sorted.length))) - 1] as number;
}

/** The quantile read from roll-ups merged, clamped to their min and max (as the dashboard reads it). */
function rolledQuantile(rollUps: RollUp[], q: number): number | undefined {
  const latencies = rollUps.flatMap((r) => (r.latency ? [r.latency] : []));
  return quantile(mergeHistograms(latencies.map((l) => l.histogram)), q, {
    min: Math.min(...latencies.map((l) => l.min)),
    max: Math.max(...latencies.map((l) => l.max)),
  });
}

const withinOneBucket = (rolled: number | undefined, exact: number) => {
  expect(rolled).toBeDefined();
  const ratio = (rolled ?? 0) / exact;
  expect(ratio, `roll-up p95 ${rolled} vs raw p95 ${exact}`).toBeLessThanOrEqual(BUCKET_RATIO);
  expect(ratio, `roll-up p95 ${rolled} vs raw p95 ${exact}`).toBeGreaterThanOrEqual(1 / BUCKET_RATIO);
};

describe('the history after 30 simulated days, 10 targets every 5 minutes', () => {
  it('stays within the documented size, and its roll-ups give the raw data’s p95 within one bucket', async () => {
    // Every sample's latency by target and day, as the runs recorded them (before the raw files are pruned).
    const raw = new Map<string, Map<number, number[]>>();
    let last: MemoryFiles | undefined;
    const [point] = await measureHistorySize({
      targets: 10,
      checkpoints: [30],
      onRun(change, files) {
        last = files;
        for (const record of change.records) {
          const days = raw.get(record.target) ?? new Map<number, number[]>();
          raw.set(record.target, days);
          const list = days.get(dayStart(record.at)) ?? [];
          days.set(dayStart(record.at), list);
          for (const sample of record.samples) if (sample.http !== undefined) list.push(sample.ms);
        }
      },
    });

    expect(point?.days).toBe(30);
    expect(point?.bytes).toBeLessThanOrEqual(MAX_30_DAY_BYTES);
    expect(point?.gzipBytes).toBeLessThanOrEqual(MAX_30_DAY_GZIP_BYTES);

    const files = last as MemoryFiles;
    const snapshot = await readSnapshot(files, { rollUps: true });
    expect(Object.keys(snapshot.daily)).toHaveLength(10);
    for (const [target, days] of raw) {
      const daily = snapshot.daily[target] ?? [];
      // Every complete day is rolled up (the last one becomes complete after the simulation ends).
      expect(daily.map((d) => d.start)).toEqual([...days.keys()].slice(0, 29));
      expect(daily.reduce((sum, d) => sum + d.samples, 0)).toBe(
        daily.reduce((sum, d) => sum + (days.get(d.start)?.length ?? 0), 0),
      );
      // p95 over the 29 complete days, from the daily roll-ups vs the raw samples of those days.
      const rawDays = daily.flatMap((d) => days.get(d.start) ?? []);
      withinOneBucket(rolledQuantile(daily, 0.95), exactQuantile(rawDays, 0.95));
      // p95 of one day, from its hourly roll-ups (kept 90 days) vs its raw samples.
      const day = daily[10]?.start ?? 0;
      const hourly = (snapshot.hourly[target] ?? []).filter((h) => h.start >= day && h.start < day + DAY_MS);
      expect(hourly).toHaveLength(24);
      withinOneBucket(rolledQuantile(hourly, 0.95), exactQuantile(days.get(day) ?? [], 0.95));
    }
    // And over every target at once, as a status page's overall line would read it.
    const rolledDays = new Set(Object.values(snapshot.daily).flatMap((list) => list.map((d) => d.start)));
    const everything = [...raw.values()].flatMap((days) =>
      [...rolledDays].flatMap((start) => days.get(start) ?? []),
    );
    withinOneBucket(
      rolledQuantile(Object.values(snapshot.daily).flat(), 0.95),
      exactQuantile(everything, 0.95),
    );
    // The histogram is not a tautology: the raw samples spread over more than one bucket.
    expect(histogramOf(everything).filter((n) => n > 0).length).toBeGreaterThan(1);
  }, 60_000);
});
