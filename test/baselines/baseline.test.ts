import { describe, expect, it } from 'vitest';
import {
  BASELINE_MIN_RUNS,
  BASELINE_MIN_SAMPLES,
  productionBaseline,
  wilson,
} from '../../src/baselines/baseline.js';
import { HOUR, MIN, run, T0 } from './fixtures.js';

const NOW = T0 + 24 * HOUR;
const WINDOW = 24 * HOUR;
/** `count` runs 5 minutes apart ending just before NOW, each with `samples`. */
const runs = (count: number, samples: Parameters<typeof run>[1], options?: Parameters<typeof run>[2]) =>
  Array.from({ length: count }, (_, i) => run(NOW - (count - i) * 5 * MIN, samples, options));

describe('productionBaseline', () => {
  it('pools the health samples for the response times and the error rate', () => {
    const records = runs(12, [
      [100, 200],
      [200, 200],
      [300, 200],
      [10_000, undefined],
    ]);
    // 36 answered samples: 12 × 100, 200, 300; p95 by nearest rank is the 35th: 300.
    expect(productionBaseline(records, 'avg_response_time', NOW, WINDOW)).toEqual({
      value: 200,
      samples: 36,
      runs: 12,
      method: 'samples',
    });
    expect(productionBaseline(records, 'p95_response_time', NOW, WINDOW)).toMatchObject({
      value: 300,
      samples: 36,
    });
    expect(productionBaseline(records, 'max_response_time', NOW, WINDOW)).toMatchObject({ value: 300 });
    // 12 timeouts of 48 samples.
    expect(productionBaseline(records, 'error_rate', NOW, WINDOW)).toEqual({
      value: 25,
      samples: 48,
      runs: 12,
      method: 'samples',
    });
  });

  it('takes the median of the runs’ values for services and extended metrics', () => {
    const records = Array.from({ length: 31 }, (_, i) =>
      run(NOW - (31 - i) * 5 * MIN, [[100, 200]], {
        services: [{ key: 'db', ms: i }],
        metrics: { metrics_cpu: 100 - i },
      }),
    );
    expect(productionBaseline(records, 'db_response_time', NOW, WINDOW)).toEqual({
      value: 15,
      samples: 31,
      runs: 31,
      method: 'run-median',
    });
    expect(productionBaseline(records, 'metrics_cpu', NOW, WINDOW)).toMatchObject({ value: 85 });
    expect(productionBaseline(records, 'metrics_memory', NOW, WINDOW)).toEqual({
      missing: "production's 24 h history holds 31 runs and none has a value of metrics_memory",
    });
  });

  it('reads only [now − window, now)', () => {
    const inside = runs(12, [
      [100, 200],
      [100, 200],
      [100, 200],
    ]);
    const records = [
      run(NOW - WINDOW - 1, [[5000, 200]]),
      run(NOW - WINDOW, [[100, 200]]),
      ...inside,
      run(NOW, [[5000, 200]]),
    ];
    expect(productionBaseline(records, 'max_response_time', NOW, WINDOW)).toMatchObject({
      value: 100,
      samples: 37,
      runs: 13,
    });
  });

  it('is missing, saying why, below 30 samples or 10 runs', () => {
    expect([BASELINE_MIN_SAMPLES, BASELINE_MIN_RUNS]).toEqual([30, 10]);
    const few = runs(3, [
      [100, 200],
      [100, 200],
      [10_000, undefined],
    ]);
    expect(productionBaseline(few, 'p95_response_time', NOW, WINDOW)).toEqual({
      missing:
        "production's 24 h history holds 6 answered samples from 3 runs; baseline rules need at least 30 from 10 runs",
    });
    expect(productionBaseline(few, 'error_rate', NOW, 6 * HOUR)).toEqual({
      missing:
        "production's 6 h history holds 9 samples from 3 runs; baseline rules need at least 30 from 10 runs",
    });
    // Many samples from few runs are not enough either: one bad minute is not production.
    const crowded = runs(
      5,
      Array.from({ length: 10 }, (): [number, number] => [100, 200]),
    );
    expect(productionBaseline(crowded, 'avg_response_time', NOW, WINDOW)).toMatchObject({
      missing: expect.stringContaining('holds 50 answered samples from 5 runs'),
    });
    expect(productionBaseline([], 'avg_response_time', NOW, WINDOW)).toEqual({
      missing:
        "production's 24 h history holds 0 answered samples from 0 runs; baseline rules need at least 30 from 10 runs",
    });
  });

  it('exports the Wilson interval for an error-rate baseline', () => {
    expect(wilson(0, 20, 1.96)?.high).toBeCloseTo(0.1611, 4);
  });
});
