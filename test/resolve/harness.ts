import { Octokit } from '@octokit/core';
import type { RunContext } from '../../src/model/run-context.js';
import type { ResolveOutcome } from '../../src/model/types.js';
import { type ResolvePolicy, resolveDeployment } from '../../src/resolve/index.js';
import type { InputName } from '../../src/settings/inputs.js';
import { scaledClock } from '../support/clocks.js';
import { type Harness, harness } from '../support/harness.js';
import { readThrough, startForEachTest } from '../support/read-through.js';
import { type RecordingLogger, recordingLogger } from '../support/recording-logger.js';
import { eventContext as contextFor, OTHER_SHA, SHA } from '../support/run-context.js';
import { settingsFrom } from '../support/settings.js';
import { startVercelApi, type VercelSim } from '../world/vercel-api.js';

export { contextFor, type Harness, harness, OTHER_SHA, SHA, scaledClock, settingsFrom };

/** A plain Octokit (the core the action's client is built on), pointed at the GitHub simulator. */
export function octokitFor(baseUrl: string, token = 'ghs_simulated') {
  return new Octokit({ auth: token, baseUrl });
}

/** Short spacing so builds of a second or two exercise every path quickly. */
export const fastPolicy: Partial<ResolvePolicy> = {
  poll: { initialMs: 50, factor: 1.5, maxMs: 200, jitter: 0.1 },
  retry: { initialMs: 20, factor: 2, maxMs: 100, jitter: 0.1 },
  githubPoll: { initialMs: 50, factor: 1.5, maxMs: 200, jitter: 0.1 },
  streamConfirm: { initialMs: 5000, factor: 2, maxMs: 10_000, jitter: 0.1 },
};

/** The token the resolver tests' Vercel simulators require. */
export const VERCEL_TOKEN = 'vercel-token-sim-123';

/**
 * A Vercel simulator (requiring `token` when given) and a harness, fresh for each test of the calling file.
 * After each test its run is cancelled, both close, and the test fails if the simulator saw a request Vercel's
 * API would reject. Call it at the top of a file; `sim` and `h` read through to the current test's.
 */
export function useVercelSim(options: { token?: string } = {}): { sim: VercelSim; h: Harness } {
  const current = startForEachTest(
    async () => {
      const sim = await startVercelApi();
      if (options.token) sim.requireToken(options.token);
      return { sim, h: harness() };
    },
    async ({ sim, h }) => {
      h.controller.abort();
      await h.close();
      await sim.close();
      sim.assertNoViolations();
    },
  );
  return {
    sim: readThrough(() => current()?.sim, 'The Vercel simulator'),
    h: readThrough(() => current()?.h, 'The test harness'),
  };
}

/**
 * `resolveDeployment` against a Vercel simulator as the resolver tests set it up: project `web`, the fast
 * policy, budgets that end a stuck test in seconds.
 */
export function resolveThroughVercel(
  setup: { sim: { url: string }; h: Harness },
  inputs: Partial<Record<InputName, string>> = {},
  options: { context?: RunContext; policy?: Partial<ResolvePolicy> } = {},
): Promise<ResolveOutcome> {
  const settings = settingsFrom({
    'vercel-token': VERCEL_TOKEN,
    'vercel-project': 'web',
    'vercel-api-url': setup.sim.url,
    'wait-timeout': '20s',
    'request-timeout': '2s',
    ...inputs,
  });
  return resolveDeployment({
    settings,
    context: options.context ?? contextFor({ sha: SHA }),
    deps: setup.h.deps,
    github: undefined,
    policy: { ...fastPolicy, ...options.policy },
  });
}

/** The outcome, which must be `ready` (the failure names what stopped it instead). */
export function ready(outcome: ResolveOutcome) {
  if (outcome.kind !== 'ready') throw new Error(`expected ready, got ${outcome.reason}: ${outcome.message}`);
  return outcome;
}

/** The outcome, which must be `stopped`. */
export function stopped(outcome: ResolveOutcome) {
  if (outcome.kind !== 'stopped') throw new Error(`expected stopped, got ready at ${outcome.deployment.url}`);
  return outcome;
}

export { type RecordingLogger, recordingLogger };
