import { describe, expect, it } from 'vitest';
import { BUCKET_RATIO, quantile } from '../../src/history/histogram.js';
import { mergeRollUps, rollUpRuns } from '../../src/history/rollup.js';
import type { RollUp } from '../../src/history/types.js';
import { HOUR, MIN, record, T0 } from './fixtures.js';

describe('roll-ups', () => {
  it('count runs, failed runs, samples, errors, latency and services of an hour', () => {
    const rolled = rollUpRuns(T0, [
      record('shop', T0, { ms: [100, 200, 300] }),
      record('shop', T0 + 5 * MIN, { ms: [400, undefined, 600], status: 'unhealthy' }),
    ]);
    expect(rolled).toMatchObject({
      start: T0,
      runs: 2,
      failedRuns: 1,
      worst: 'unhealthy',
      samples: 6,
      // The unhealthy run's samples are all errors (503 and a timeout).
      errors: 3,
      latency: { min: 100, max: 600, mean: 320 },
      services: {
        db: { runs: 2, failed: 1, meanMs: 12, msRuns: 2 },
        cache: { runs: 2, failed: 0, meanMs: 3 },
      },
    });
    // The timeout's 10 s is not a latency.
    expect(rolled?.latency?.histogram.reduce((a, b) => a + b, 0)).toBe(5);
    expect(rollUpRuns(T0, [])).toBeUndefined();
  });

  it('do not depend on the order of the records', () => {
    const records = [record('a', T0 + 1, { ms: [5] }), record('a', T0 + 2, { ms: [9] }), record('a', T0 + 3)];
    expect(rollUpRuns(T0, [...records].reverse())).toEqual(rollUpRuns(T0, records));
  });

  it('merge by summing: hours into a day equal the roll-up of all raw runs', () => {
    const day: ReturnType<typeof record>[][] = [];
    for (let h = 0; h < 24; h++) {
      day.push(
        Array.from({ length: 12 }, (_, i) =>
          record('shop', T0 + h * HOUR + i * 5 * MIN, {
            ms: [50 + h * 10 + i, 80 + i * 3, h === 13 ? 4000 : 60],
            status: h === 13 && i < 4 ? 'degraded' : 'healthy',
          }),
        ),
      );
    }
    const hours = day.map((runs, h) => rollUpRuns(T0 + h * HOUR, runs) as RollUp);
    const merged = mergeRollUps(T0, [...hours].reverse()) as RollUp;
    const direct = rollUpRuns(T0, day.flat()) as RollUp;
    expect(merged.runs).toBe(direct.runs);
    expect(merged.failedRuns).toBe(direct.failedRuns);
    expect(merged.worst).toBe('degraded');
    expect(merged.samples).toBe(direct.samples);
    expect(merged.errors).toBe(direct.errors);
    expect(merged.latency?.histogram).toEqual(direct.latency?.histogram);
    expect(merged.latency?.min).toBe(direct.latency?.min);
    expect(merged.latency?.max).toBe(direct.latency?.max);
    expect(merged.latency?.mean).toBeCloseTo(direct.latency?.mean ?? 0, 2);
    expect(merged.services).toEqual(direct.services);
    // p95 of the day from the merged histogram is within one bucket of the exact p95 of the raw samples.
    const all = day
      .flat()
      .flatMap((r) => r.samples.map((s) => s.ms))
      .sort((a, b) => a - b);
    const exact = all[Math.ceil(0.95 * all.length) - 1] as number;
    const latency = merged.latency as NonNullable<RollUp['latency']>;
    const p95 = quantile(latency.histogram, 0.95, latency) as number;
    expect(Math.max(p95 / exact, exact / p95)).toBeLessThanOrEqual(BUCKET_RATIO);
  });

  it('merge is the same whichever way parts are grouped', () => {
    const parts = [0, 1, 2, 3].map(
      (h) => rollUpRuns(T0 + h * HOUR, [record('a', T0 + h * HOUR, { ms: [h * 100 + 7] })]) as RollUp,
    );
    const once = mergeRollUps(T0, parts);
    const inTwo = mergeRollUps(T0, [
      mergeRollUps(T0, parts.slice(0, 2)) as RollUp,
      mergeRollUps(T0 + 2 * HOUR, parts.slice(2)) as RollUp,
    ]);
    expect(inTwo).toEqual(once);
  });
});

describe('roll-ups’ per-metric values', () => {
  it('hold each metric’s runs and the mean of their values, as anomaly rules take them', () => {
    const rolled = rollUpRuns(T0, [
      record('shop', T0, { ms: [100, 200, 300] }),
      { ...record('shop', T0 + 5 * MIN, { ms: [400, undefined, 600] }), metrics: { metrics_cpu: 40 } },
      { ...record('shop', T0 + 10 * MIN, { ms: [undefined] }), metrics: { metrics_cpu: 50.12345 } },
    ]) as RollUp;
    expect(rolled.values).toEqual({
      // Run averages 200 and 500 (the timeout is no latency); the third run had no answer.
      avg_response_time: { n: 2, mean: 350 },
      max_response_time: { n: 2, mean: 450 },
      metrics_cpu: { n: 2, mean: 45.062 },
      p95_response_time: { n: 2, mean: 450 },
    });
    // In name order, so the same runs always write the same bytes.
    expect(Object.keys(rolled.values ?? {})).toEqual([...Object.keys(rolled.values ?? {})].sort());
  });

  it('leave out what the roll-up holds already (service times) and what no profile reads (error rate)', () => {
    const rolled = rollUpRuns(T0, [record('shop', T0)]) as RollUp;
    expect(Object.keys(rolled.values ?? {})).toEqual([
      'avg_response_time',
      'max_response_time',
      'p95_response_time',
    ]);
    expect(rolled.services.db?.meanMs).toBe(12);
  });

  it('merge by the mean weighted with the runs, in any order and grouping; older parts without values add nothing', () => {
    const parts = [0, 1, 2].map(
      (h) =>
        rollUpRuns(
          T0 + h * HOUR,
          Array.from({ length: h + 1 }, (_, i) =>
            record('a', T0 + h * HOUR + i * 5 * MIN, { ms: [100 * (h + 1)] }),
          ),
        ) as RollUp,
    );
    const merged = mergeRollUps(T0, parts) as RollUp;
    // 1 run of 100, 2 of 200, 3 of 300: (100 + 400 + 900) / 6.
    expect(merged.values?.avg_response_time).toEqual({ n: 6, mean: 233.333 });
    expect(mergeRollUps(T0, [...parts].reverse())).toEqual(merged);
    const old = { ...(parts[0] as RollUp), start: T0 + 5 * HOUR, values: undefined };
    expect(mergeRollUps(T0, [...parts, old])?.values).toEqual(merged.values);
    expect(mergeRollUps(T0, [old])?.values).toBeUndefined();
  });

  it('of a day merged from hours equal those of the raw runs', () => {
    const day = Array.from({ length: 24 * 12 }, (_, i) =>
      record('shop', T0 + i * 5 * MIN, {
        ms: [50 + (i % 7) * 13, 80 + (i % 3), i % 50 === 0 ? undefined : 60],
      }),
    );
    const hours = Array.from(
      { length: 24 },
      (_, h) => rollUpRuns(T0 + h * HOUR, day.slice(h * 12, h * 12 + 12)) as RollUp,
    );
    const merged = mergeRollUps(T0, hours) as RollUp;
    const direct = rollUpRuns(T0, day) as RollUp;
    expect(Object.keys(merged.values ?? {})).toEqual(Object.keys(direct.values ?? {}));
    for (const [metric, entry] of Object.entries(direct.values ?? {})) {
      expect(merged.values?.[metric]?.n).toBe(entry.n);
      expect(merged.values?.[metric]?.mean).toBeCloseTo(entry.mean, 2);
    }
  });
});
