import { describe, expect, it } from 'vitest';
// @ts-expect-error: the page is plain browser JavaScript (checked with // @ts-check), imported here as a module.
import * as page from '../../src/dashboard/site/dashboard.js';
import { HISTOGRAM_BOUNDS_MS, histogramOf, quantile } from '../../src/history/histogram.js';

// The page computes p50/p95 in the browser with its own copy of the histogram code (it loads no TypeScript):
// held here to the history's, so the page and the monitor never disagree about a number.

describe('the dashboard page’s histogram arithmetic', () => {
  it('uses the same bucket bounds as the history', () => {
    expect(page.HISTOGRAM_BOUNDS_MS).toEqual(HISTOGRAM_BOUNDS_MS);
  });

  it('computes the same quantiles as the history', () => {
    let seed = 7;
    const random = () => {
      seed = (seed * 48_271) % 2_147_483_647;
      return seed / 2_147_483_647;
    };
    for (let round = 0; round < 200; round++) {
      const values = Array.from({ length: 1 + Math.floor(random() * 300) }, () => Math.exp(random() * 9));
      const histogram = histogramOf(values);
      const range = { min: Math.min(...values), max: Math.max(...values) };
      for (const q of [0.5, 0.95, 0.99]) {
        expect(page.quantile(histogram, q, range)).toBe(quantile(histogram, q, range));
      }
    }
  });
});
