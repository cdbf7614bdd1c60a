import { afterEach, describe, expect, it } from 'vitest';
import { resolveDeployment } from '../../src/resolve/index.js';
import { startVercelApi, type VercelSim } from '../world/vercel-api.js';
import { contextFor, type Harness, harness, SHA, scaledClock, settingsFrom } from './harness.js';

// A 3-minute build with the default (production) policy, on a clock running 300× faster: the request budget
// of the stream and of the polling fallback, measured against the simulated Vercel API.
const SPEED = 300;
const BUILD_MS = 180_000;

let sim: VercelSim | undefined;
let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  await sim?.close();
});

async function threeMinuteBuild(options: { stream: boolean }) {
  const clock = scaledClock(SPEED);
  sim = await startVercelApi({ now: clock.now });
  h = harness({ clock });
  if (!options.stream) sim.refuseEventsStream(404);
  sim.addDeployment({
    project: 'web',
    sha: SHA,
    timeline: [
      { state: 'QUEUED', afterMs: 0 },
      { state: 'BUILDING', afterMs: 5_000 },
      { state: 'READY', afterMs: BUILD_MS },
    ],
  });
  const outcome = await resolveDeployment({
    settings: settingsFrom({
      'vercel-token': 'tok',
      'vercel-project': 'web',
      'vercel-api-url': sim.url,
      'wait-timeout': '10m',
    }),
    context: contextFor({ sha: SHA }),
    deps: h.deps,
    github: undefined,
  });
  if (outcome.kind !== 'ready') throw new Error(`${outcome.reason}: ${outcome.message}`);
  return outcome;
}

describe('request budget for a 3-minute build (default policy, scaled clock)', () => {
  it('the events stream needs a handful of requests and sees READY within seconds', async () => {
    const outcome = await threeMinuteBuild({ stream: true });
    // list, stream, two safety confirmations while it is open, the final confirmation
    expect(outcome.requests).toBeLessThanOrEqual(6);
    expect(outcome.waitedMs).toBeGreaterThanOrEqual(BUILD_MS);
    expect(outcome.waitedMs).toBeLessThan(BUILD_MS + 8_000);
  });

  it('polling costs no more than ~25 requests and still sees READY within ~10 s', async () => {
    const outcome = await threeMinuteBuild({ stream: false });
    expect(outcome.requests).toBeLessThanOrEqual(25);
    expect(outcome.requests).toBeGreaterThanOrEqual(15);
    expect(outcome.waitedMs).toBeLessThan(BUILD_MS + 12_000);
  });
});
