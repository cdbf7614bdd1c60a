import { describe, expect, it } from 'vitest';
import {
  BUCKET_RATIO,
  bucketOf,
  HISTOGRAM_BOUNDS_MS,
  histogramOf,
  mergeHistograms,
  quantile,
} from '../../src/history/histogram.js';

/** A deterministic pseudo-random source (mulberry32), so a failure can be replayed. */
function seeded(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const exactQuantile = (values: number[], q: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.max(1, Math.ceil(q * sorted.length)) - 1] as number;
};

describe('latency histogram', () => {
  it('has fixed log-spaced bounds from 1 ms to about 63 s, five a decade, and an open last bucket', () => {
    expect(HISTOGRAM_BOUNDS_MS).toHaveLength(26);
    expect(HISTOGRAM_BOUNDS_MS[0]).toBe(1);
    expect(HISTOGRAM_BOUNDS_MS[5]).toBe(10);
    expect(HISTOGRAM_BOUNDS_MS[20]).toBe(10_000);
    expect(HISTOGRAM_BOUNDS_MS[24]).toBeCloseTo(63_096, 0);
    expect(HISTOGRAM_BOUNDS_MS[25]).toBe(Number.POSITIVE_INFINITY);
    for (let i = 1; i < 25; i++) {
      const ratio = (HISTOGRAM_BOUNDS_MS[i] as number) / (HISTOGRAM_BOUNDS_MS[i - 1] as number);
      expect(ratio).toBeCloseTo(BUCKET_RATIO, 3);
    }
  });

  it('puts a value on a bound into the bucket that bound ends', () => {
    expect(bucketOf(0)).toBe(0);
    expect(bucketOf(1)).toBe(0);
    expect(bucketOf(1.01)).toBe(1);
    expect(bucketOf(10)).toBe(5);
    expect(bucketOf(120_000)).toBe(25);
  });

  it('merges by adding counts, so a merged histogram is the histogram of all samples', () => {
    const a = [5, 50, 500];
    const b = [7, 70, 7000, 90_000];
    expect(mergeHistograms([histogramOf(a), histogramOf(b)])).toEqual(histogramOf([...a, ...b]));
    // A shorter stored histogram counts as zeros in its missing buckets.
    expect(mergeHistograms([[1], histogramOf([])])[0]).toBe(1);
  });

  it('gives p50 and p95 within one bucket ratio of the exact quantiles of the raw samples', () => {
    const random = seeded(42);
    const shapes: Array<() => number> = [
      () => 20 + random() * 300, // uniform
      () => Math.exp(Math.log(80) + 0.8 * (random() + random() + random() - 1.5)), // log-normal-ish
      () => (random() < 0.9 ? 40 + random() * 20 : 2000 + random() * 8000), // bimodal: slow tail
    ];
    for (const draw of shapes) {
      for (const n of [1, 3, 36, 864, 10_000]) {
        const values = Array.from({ length: n }, draw);
        const histogram = histogramOf(values);
        const range = { min: Math.min(...values), max: Math.max(...values) };
        for (const q of [0.5, 0.95, 0.99]) {
          const exact = exactQuantile(values, q);
          const estimate = quantile(histogram, q, range) as number;
          expect(estimate / exact, `q=${q} n=${n}`).toBeLessThanOrEqual(BUCKET_RATIO * 1.0001);
          expect(exact / estimate, `q=${q} n=${n}`).toBeLessThanOrEqual(BUCKET_RATIO * 1.0001);
        }
      }
    }
  });

  it('is exact for a single value and empty for no samples', () => {
    expect(quantile(histogramOf([123]), 0.95, { min: 123, max: 123 })).toBe(123);
    expect(quantile(histogramOf([]), 0.5)).toBeUndefined();
  });
});
