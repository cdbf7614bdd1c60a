import { describe, expect, it } from 'vitest';
import { BUILD_MS, threeMinuteBuild } from '../support/three-minute-build.js';

// A 3-minute build with the default (production) policy, on a clock running 60× faster (3 s real): the
// request budget of the stream and of the polling fallback, measured against the simulated Vercel API. A
// faster clock would turn a busy machine's few real milliseconds of delay into seconds of "lateness".
const SPEED = 60;

describe('request budget for a 3-minute build (default policy, scaled clock)', () => {
  it('the events stream needs a handful of requests and sees READY within seconds', async () => {
    const { outcome, apiRequests, readyLagMs } = await threeMinuteBuild({ stream: true, speed: SPEED });
    // list, stream, two safety confirmations while it is open, the final confirmation
    expect(outcome.requests).toBeLessThanOrEqual(6);
    expect(apiRequests).toBe(outcome.requests);
    // From READY to the resolver's answer, on the same clock (a real millisecond is 60 ms here).
    expect(outcome.waitedMs).toBeGreaterThan(BUILD_MS - 5_000);
    expect(readyLagMs).toBeGreaterThanOrEqual(0);
    expect(readyLagMs).toBeLessThan(8_000);
  });

  it('polling costs no more than ~25 requests and still sees READY within ~10 s', async () => {
    const { outcome, apiRequests, readyLagMs } = await threeMinuteBuild({ stream: false, speed: SPEED });
    expect(apiRequests).toBeLessThanOrEqual(25);
    expect(outcome.requests).toBeGreaterThanOrEqual(15);
    expect(readyLagMs).toBeGreaterThanOrEqual(0);
    expect(readyLagMs).toBeLessThan(12_000);
  });
});
