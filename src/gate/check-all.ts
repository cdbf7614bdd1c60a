import { isWorse } from '../model/status.js';
import type { Settings } from '../settings/settings.js';
import { checkProject, type ProjectInput, type ProjectOutcome, statePrefix } from './check-project.js';
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
 * `distinctProjects`), side by side, each with its sinks. The application shell (app/) runs the engine
 * through here for the action and the CLI; `saveState` is the post step's memory (a no-op for the CLI).
 */
export async function checkAllProjects(
  options: Omit<ProjectInput, 'settings' | 'monorepo'> & { targets: Settings[] },
): Promise<AllProjects> {
  const { targets: given, saveState, ...shared } = options;
  // Named by the lines given: a merged line keeps the first one's check name and state prefix, which the
  // post step, reading the same lines, finds again.
  const monorepo = given.length > 1;
  const targets = await distinctProjects(given, shared.deps);
  const outcomes = await Promise.all(
    targets.map((target) => {
      const prefix = statePrefix(target, monorepo);
      return checkProject({
        ...shared,
        settings: target,
        monorepo,
        saveState: (name, value) => saveState(`${prefix}${name}`, value),
      });
    }),
  );
  const worst = outcomes.reduce((a, b) => (worseOutcome(b, a) ? b : a));
  return { outcomes, worst, monorepo };
}

/** Whether `a` is worse than `b`: a failed gate first, then the worse status. */
function worseOutcome(a: ProjectOutcome, b: ProjectOutcome): boolean {
  if (a.result.gateFailed !== b.result.gateFailed) return a.result.gateFailed;
  return isWorse(a.result.verdict.status, b.result.verdict.status);
}

/** The key a project's outputs and reports go under (`default` for a run without `vercel-project`). */
export function projectKey(settings: Settings): string {
  return settings.vercel.project ?? 'default';
}
