import { describe, expect, it } from 'vitest';
import { rollbarRequestedDelay } from '../../src/clients/retry-after.js';

const NOW = Date.parse('2025-10-12T10:00:00Z');

describe("Rollbar's rate-limit headers", () => {
  it('prefer Retry-After when Rollbar (or a proxy) sends it', () => {
    expect(rollbarRequestedDelay(429, { 'retry-after': '7' }, NOW)).toBe(7_000);
  });

  it('read the countdown, which a skewed runner clock cannot spoil', () => {
    const headers = {
      'x-rate-limit-remaining': '0',
      'x-rate-limit-remaining-seconds': '42',
      'x-rate-limit-reset': String(NOW / 1000 + 9_999),
    };
    expect(rollbarRequestedDelay(429, headers, NOW)).toBe(42_000);
  });

  it('fall back to the reset time (epoch seconds)', () => {
    const headers = { 'x-rate-limit-remaining': '0', 'x-rate-limit-reset': String(NOW / 1000 + 30) };
    expect(rollbarRequestedDelay(429, headers, NOW)).toBe(30_000);
  });

  it('say nothing while calls remain, or when the headers are unreadable', () => {
    const reset = String(NOW / 1000 + 30);
    expect(
      rollbarRequestedDelay(500, { 'x-rate-limit-remaining': '12', 'x-rate-limit-reset': reset }, NOW),
    ).toBe(undefined);
    expect(rollbarRequestedDelay(429, { 'x-rate-limit-reset': 'soon' }, NOW)).toBeUndefined();
    expect(rollbarRequestedDelay(429, {}, NOW)).toBeUndefined();
  });
});
