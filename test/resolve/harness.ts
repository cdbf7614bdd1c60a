import { Octokit } from '@octokit/core';
import { Agent } from 'undici';
import type { Clock, Deps } from '../../src/model/deps.js';
import type { RunContext } from '../../src/model/run-context.js';
import type { ResolveOutcome } from '../../src/model/types.js';
import { type ResolvePolicy, resolveDeployment } from '../../src/resolve/index.js';
import type { InputName } from '../../src/settings/inputs.js';
import { parseSettings, type Settings } from '../../src/settings/settings.js';
import { abortableSleep, systemClock } from '../../src/util/clock.js';
import { type RecordingLogger, recordingLogger } from '../support/recording-logger.js';

export const SHA = 'a1b2c3d4e5f60718293a4b5c6d7e8f9012345678';
export const OTHER_SHA = 'ffffeeeeddddccccbbbbaaaa9999888877776666';

/** Settings exactly as the action parses them, from kebab-case inputs. */
export function settingsFrom(inputs: Partial<Record<InputName, string>> = {}): Settings {
  return parseSettings((name) => inputs[name] ?? '');
}

export function contextFor(
  event: { name?: string; payload?: Record<string, unknown>; sha?: string } = {},
): RunContext {
  return {
    eventName: event.name ?? 'push',
    payload: event.payload ?? {},
    sha: event.sha ?? 'b'.repeat(40),
    owner: 'acme',
    repo: 'shop',
    runId: '42',
    runAttempt: '1',
    actor: 'octocat',
    serverUrl: 'https://github.com',
    apiUrl: 'https://api.github.invalid',
    workspace: process.cwd(),
    runUrl: 'https://github.com/acme/shop/actions/runs/42',
  };
}

/** Time runs `factor` times faster: a 3-minute build passes in under a second of real time. */
export function scaledClock(factor: number): Clock {
  const t0 = Date.now();
  return {
    now: () => t0 + (Date.now() - t0) * factor,
    sleep: (ms, signal) => abortableSleep(ms / factor, signal),
  };
}

export interface Harness {
  deps: Deps & { logger: RecordingLogger };
  controller: AbortController;
  close(): Promise<void>;
}

export function harness(options: { clock?: Clock } = {}): Harness {
  const controller = new AbortController();
  const dispatcher = new Agent({ connect: { timeout: 2000 } });
  return {
    deps: {
      clock: options.clock ?? systemClock,
      logger: recordingLogger(),
      dispatcher,
      random: () => 0.5,
      signal: controller.signal,
    },
    controller,
    close: () => dispatcher.close(),
  };
}

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
