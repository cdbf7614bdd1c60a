import { describe, expect, it } from 'vitest';
import { countsOf, metricUnit, runValues, seriesOf } from '../../src/baselines/series.js';
import { MIN, run, T0 } from './fixtures.js';

describe('runValues', () => {
  it('computes the response times over the answered samples and the error rate over all of them', () => {
    const record = run(T0, [
      [100, 200],
      [300, 200],
      [10_000, undefined], // a timeout: an error, not a latency
      [200, 503], // answered (a latency) and an error
    ]);
    expect(runValues(record)).toEqual({
      avg_response_time: 200, // (100 + 300 + 200) / 3
      p95_response_time: 300, // nearest rank: ceil(0.95 × 3) = 3rd of [100, 200, 300]
      max_response_time: 300,
      error_rate: 50, // 2 of 4
    });
  });

  it('takes p95 by nearest rank, as the gate does', () => {
    const samples = Array.from({ length: 20 }, (_, i): [number, number] => [(i + 1) * 10, 200]);
    // ceil(0.95 × 20) = 19th smallest of 10…200
    expect(runValues(run(T0, samples)).p95_response_time).toBe(190);
  });

  it('adds each service with a time and every extended metric; the samples win a clash of names', () => {
    const record = run(T0, [[120, 200]], {
      services: [{ key: 'db', ms: 12 }, { key: 'cache' }, { key: 'avg', ms: 5 }],
      metrics: { metrics_cpu: 41.5, database_poolUsage: 0.7, avg_response_time: 1, metrics_bad: Number.NaN },
    });
    expect(runValues(record)).toEqual({
      avg_response_time: 120,
      p95_response_time: 120,
      max_response_time: 120,
      error_rate: 0,
      db_response_time: 12,
      metrics_cpu: 41.5,
      database_poolUsage: 0.7,
    });
  });

  it('has no latency when nothing answered, and nothing from the samples without samples', () => {
    expect(runValues(run(T0, [[10_000, undefined]]))).toEqual({ error_rate: 100 });
    expect(runValues(run(T0, []))).toEqual({});
  });
});

describe('seriesOf and countsOf', () => {
  const records = [
    run(T0 + 10 * MIN, [[300, 200]], { metrics: { metrics_cpu: 3 } }),
    run(
      T0,
      [
        [100, 200],
        [10_000, undefined],
      ],
      { metrics: { metrics_cpu: 1 } },
    ),
    run(T0 + 5 * MIN, [[10_000, undefined]]),
    run(T0 + 15 * MIN, []),
  ];

  it('lists the runs that have a value, oldest first', () => {
    expect(seriesOf(records, 'avg_response_time')).toEqual([
      { at: T0, value: 100 },
      { at: T0 + 10 * MIN, value: 300 },
    ]);
    expect(seriesOf(records, 'metrics_cpu').map((p) => p.value)).toEqual([1, 3]);
    expect(seriesOf(records, 'error_rate').map((p) => p.value)).toEqual([50, 100, 0]);
    // Names that are properties of every object are not values.
    expect(seriesOf(records, 'constructor')).toEqual([]);
    expect(seriesOf(records, 'nothing')).toEqual([]);
  });

  it('counts errors and samples per run, leaving out runs without samples', () => {
    expect(countsOf(records)).toEqual([
      { at: T0, errors: 1, samples: 2 },
      { at: T0 + 5 * MIN, errors: 1, samples: 1 },
      { at: T0 + 10 * MIN, errors: 0, samples: 1 },
    ]);
  });
});

describe('metricUnit', () => {
  it('reads the unit from the name where the name tells', () => {
    expect(metricUnit('avg_response_time')).toBe('ms');
    expect(metricUnit('database_response_time')).toBe('ms');
    expect(metricUnit('error_rate')).toBe('percent');
    expect(metricUnit('metrics_cpu')).toBe('plain');
  });
});
