import type { GateConfig } from '../config/types.js';
import { checklistEvaluator } from '../evaluate/checklist/index.js';
import { rulesEvaluator } from '../evaluate/rules/index.js';
import type { Deps } from '../model/deps.js';
import type { RunContext } from '../model/run-context.js';
import type { RunResult } from '../model/run-result.js';
import type { Settings } from '../settings/settings.js';
import { createGitHubReports, type GitHubClient, locateInConfig } from '../sinks/github/index.js';
import { createRollbarReports } from '../sinks/rollbar/index.js';
import { combineObservers } from '../sinks/sink.js';
import { createVercelGate } from '../sinks/vercel-gate/on-demand.js';
import { rollbarNotes } from '../sinks/vercel-gate/render.js';
import type { VercelGateActions } from '../sinks/vercel-gate/types.js';
import { runGate } from './run-gate.js';

export interface ProjectOutcome {
  settings: Settings;
  result: RunResult;
  checkRun: { checkRunId?: number; checkRunUrl?: string };
  vercelActions: VercelGateActions;
}

/**
 * One gate with all its reporters: the GitHub check run and deployment status, Rollbar, and the Vercel
 * promotion gate. A monorepo run calls this once per project, side by side; `statePrefix` keeps the ids each
 * saves for the post step apart.
 */
export async function checkProject(options: {
  settings: Settings;
  config: GateConfig;
  context: RunContext;
  deps: Deps;
  github: GitHubClient | undefined;
  saveState: (name: string, value: string) => void;
}): Promise<ProjectOutcome> {
  const { settings, config, context, deps, github } = options;
  const reports = createGitHubReports({
    octokit: github,
    settings,
    context,
    deps,
    saveState: options.saveState,
    locate: locateInConfig(config, { workspace: context.workspace }),
  });
  const rollbar = createRollbarReports({ settings, context, deps });
  const vercelGate = createVercelGate({ settings, context, deps, saveState: options.saveState });
  const result = await runGate({
    settings,
    context,
    deps,
    github,
    evaluators: [
      rulesEvaluator(config),
      checklistEvaluator(config, { settings, rollbar: () => rollbar.deployState() }),
    ],
    observer: combineObservers(reports, rollbar, vercelGate),
  });
  const checkRun = await reports.finish(result);
  // Promotion and rollback come after the GitHub check run, which the Vercel check run links to, and before
  // Rollbar's deploy is closed, so the deploy says loudly what was done on Vercel.
  const vercelActions = await vercelGate.finish(result, { checkRunUrl: checkRun.checkRunUrl });
  await rollbar.finish(result, { notes: loudNotes(vercelActions) });
  return { settings, result, checkRun, vercelActions };
}

/**
 * One line each for a rollback or a promotion the gate did (or tried), and why an unhealthy production
 * deployment was not rolled back, for Rollbar's deploy comment.
 */
function loudNotes(actions: VercelGateActions): string[] {
  return rollbarNotes(actions);
}

/** State names of one project in a monorepo run (`web:github-check-run-id`); unprefixed for one project. */
export function statePrefix(settings: Settings, monorepo: boolean): string {
  return monorepo && settings.vercel.project ? `${settings.vercel.project}:` : '';
}
