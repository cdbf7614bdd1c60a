import type { Deps } from '../../../src/model/deps.js';
import type { RunContext } from '../../../src/model/run-context.js';
import type { RunResult } from '../../../src/model/run-result.js';
import type { ResolveOutcome, Verdict } from '../../../src/model/types.js';
import type { InputName } from '../../../src/settings/inputs.js';
import type { Settings } from '../../../src/settings/settings.js';
import {
  createRollbarReports,
  type RollbarReports,
  type RollbarTuning,
} from '../../../src/sinks/rollbar/index.js';
import { testDeps } from '../../support/deps.js';
import { githubRunContext } from '../../support/run-context.js';
import { DEPLOYMENT_URL, deployment, makeRun, SHA } from '../../support/runs.js';
import { settingsFrom as settingsWith } from '../../support/settings.js';
import { type RollbarSim, startRollbarApi } from '../../world/rollbar-api.js';
import { type RecordingLogger, RUN_URL } from '../github/harness.js';

export { DEPLOYMENT_URL, RUN_URL, SHA };

// The SDK is loaded when the first items are sent (item-sender.ts); loaded here once, so that no test's
// timing includes loading it.
await import('rollbar');
export const ACTOR = 'octocat';

/** Short waits everywhere, so a test of a slow or failing Rollbar takes a fraction of a second. */
export const FAST: RollbarTuning = {
  requestTimeoutMs: 300,
  budgetMs: 1_500,
  retries: 2,
  backoff: { initialMs: 20, factor: 2, maxMs: 80, jitter: 0 },
  cancelledBudgetMs: 300,
  flushMs: 600,
  maxItems: 20,
};

export type Inputs = Partial<Record<InputName, string>>;

export interface Session {
  sim: RollbarSim;
  inputs: Inputs;
  settings: Settings;
  context: RunContext;
  deps: Deps & { logger: RecordingLogger };
  controller: AbortController;
  reports: RollbarReports;
  /** A run of this session's settings and context (fixtures' healthy run unless told otherwise). */
  run(parts?: Parameters<typeof makeRun>[0]): RunResult;
  /** `started` as the pipeline calls it, with the environment and URL the event or input names, if any. */
  start(hint?: { environment?: 'preview' | 'production'; deploymentUrl?: string }): Promise<void>;
  /** started → waiting → resolved with `outcome` (a READY preview deployment by default). */
  resolveWith(outcome?: ResolveOutcome, hint?: { environment?: 'preview' | 'production' }): Promise<void>;
  /** A wait the runner cancelled (`message` says so): the resolve outcome, and the run that ends with it. */
  cancelled(
    message: string,
    parts?: Parameters<typeof makeRun>[0],
  ): { resolve: ResolveOutcome; run: RunResult };
  warnings(): string[];
  close(): Promise<void>;
}

/** A run in acme/shop as the GitHub reports see it; nothing here talks to GitHub, so its API is a closed port. */
export function contextFor(overrides: Partial<RunContext> = {}): RunContext {
  return githubRunContext({ url: 'http://127.0.0.1:9' }, { workflowRef: undefined, ...overrides });
}

export const readyOutcome = (environment: 'preview' | 'production' = 'preview'): ResolveOutcome => ({
  kind: 'ready',
  deployment: deployment({ environment }),
  waitedMs: 1000,
  requests: 2,
});

/**
 * A Rollbar simulator and the reporter pointed at it. `inputs` are the action's inputs; the token and
 * endpoint default to the simulator's, `rollbar-environment` to none (the deployment's environment).
 */
export async function session(
  options: { inputs?: Inputs; simToken?: string; tuning?: Partial<RollbarTuning>; sim?: RollbarSim } = {},
): Promise<Session> {
  const sim = options.sim ?? (await startRollbarApi(options.simToken ? { token: options.simToken } : {}));
  const inputs: Inputs = {
    'deployment-url': DEPLOYMENT_URL,
    'rollbar-token': sim.token,
    'rollbar-endpoint': sim.url,
    ...options.inputs,
  };
  const settings = settingsWith(inputs);
  const context = contextFor();
  const deps = testDeps({ agent: { connect: { timeout: 1000 } }, closeBy: 'close' });
  const { abort: controller, logger } = deps;
  const reports = createRollbarReports({ settings, context, deps, tuning: { ...FAST, ...options.tuning } });
  const run = (parts: Parameters<typeof makeRun>[0] = {}): RunResult => ({
    ...makeRun({ inputs, ...parts }),
    context,
  });
  return {
    sim,
    inputs,
    settings,
    context,
    deps,
    controller,
    reports,
    run,
    start: (hint = {}) =>
      reports.started({
        sha: SHA,
        environment: hint.environment,
        deploymentUrl: hint.deploymentUrl,
        githubDeploymentId: undefined,
      }),
    async resolveWith(outcome = readyOutcome(), hint = {}) {
      await reports.started({
        sha: SHA,
        environment: hint.environment,
        deploymentUrl: settings.deploymentUrl,
        githubDeploymentId: undefined,
      });
      await reports.phase('waiting', 'Waiting');
      await reports.resolved(outcome);
    },
    cancelled(message, parts = {}) {
      const resolve: ResolveOutcome = {
        kind: 'stopped',
        reason: 'cancelled',
        message,
        deployment: { sha: SHA },
        waitedMs: 1000,
        requests: 1,
      };
      const verdict: Verdict = { status: 'unhealthy', reason: 'cancelled', message, findings: [] };
      return { resolve, run: run({ resolve, probe: undefined, verdict, ...parts }) };
    },
    warnings: () => logger.warnings(),
    async close() {
      await deps.close();
      if (!options.sim) await sim.close();
    },
  };
}

/** Requests the simulator saw, by method and path. */
export function requestsTo(sim: RollbarSim, method: string, path: string | RegExp) {
  return sim.requests.filter(
    (r) => r.method === method && (typeof path === 'string' ? r.path === path : path.test(r.path)),
  );
}

export const DEPLOY_PATH = '/api/1/deploy';
export const ITEM_PATH = '/api/1/item/';
