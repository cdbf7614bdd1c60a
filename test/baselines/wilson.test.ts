import { describe, expect, it } from 'vitest';
import { wilson } from '../../src/baselines/wilson.js';

describe('wilson', () => {
  // Newcombe (1998), Statistics in Medicine 17:857–872, table I, method 3 (score interval without continuity
  // correction), 95 %.
  it.each([
    [81, 263, 0.2553, 0.3662],
    [15, 148, 0.0624, 0.1605],
    [0, 20, 0, 0.1611],
    [1, 29, 0.0061, 0.1718],
  ])('%i of %i → [%f, %f] at z = 1.96', (errors, n, low, high) => {
    const interval = wilson(errors, n, 1.96);
    expect(interval?.low).toBeCloseTo(low, 4);
    expect(interval?.high).toBeCloseTo(high, 4);
  });

  it('is wider at a larger z and for fewer samples, and stays inside [0, 1]', () => {
    const one = wilson(1, 3, 3.5);
    // centre (1/3 + 12.25/6) / (1 + 12.25/3) = 0.4672; half = 3.5 / 5.0833 × √(2/27 + 12.25/36) = 0.4432
    expect(one?.low).toBeCloseTo(0.024, 3);
    expect(one?.high).toBeCloseTo(0.9104, 3);
    expect(wilson(3, 3, 3.5)?.high).toBe(1);
    expect(wilson(0, 3, 3.5)?.low).toBe(0);
    const narrow = wilson(10, 1000, 3.5);
    expect((narrow?.high ?? 1) - (narrow?.low ?? 0)).toBeLessThan(0.03);
  });

  it('is undefined without samples or for impossible counts', () => {
    expect(wilson(0, 0, 2)).toBeUndefined();
    expect(wilson(4, 3, 2)).toBeUndefined();
    expect(wilson(-1, 3, 2)).toBeUndefined();
  });
});
