import { emptyEvaluation } from '../../../src/evaluate/evaluation.js';
import { gateFails } from '../../../src/evaluate/verdict.js';
import type { RunResult } from '../../../src/model/run-result.js';
import type {
  Blame,
  Finding,
  HealthStatus,
  ProbeOutcome,
  Reason,
  ResolveOutcome,
} from '../../../src/model/types.js';
import type { InputName } from '../../../src/settings/inputs.js';
import {
  createVercelGate,
  type VercelGateActions,
  type VercelGatePolicy,
} from '../../../src/sinks/vercel-gate/index.js';
import { type Harness, harness } from '../../support/harness.js';
import { readThrough, startForEachTest } from '../../support/read-through.js';
import { eventContext as contextFor, SHA } from '../../support/run-context.js';
import { settingsFrom } from '../../support/settings.js';
import type { SimDeployment, TimelineStep, VercelSim } from '../../world/vercel-api.js';
import { startVercelApi } from '../../world/vercel-api.js';

export { SHA };
export const TOKEN = 'vercel-token-gate-0123456789';
export const CHECK_RUN_URL = 'https://github.com/acme/shop/runs/777';

/** Short budgets: a promotion that takes the simulator 150 ms is waited for in a handful of polls. */
export const fastPolicy: Partial<VercelGatePolicy> = {
  checkBudgetMs: 5_000,
  cancelledBudgetMs: 1_500,
  aliasTimeoutMs: 2_000,
  aliasPoll: { initialMs: 25, factor: 1.5, maxMs: 100, jitter: 0.1 },
  retry: { initialMs: 10, factor: 2, maxMs: 50, jitter: 0.1 },
  maxAttempts: 3,
};

export interface World {
  sim: VercelSim;
  h: Harness;
  close(): Promise<void>;
}

export async function startWorld(): Promise<World> {
  const sim = await startVercelApi();
  sim.requireToken(TOKEN);
  sim.production.setSwitchDelay(150);
  const h = harness();
  return {
    sim,
    h,
    async close() {
      h.controller.abort();
      await h.close();
      await sim.close();
    },
  };
}

/**
 * A fresh Vercel world for each test of the calling file, closed after it; with `lawfulApis` the file also
 * fails a test after which the simulator saw a request Vercel's API would reject (checked before closing).
 * The returned handle reads through to the current test's world. Call it at the top of a file.
 */
export function useVercelGateWorld(options: { lawfulApis?: boolean } = {}): World {
  const current = startForEachTest(startWorld, async (world) => {
    if (options.lawfulApis) world.sim.assertNoViolations();
    await world.close();
  });
  return readThrough(current, 'The Vercel world');
}

const READY_NOW: TimelineStep[] = [{ state: 'READY', afterMs: 0 }];

/** A READY deployment of project `shop`, created `agoMs` before now (older deployments first in time). */
export function deployment(
  sim: VercelSim,
  spec: { target: 'preview' | 'production'; agoMs?: number; staged?: boolean; sha?: string },
): SimDeployment {
  const d = sim.addDeployment({
    project: 'shop',
    sha: spec.sha ?? SHA,
    target: spec.target,
    timeline: READY_NOW,
    appearAfterMs: -(spec.agoMs ?? 0),
  });
  if (spec.staged) sim.production.stage(d);
  return d;
}

export interface Verdictish {
  status: HealthStatus;
  reason?: Reason;
  /** Resolve stopped with this reason instead of READY (the deployment id is still known). */
  stopped?: 'wait-timeout' | 'cancelled' | 'deployment-error';
  /**
   * Whose failure a verdict that is not healthy shows (see `Blame`): a finding of the verdict's source
   * (`endpoint`, `rules`, `checklist`; default `deployment`), or the failed probe's (`unreachable`,
   * `protected`, `not-found`; default `gate`).
   */
  blame?: Blame;
}

const FINDING_SOURCE: Partial<Record<Reason, Finding['source']>> = {
  endpoint: 'endpoint',
  rules: 'rule',
  checklist: 'checklist',
};
const PROBE_REASONS = new Set<Reason>(['unreachable', 'protected', 'not-found']);

/** The run the pipeline would hand over for `d` with this verdict. */
export function runFor(
  sim: VercelSim,
  d: SimDeployment,
  verdict: Verdictish,
  inputs: Partial<Record<InputName, string>> = {},
): RunResult {
  const settings = settingsFrom({
    'vercel-token': TOKEN,
    'vercel-api-url': sim.url,
    'request-timeout': '2s',
    ...inputs,
  });
  const reason: Reason =
    verdict.stopped ?? verdict.reason ?? (verdict.status === 'healthy' ? 'ok' : 'endpoint');
  const deploymentFacts = {
    url: `https://${d.url}`,
    id: d.id,
    sha: d.sha,
    environment: d.target,
    source: 'vercel-api' as const,
    project: 'shop',
  };
  const resolve: ResolveOutcome = verdict.stopped
    ? {
        kind: 'stopped',
        reason: verdict.stopped,
        message: `stopped: ${verdict.stopped}`,
        deployment: deploymentFacts,
        waitedMs: 1000,
        requests: 3,
      }
    : { kind: 'ready', deployment: deploymentFacts, waitedMs: 1000, requests: 3 };
  const source = FINDING_SOURCE[reason];
  const findings: Finding[] =
    !verdict.stopped && verdict.status !== 'healthy' && source
      ? [
          {
            source,
            id: `${source}_finding`,
            title: `A ${source} finding`,
            status: verdict.status,
            message: `The ${source} says ${verdict.status}.`,
            blame: verdict.blame ?? 'deployment',
          },
        ]
      : [];
  const probe: ProbeOutcome | undefined =
    !verdict.stopped && PROBE_REASONS.has(reason)
      ? {
          kind: 'failed',
          url: `https://${d.url}/api/health/deployment`,
          reason: reason as 'unreachable' | 'protected' | 'not-found',
          message: `The health endpoint: ${reason}.`,
          samples: [],
          elapsedMs: 100,
          blame: verdict.blame ?? 'gate',
        }
      : undefined;
  const v = {
    status: verdict.stopped ? ('unhealthy' as const) : verdict.status,
    reason,
    message: `The deployment is ${verdict.status} (${reason}).`,
    findings,
  };
  return {
    settings,
    context: contextFor({ sha: SHA }),
    sha: d.sha,
    environment: d.target,
    resolve,
    probe,
    verdict: v,
    evaluation: emptyEvaluation(),
    gateFailed: gateFails(v, settings.failOn),
    timings: { startedAt: 0, waitMs: 1000, probeMs: 100, totalMs: 1100 },
  };
}

/** Drives the gate as the pipeline and main do: started → resolved → (probing) → finish. */
export async function gateRun(
  world: World,
  run: RunResult,
  links: { checkRunUrl?: string } = { checkRunUrl: CHECK_RUN_URL },
  beforeFinish?: () => void | Promise<void>,
): Promise<VercelGateActions> {
  const gate = createVercelGate({
    settings: run.settings,
    context: run.context,
    deps: world.h.deps,
    policy: fastPolicy,
  });
  await gate.started({
    sha: run.sha,
    environment: run.environment,
    deploymentUrl: undefined,
    githubDeploymentId: undefined,
  });
  await gate.phase('waiting', 'waiting');
  if (run.resolve) await gate.resolved(run.resolve);
  await beforeFinish?.();
  return gate.finish(run, links);
}
