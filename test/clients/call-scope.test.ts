import { describe, expect, it } from 'vitest';
import { CallScope, defaultRetryLimits } from '../../src/clients/call-scope.js';
import { Interrupted } from '../../src/clients/errors.js';
import type { Deps } from '../../src/model/deps.js';
import { abortableSleep, systemClock } from '../../src/util/clock.js';

const silent = { debug() {}, info() {}, warning() {}, error() {} };

function scope(budgetMs: number, signal = new AbortController().signal): CallScope {
  const deps = { clock: systemClock, logger: silent, random: () => 0.5, signal } as unknown as Deps;
  return new CallScope(deps, { budgetMs, requestTimeoutMs: 1_000, ...defaultRetryLimits });
}

describe('CallScope', () => {
  it('cuts each request to what is left of its budget', () => {
    const calls = scope(300);
    expect(calls.requestTimeoutMs()).toBeLessThanOrEqual(300);
    expect(calls.requestTimeoutMs(50)).toBe(50);
    calls.dispose();
  });

  it('aborts its signal when the budget runs out, and says so', async () => {
    const calls = scope(30);
    await abortableSleep(60);
    expect(calls.signal.aborted).toBe(true);
    expect(calls.interruption()?.why).toBe('wait-timeout');
    await expect(calls.sleep(1_000)).rejects.toBeInstanceOf(Interrupted);
    calls.dispose();
  });

  it('ends a sleep at once when the run is cancelled', async () => {
    const run = new AbortController();
    const calls = scope(5_000, run.signal);
    const slept = calls.sleep(5_000);
    run.abort();
    await expect(slept).rejects.toMatchObject({ why: 'cancelled' });
    calls.dispose();
  });
});
