import { describe, expect, it } from 'vitest';
import {
  MAD_TO_SIGMA,
  medianOf,
  RELATIVE_SCALE_FLOOR,
  robustScale,
  scaledMad,
  scaleFloor,
} from '../../src/baselines/robust.js';

describe('median and scaled MAD', () => {
  it('match the hand-computed values', () => {
    // Sorted 1 1 2 2 4 6 9: median 2; |x − 2| = 1 1 0 0 2 4 7 → sorted 0 0 1 1 2 4 7, median 1.
    const values = [2, 6, 1, 9, 1, 4, 2];
    expect(medianOf(values)).toBe(2);
    expect(scaledMad(values)).toBeCloseTo(1.4826, 10);
    // The caller's array is left as it was.
    expect(values).toEqual([2, 6, 1, 9, 1, 4, 2]);
  });

  it('ignores one wild value, where a standard deviation would not', () => {
    const calm = [100, 102, 98, 101, 99, 100, 103, 97];
    const wild = [...calm.slice(0, -1), 5000];
    expect(scaledMad(wild)).toBeLessThan(2 * scaledMad(calm));
  });
});

describe('robustScale', () => {
  it('is the scaled MAD when that is above the floor', () => {
    const values = [100, 120, 80, 110, 90, 130, 70];
    // median 100; deviations 0 20 20 10 10 30 30 → MAD 20
    expect(robustScale(values, 100, 'ms')).toEqual({
      scale: 20 * MAD_TO_SIGMA,
      mad: 20 * MAD_TO_SIGMA,
      source: 'mad',
    });
  });

  it('is the floor for a flat series: 5 % of the level, at least 1 ms or half a percentage point', () => {
    const flat = Array.from({ length: 30 }, () => 200);
    expect(RELATIVE_SCALE_FLOOR).toBe(0.05);
    expect(robustScale(flat, 200, 'ms')).toEqual({ scale: 10, mad: 0, source: 'floor' });
    expect(scaleFloor(4, 'ms')).toBe(1);
    expect(scaleFloor(2, 'percent')).toBe(0.5);
    expect(scaleFloor(40, 'percent')).toBe(2);
    expect(scaleFloor(-300, 'plain')).toBe(15);
  });

  it('falls back to the mean absolute deviation for a plain metric that sits at 0, and gives up on a constant 0', () => {
    const mostlyZero = [...Array.from({ length: 19 }, () => 0), 4];
    // MAD 0 and no floor at level 0: 1.2533 × mean |x − 0| = 1.2533 × 4 / 20
    const scale = robustScale(mostlyZero, 0, 'plain');
    expect(scale?.source).toBe('mean-deviation');
    expect(scale?.scale).toBeCloseTo(1.2533 * 0.2, 10);
    expect(
      robustScale(
        Array.from({ length: 20 }, () => 0),
        0,
        'plain',
      ),
    ).toBeUndefined();
    expect(robustScale([], 0, 'ms')).toBeUndefined();
  });
});
