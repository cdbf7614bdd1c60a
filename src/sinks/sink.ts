import type { GitHubClient } from '../clients/github-octokit.js';
import type { GateConfig } from '../config/types.js';
import type { Deps } from '../model/deps.js';
import type { RunContext } from '../model/run-context.js';
import type { RunResult } from '../model/run-result.js';
import type { ResolveOutcome, Target } from '../model/types.js';
import type { Settings } from '../settings/settings.js';
import type { Ledger } from './ledger.js';

/** The pipeline's phases, as a waiting reader sees them (a check run shows the current one). */
export type Phase = 'waiting' | 'probing' | 'evaluating';

/**
 * Told about the run as it goes, so reports are visible while the gate waits (a check run `in_progress`
 * from the first second) rather than only at the end. Each method is called at most once per phase.
 * Implementations never throw: a reporting problem is theirs to log.
 */
export interface Progress {
  /** The commit is known; nothing has waited yet. What the event already tells is passed along. */
  started(info: {
    sha: string;
    environment: Target | undefined;
    deploymentUrl: string | undefined;
    githubDeploymentId: number | undefined;
  }): Promise<void>;
  phase(phase: Phase, detail: string): Promise<void>;
  /** Resolution ended: a READY deployment, or the reason it stopped. */
  resolved(outcome: ResolveOutcome): Promise<void>;
}

/**
 * Everything that reports a project's run: live progress, then `finish` with the verdict. Sinks finish in
 * the order of the list (registry.ts); each reads from the ledger what earlier ones wrote into it and adds
 * what later ones need. Never throws: a reporting problem is the sink's to log, never a verdict.
 */
export interface Sink extends Progress {
  finish(run: RunResult, ledger: Ledger): Promise<void>;
}

/** What a sink is made from: one project's run, and the host's means. */
export interface SinkInput {
  /** The project's own settings (a monorepo run has one set per project). */
  settings: Settings;
  config: GateConfig;
  context: RunContext;
  deps: Deps;
  /** Undefined without a token or a repository: nothing is written to GitHub. */
  github: GitHubClient | undefined;
  /** The post step's memory (prefixed per project in a monorepo run); a no-op on the command line. */
  saveState: (name: string, value: string) => void;
  /** Whether the run checks several projects, so reports name the project they are about. */
  monorepo: boolean;
  /** Present when the run is a step of a GitHub Actions job (the job summary, annotations, report files). */
  runner: RunnerReports | undefined;
  /** The same ledger `finish` gets; a sink may fill in early what the evaluators read (Rollbar's deploy). */
  ledger: Ledger;
}

/** What only a run inside a GitHub Actions job reports to. */
export interface RunnerReports {
  /** Where each project's JSON report file is written (`report-path`). */
  reportDir: string;
}

/** One entry of the sink list: a target's name, and how its sink is made for one project's run. */
export interface SinkEntry {
  name: string;
  create(input: SinkInput): Sink;
}

/** The sink that reports nothing: a target the settings do not ask for. Spread it to keep a `finish` of your own. */
export const noSink: Sink = {
  started: async () => undefined,
  phase: async () => undefined,
  resolved: async () => undefined,
  finish: async () => undefined,
};

/** Several sinks as one, each told in turn (each one never throws); `finish` runs them in this order. */
export function inOrder(sinks: readonly Sink[]): Sink {
  return {
    async started(info) {
      for (const sink of sinks) await sink.started(info);
    },
    async phase(phase, detail) {
      for (const sink of sinks) await sink.phase(phase, detail);
    },
    async resolved(outcome) {
      for (const sink of sinks) await sink.resolved(outcome);
    },
    async finish(run, ledger) {
      for (const sink of sinks) await sink.finish(run, ledger);
    },
  };
}
