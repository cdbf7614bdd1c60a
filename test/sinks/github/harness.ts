import { Agent } from 'undici';
import type { Deps } from '../../../src/model/deps.js';
import type { RunContext } from '../../../src/model/run-context.js';
import type { RunResult } from '../../../src/model/run-result.js';
import type { ResolveOutcome } from '../../../src/model/types.js';
import type { InputName } from '../../../src/settings/inputs.js';
import type { Settings } from '../../../src/settings/settings.js';
import {
  createGitHubClient,
  createGitHubReports,
  type GitHubClient,
  type GitHubClientTuning,
  type GitHubReports,
  type Locate,
} from '../../../src/sinks/github/index.js';
import { systemClock } from '../../../src/util/clock.js';
import { deployment as deploymentFixture, SHA, settingsWith } from '../../render/fixtures.js';
import { type RecordingLogger, recordingLogger } from '../../support/recording-logger.js';
import { until } from '../../support/until.js';
import type { GitHubSim } from '../../world/github-api.js';

export { SHA };
export const RUN_URL = 'https://github.com/acme/shop/actions/runs/4242';
export const WORKFLOW_REF = 'acme/shop/.github/workflows/deploy-gate.yml@refs/heads/main';

/** The runner's view of a run in acme/shop, pointed at the simulated GitHub API (or any API base). */
export function contextFor(
  sim: Pick<GitHubSim, 'url'>,
  overrides: Partial<RunContext> & { workspace?: string } = {},
): RunContext {
  return {
    eventName: 'push',
    payload: {},
    sha: SHA,
    owner: 'acme',
    repo: 'shop',
    runId: '4242',
    runAttempt: '1',
    actor: 'octocat',
    serverUrl: 'https://github.com',
    apiUrl: sim.url,
    workspace: '/nonexistent-workspace',
    runUrl: RUN_URL,
    workflowRef: WORKFLOW_REF,
    ...overrides,
  };
}

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
  const controller = new AbortController();
  const dispatcher = new Agent({ connect: { timeout: 2000 } });
  const deps = {
    clock: systemClock,
    logger: recordingLogger(),
    dispatcher,
    random: () => 0.5,
    signal: controller.signal,
  };
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
    close: () => dispatcher.close(),
  };
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
