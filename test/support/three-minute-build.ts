import type { ResolveOutcome } from '../../src/model/types.js';
import { resolveDeployment } from '../../src/resolve/index.js';
import { startVercelApi } from '../world/vercel-api.js';
import { scaledClock } from './clocks.js';
import { harness } from './harness.js';
import { eventContext, SHA } from './run-context.js';
import { settingsFrom } from './settings.js';

export const BUILD_MS = 180_000;

/**
 * Resolves a 3-minute Vercel build with the default (production) policy against the simulated Vercel API, on
 * a clock running `speed`× faster, and counts the requests the API received. Shared by the request-budget
 * test and `npm run bench`.
 */
export async function threeMinuteBuild(options: { stream: boolean; speed?: number }): Promise<{
  outcome: Extract<ResolveOutcome, { kind: 'ready' }>;
  apiRequests: number;
  /** From the moment the deployment turned READY to the moment the resolver returned (scaled clock ms). */
  readyLagMs: number;
}> {
  const clock = scaledClock(options.speed ?? 300);
  const sim = await startVercelApi({ now: clock.now });
  const h = harness({ clock });
  try {
    if (!options.stream) sim.refuseEventsStream(404);
    const deployment = sim.addDeployment({
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
      context: eventContext({ sha: SHA }),
      deps: h.deps,
      github: undefined,
    });
    const returnedAt = clock.now();
    if (outcome.kind !== 'ready') throw new Error(`${outcome.reason}: ${outcome.message}`);
    return {
      outcome,
      apiRequests: sim.requests.length,
      readyLagMs: returnedAt - (deployment.createdAt + BUILD_MS),
    };
  } finally {
    await h.close();
    await sim.close();
    sim.assertNoViolations();
  }
}
