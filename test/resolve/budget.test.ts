import { describe, expect, it } from 'vitest';
import { BUILD_MS, threeMinuteBuild } from '../support/three-minute-build.js';

// A 3-minute build with the default (production) policy, on a clock running 300× faster: the request budget
// of the stream and of the polling fallback, measured against the simulated Vercel API.
/** Three real milliseconds on the 300× clock. */
const CLOCK_SLACK_MS = 900;

describe('request budget for a 3-minute build (default policy, scaled clock)', () => {
  it('the events stream needs a handful of requests and sees READY within seconds', async () => {
    const { outcome, apiRequests, readyAfterMs } = await threeMinuteBuild({ stream: true });
    // list, stream, two safety confirmations while it is open, the final confirmation
    expect(outcome.requests).toBeLessThanOrEqual(6);
    expect(apiRequests).toBe(outcome.requests);
    // On a clock 300× faster, a real millisecond is 0.3 s: measure from when READY really happened, and allow
    // the few real milliseconds between taking that start time and the resolver taking its own.
    expect(readyAfterMs).toBeGreaterThan(BUILD_MS - 5_000);
    expect(outcome.waitedMs).toBeGreaterThanOrEqual(readyAfterMs - CLOCK_SLACK_MS);
    expect(outcome.waitedMs).toBeLessThan(readyAfterMs + 8_000);
  });

  it('polling costs no more than ~25 requests and still sees READY within ~10 s', async () => {
    const { outcome, apiRequests, readyAfterMs } = await threeMinuteBuild({ stream: false });
    expect(apiRequests).toBeLessThanOrEqual(25);
    expect(outcome.requests).toBeGreaterThanOrEqual(15);
    expect(outcome.waitedMs).toBeGreaterThanOrEqual(readyAfterMs - CLOCK_SLACK_MS);
    expect(outcome.waitedMs).toBeLessThan(readyAfterMs + 12_000);
  });
});
