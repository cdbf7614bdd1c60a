import type { Histogram } from './types.js';

/**
 * The fixed latency buckets every roll-up shares (part of `schemaVersion: 1`: changing them is a new
 * version). Upper bounds in ms, log-spaced at five per decade: 10^(k/5) for k = 0…24, that is 1, 1.58, 2.51,
 * 3.98, 6.31, 10, 15.8, … 39,811, 63,096 ms, then one bucket for anything slower (+Infinity): 26 buckets.
 * Bucket i counts the samples with BOUNDS[i-1] < ms ≤ BOUNDS[i] (bucket 0: ms ≤ 1).
 *
 * Neighbouring bounds differ by the factor {@link BUCKET_RATIO} (≈ 1.585), so a quantile read from the
 * histogram lies in the same bucket as the exact quantile of the samples: within that factor of it.
 */
export const HISTOGRAM_BOUNDS_MS: readonly number[] = [
  ...Array.from({ length: 25 }, (_, k) => Number((10 ** (k / 5)).toPrecision(5))),
  Number.POSITIVE_INFINITY,
];

/** The ratio of neighbouring bucket bounds: the worst-case error factor of {@link quantile}. */
export const BUCKET_RATIO = 10 ** (1 / 5);

export const emptyHistogram = (): Histogram => HISTOGRAM_BOUNDS_MS.map(() => 0);

/** The index of the bucket `ms` falls in. */
export function bucketOf(ms: number): number {
  const value = Math.max(0, ms);
  // Binary search for the first bound ≥ value.
  let lo = 0;
  let hi = HISTOGRAM_BOUNDS_MS.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((HISTOGRAM_BOUNDS_MS[mid] as number) >= value) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/** Counts `values` into a new histogram. */
export function histogramOf(values: readonly number[]): Histogram {
  const histogram = emptyHistogram();
  for (const value of values) histogram[bucketOf(value)] = (histogram[bucketOf(value)] ?? 0) + 1;
  return histogram;
}

/** Sum of histograms (a stored one may be shorter: a missing bucket counts 0). */
export function mergeHistograms(parts: readonly Histogram[]): Histogram {
  const sum = emptyHistogram();
  for (const part of parts) {
    for (let i = 0; i < sum.length; i++) sum[i] = (sum[i] ?? 0) + (part[i] ?? 0);
  }
  return sum;
}

export const histogramCount = (histogram: Histogram): number => histogram.reduce((a, b) => a + b, 0);

/**
 * The `q` quantile (0 < q ≤ 1) by nearest rank: the bucket holding the ⌈q·n⌉-th smallest sample, and inside it
 * a log-linear interpolation by rank, clamped to `range` (the roll-up's min and max) when given. The exact
 * nearest-rank quantile of the samples lies in the same bucket, so the answer is within {@link BUCKET_RATIO}
 * of it (and exact when every sample of that bucket had one value at a clamped end). Undefined when empty.
 */
export function quantile(
  histogram: Histogram,
  q: number,
  range?: { min: number; max: number },
): number | undefined {
  const n = histogramCount(histogram);
  if (n === 0) return undefined;
  const rank = Math.min(n, Math.max(1, Math.ceil(q * n)));
  let seen = 0;
  for (let i = 0; i < histogram.length; i++) {
    const count = histogram[i] ?? 0;
    if (count === 0 || seen + count < rank) {
      seen += count;
      continue;
    }
    let lo = i === 0 ? 0 : (HISTOGRAM_BOUNDS_MS[i - 1] as number);
    let hi = HISTOGRAM_BOUNDS_MS[i] as number;
    if (range) {
      lo = Math.max(lo, Math.min(range.min, hi));
      hi = Math.min(hi, Math.max(range.max, lo));
    }
    if (!Number.isFinite(hi)) return lo;
    const within = (rank - seen) / count;
    const value = lo > 0 ? lo * (hi / lo) ** within : lo + (hi - lo) * within;
    return Math.round(value * 1000) / 1000;
  }
  return undefined;
}
