import { checklistEvaluator } from '../evaluate/checklist/index.js';
import { rulesEvaluator } from '../evaluate/rules/index.js';
import { METRICS } from '../metrics/registry.js';
import type { RunResult } from '../model/run-result.js';
import type { Settings } from '../settings/settings.js';
import { type Ledger, newLedger } from '../sinks/ledger.js';
import { SINKS } from '../sinks/registry.js';
import { inOrder, type SinkEntry, type SinkInput } from '../sinks/sink.js';
import { gateBaselineSource } from './baseline-source.js';
import { runGate } from './run-gate.js';

/** One project's gate: its verdict, and what its sinks reported. */
export interface ProjectOutcome {
  settings: Settings;
  result: RunResult;
  ledger: Ledger;
}

/**
 * What one project's gate runs with; `checkAllProjects` makes one per project. Its sinks are made from it,
 * each with the project's ledger added.
 */
export interface ProjectInput extends Omit<SinkInput, 'ledger'> {
  /** The targets to report to, in order (sinks/registry.ts); tests add their own. */
  sinks?: readonly SinkEntry[] | undefined;
}

/**
 * One gate with all its sinks (sinks/registry.ts): told of each phase as it begins, then finished in list
 * order with the verdict. A monorepo run calls this once per project, side by side; `statePrefix` keeps the
 * ids each saves for the post step apart.
 */
export async function checkProject(input: ProjectInput): Promise<ProjectOutcome> {
  const { settings, config, context, deps, github } = input;
  const ledger = newLedger();
  const sinks = inOrder((input.sinks ?? SINKS).map((entry) => entry.create({ ...input, ledger })));
  const result = await runGate({
    settings,
    context,
    deps,
    github,
    evaluators: [
      rulesEvaluator(config, METRICS, { baselines: gateBaselineSource(settings, context, deps) }),
      checklistEvaluator(config, { settings, rollbar: () => ledger.rollbarDeploy() }),
    ],
    observer: sinks,
  });
  await sinks.finish(result, ledger);
  return { settings, result, ledger };
}

/** State names of one project in a monorepo run (`web:github-check-run-id`); unprefixed for one project. */
export function statePrefix(settings: Settings, monorepo: boolean): string {
  return monorepo && settings.vercel.project ? `${settings.vercel.project}:` : '';
}
