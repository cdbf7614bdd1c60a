import type { GateConfig } from '../config/types.js';
import type { Deps } from '../model/deps.js';
import type { RunContext } from '../model/run-context.js';
import type { Settings } from '../settings/settings.js';
import type { GitHubClient } from '../sinks/github/index.js';
import { checkProject, type ProjectOutcome, statePrefix } from './check-project.js';
import { distinctProjects } from './distinct-projects.js';

/** Every project's gate of one run, and the one that speaks for the run. */
export interface AllProjects {
  outcomes: ProjectOutcome[];
  /** A failed gate first, then the worse status: its outputs and exit code are the run's. */
  worst: ProjectOutcome;
  monorepo: boolean;
}

/**
 * One gate per distinct project (`settingsPerProject`, lines naming the same project merged by
 * `distinctProjects`), side by side, each with its reporters. The action and the
 * CLI both run the engine through here; `saveState` is the post step's memory (a no-op for the CLI).
 */
export async function checkAllProjects(options: {
  targets: Settings[];
  config: GateConfig;
  context: RunContext;
  deps: Deps;
  github: GitHubClient | undefined;
  saveState: (name: string, value: string) => void;
}): Promise<AllProjects> {
  const { config, context, deps, github, saveState } = options;
  // Named by the lines given: a merged line keeps the first one's check name and state prefix, which the
  // post step, reading the same lines, finds again.
  const monorepo = options.targets.length > 1;
  const targets = await distinctProjects(options.targets, deps);
  const outcomes = await Promise.all(
    targets.map((target) => {
      const prefix = statePrefix(target, monorepo);
      return checkProject({
        settings: target,
        config,
        context,
        deps,
        github,
        saveState: (name, value) => saveState(`${prefix}${name}`, value),
      });
    }),
  );
  const worst = outcomes.reduce((a, b) => (worseOutcome(b, a) ? b : a));
  return { outcomes, worst, monorepo };
}

const statusRank = { healthy: 0, degraded: 1, unhealthy: 2 } as const;

/** Whether `a` is worse than `b`: a failed gate first, then the worse status. */
function worseOutcome(a: ProjectOutcome, b: ProjectOutcome): boolean {
  if (a.result.gateFailed !== b.result.gateFailed) return a.result.gateFailed;
  return statusRank[a.result.verdict.status] > statusRank[b.result.verdict.status];
}

/** The key a project's outputs and reports go under (`default` for a run without `vercel-project`). */
export function projectKey(settings: Settings): string {
  return settings.vercel.project ?? 'default';
}

/** A project name made safe for a file name. */
export function fileSafe(name: string): string {
  return name.replace(/[^A-Za-z0-9._-]+/g, '_');
}
