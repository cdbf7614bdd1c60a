import type { ResolveOutcome } from '../../src/model/types.js';
import { type ResolvePolicy, resolveDeployment } from '../../src/resolve/index.js';
import { createGitHubClient } from '../../src/sinks/github/index.js';
import { startGitHubApi } from '../world/github-api.js';
import { scaledClock } from './clocks.js';
import { harness } from './harness.js';
import { eventContext, OTHER_SHA, SHA } from './run-context.js';
import { settingsFrom } from './settings.js';

/** From the push to the `success` status of Vercel's GitHub deployment. */
export const GITHUB_BUILD_MS = 180_000;
/** When Vercel's GitHub integration creates the deployment (`pending`), and when it turns `in_progress`. */
const APPEARS_AFTER_MS = 10_000;
const BUILDING_AFTER_MS = 20_000;
export const GITHUB_WAIT_URL = 'https://shop-gh3m-acme.vercel.app';

/**
 * Without a Vercel token: waits on the GitHub deployment Vercel's integration creates for a 3-minute build,
 * with the default (production) policy and the action's own Octokit client, against the simulated GitHub
 * API, on a clock running `speed`× faster. Counts what GitHub saw: requests that cost rate limit (every
 * answer but a 304) and the free 304s. Shared by the request-budget test and `npm run bench`.
 */
export async function threeMinuteGitHubWait(
  options: { speed?: number; policy?: Partial<ResolvePolicy> } = {},
): Promise<{
  outcome: Extract<ResolveOutcome, { kind: 'ready' }>;
  requests: number;
  /** Answers other than 304: what counted against GitHub's primary rate limit. */
  rateLimited: number;
  notModified: number;
}> {
  const clock = scaledClock(options.speed ?? 120);
  const sim = await startGitHubApi();
  const h = harness({ clock });
  const stopTimeline = new AbortController();
  try {
    // An earlier deployment from Vercel: the repository has the integration, so the gate waits for this one.
    sim.addDeployment({
      sha: OTHER_SHA,
      environment: 'Preview',
      statuses: [{ state: 'success', environment_url: 'https://shop-old-acme.vercel.app' }],
    });
    const timeline = (async () => {
      await clock.sleep(APPEARS_AFTER_MS, stopTimeline.signal);
      const d = sim.addDeployment({ sha: SHA, environment: 'Preview', statuses: [{ state: 'pending' }] });
      await clock.sleep(BUILDING_AFTER_MS - APPEARS_AFTER_MS, stopTimeline.signal);
      sim.addStatus(d.id, { state: 'in_progress' });
      await clock.sleep(GITHUB_BUILD_MS - BUILDING_AFTER_MS, stopTimeline.signal);
      sim.addStatus(d.id, { state: 'success', environment_url: GITHUB_WAIT_URL });
    })().catch(() => undefined);

    const context = { ...eventContext({ sha: SHA }), apiUrl: sim.url };
    const outcome = await resolveDeployment({
      settings: settingsFrom({ 'wait-timeout': '10m' }),
      context,
      deps: h.deps,
      github: createGitHubClient('ghs_simulated', context, h.deps),
      policy: options.policy,
    });
    if (outcome.kind !== 'ready') throw new Error(`${outcome.reason}: ${outcome.message}`);
    await timeline;
    const notModified = sim.notModifiedCount();
    return {
      outcome,
      requests: sim.requests.length,
      rateLimited: sim.requests.length - notModified,
      notModified,
    };
  } finally {
    stopTimeline.abort();
    await h.close();
    await sim.close();
    sim.assertNoViolations();
  }
}
