import type { Deps } from '../../../src/model/deps.js';
import type { RunContext } from '../../../src/model/run-context.js';
import type { RunResult } from '../../../src/model/run-result.js';
import type { ResolveOutcome } from '../../../src/model/types.js';
import type { InputName } from '../../../src/settings/inputs.js';
import type { Settings } from '../../../src/settings/settings.js';
import {
  completeStranded,
  createGitHubClient,
  createGitHubReports,
  type GitHubClient,
  type GitHubClientTuning,
  type GitHubReports,
  type Locate,
} from '../../../src/sinks/github/index.js';
import { testDeps } from '../../support/deps.js';
import { readThrough, startForEachTest } from '../../support/read-through.js';
import { type RecordingLogger, recordingLogger } from '../../support/recording-logger.js';
import { githubRunContext as contextFor, SHA, WORKFLOW_REF } from '../../support/run-context.js';
import { deployment as deploymentFixture } from '../../support/runs.js';
import { settingsFrom as settingsWith } from '../../support/settings.js';
import { until } from '../../support/until.js';
import { type GhDeployment, type GitHubSim, startGitHubApi } from '../../world/github-api.js';

export { contextFor, SHA, WORKFLOW_REF };
export const RUN_URL = 'https://github.com/acme/shop/actions/runs/4242';

export interface Session {
  sim: GitHubSim;
  context: RunContext;
  settings: Settings;
  deps: Deps & { logger: RecordingLogger };
  controller: AbortController;
  octokit: GitHubClient;
  state: Map<string, string>;
  reports: GitHubReports;
  /** Requests to the simulator since the session began (the simulator is shared across tests). */
  requests(filter?: { method?: string; path?: string | RegExp }): number;
  close(): Promise<void>;
}

/** Fast waits: a second of retry waiting lasts 10 ms, writes are not spaced, timeouts are short. */
export const FAST = {
  secondMs: 10,
  writeGapMs: 0,
  requestTimeoutMs: 2000,
  cancelledTimeoutMs: 500,
  maxServerWaitMs: 30_000,
  retries: 2,
};

export function session(
  sim: GitHubSim,
  options: {
    inputs?: Partial<Record<InputName, string>>;
    context?: Partial<RunContext>;
    token?: string;
    tuning?: Partial<GitHubClientTuning>;
    /** Where rules and checklist items are defined (the config file's lines). */
    locate?: Locate;
    /** Time for the report writes after the verdict (default: the action's `REPORT_BUDGET_MS`). */
    budgetMs?: number;
  } = {},
): Session {
  const deps = testDeps({ agent: { connect: { timeout: 2000 } }, closeBy: 'close' });
  const controller = deps.abort;
  const context = contextFor(sim, options.context);
  const settings = settingsWith({ 'github-token': options.token ?? 'ghs_simulated', ...options.inputs });
  const octokit = createGitHubClient(options.token ?? 'ghs_simulated', context, deps, {
    ...FAST,
    ...options.tuning,
  });
  const state = new Map<string, string>();
  const reports = createGitHubReports({
    octokit,
    settings,
    context,
    deps,
    saveState: (name, value) => state.set(name, value),
    ...(options.locate ? { locate: options.locate } : {}),
    ...(options.budgetMs ? { budgetMs: options.budgetMs } : {}),
  });
  const first = sim.requests.length;
  return {
    sim,
    context,
    settings,
    deps,
    controller,
    octokit,
    state,
    reports,
    requests: (filter = {}) =>
      sim.requests.slice(first).filter((r) => {
        if (filter.method && r.method !== filter.method) return false;
        if (filter.path === undefined) return true;
        return typeof filter.path === 'string' ? r.path.includes(filter.path) : filter.path.test(r.path);
      }).length,
    close: () => deps.close(),
  };
}

/**
 * A GitHub simulator, fresh for each test of the calling file; after each test its latency is turned off and
 * it closes, and with `lawfulApi` the test fails if it saw a request GitHub's API would reject. Call it at the
 * top of a file; the handle reads through to the current test's simulator.
 */
export function useGitHubSim(options: { lawfulApi?: boolean } = {}): GitHubSim {
  const current = startForEachTest(startGitHubApi, async (sim) => {
    sim.setLatency(0);
    await sim.close();
    if (options.lawfulApi) sim.assertNoViolations();
  });
  return readThrough(current, 'The GitHub simulator');
}

/** The runner's view of a `deployment_status` event (success, Vercel's URL) for deployment `d` of `SHA`. */
export function deploymentStatusOf(d: GhDeployment): Partial<RunContext> {
  return {
    eventName: 'deployment_status',
    payload: {
      deployment: { id: d.id, sha: SHA, environment: 'Preview' },
      deployment_status: { state: 'success', environment_url: 'https://shop.vercel.app' },
    },
  };
}

/** The post step, reading what the session's main step recorded. */
export function postStep(s: Session, extra: { budgetMs?: number } = {}) {
  return completeStranded({
    octokit: s.octokit,
    settings: s.settings,
    context: s.context,
    deps: s.deps,
    getState: (name) => s.state.get(name) ?? '',
    ...extra,
  });
}

/** The run a fixture describes, as this session's context and settings would have produced it. */
export function inSession(s: Session, run: RunResult): RunResult {
  return { ...run, context: s.context, settings: s.settings };
}

export function readyOutcome(overrides: Parameters<typeof deploymentFixture>[0] = {}): ResolveOutcome {
  return { kind: 'ready', deployment: deploymentFixture(overrides), waitedMs: 42_000, requests: 7 };
}

/**
 * Drives the reports as the pipeline does (started → waiting → resolved → probing → evaluating), waiting after
 * each phase until the simulator saw its write, so the phase history is deterministic.
 */
export async function drivePhases(
  s: Session,
  options: {
    outcome?: ResolveOutcome;
    probe?: boolean;
    evaluate?: boolean;
    githubDeploymentId?: number;
    /** Wait for each check-run write to arrive (off when the check run cannot be written). */
    watch?: boolean;
  } = {},
): Promise<void> {
  const outcome = options.outcome ?? readyOutcome();
  const history = () =>
    s.sim.findCheckRun({ head_sha: SHA, name: s.settings.checkName })?.history.length ?? 0;
  const watch = (options.watch ?? true) && s.settings.reports.has('check-run');
  await s.reports.started({
    sha: SHA,
    environment: undefined,
    deploymentUrl: undefined,
    githubDeploymentId: options.githubDeploymentId,
  });
  await s.reports.phase('waiting', `Waiting for the deployment of ${SHA.slice(0, 7)} to be ready`);
  if (watch) await until(() => history() >= 1, 'the check run to be created');
  await s.reports.resolved(outcome);
  if (options.probe === false) return;
  await s.reports.phase('probing', 'Probing https://hemera-git-main-acme.vercel.app/api/health/deployment');
  if (watch) await until(() => history() >= 2, 'the probing update');
  if (options.evaluate === false) return;
  await s.reports.phase('evaluating', 'Evaluating the health answer');
  if (watch) await until(() => history() >= 3, 'the evaluating update');
}

export { type RecordingLogger, recordingLogger, until };
