import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runApp } from '../app/run-app.js';
import { readRunContext } from '../model/run-context.js';
import { abortOnSignals } from '../util/signals.js';
import * as core from './core.js';
import { maskSecretInputs, readInput } from './inputs.js';
import { createRunnerLogger } from './logger.js';
import { failOnBug, reportInvalid, reportRun } from './report.js';

/** The action's main step: the runner's inputs → the application (app/run-app.ts) → outputs, summary, exit. */
export async function run(): Promise<void> {
  // First of all: a cancel that arrives during start-up must still end in reports, not a killed process.
  const controller = new AbortController();
  const stopListening = abortOnSignals(controller);
  try {
    await gate(controller);
  } finally {
    stopListening();
  }
}

async function gate(controller: AbortController): Promise<void> {
  maskSecretInputs();
  const logger = createRunnerLogger();
  const outcome = await runApp({
    readInput,
    context: readRunContext(process.env),
    logger,
    signal: controller.signal,
    saveState: (name, value) => core.saveState(name, value),
    runner: { reportDir: join(process.env.RUNNER_TEMP || tmpdir(), 'deployment-health-gate') },
  });
  if (outcome.kind === 'invalid') return reportInvalid(outcome.error);
  if (outcome.kind === 'crashed') return failOnBug(outcome.error);
  if (outcome.kind === 'checked') {
    try {
      await reportRun(outcome.report, logger);
    } catch (error) {
      return failOnBug(error);
    }
    return;
  }
  // `refused` is the CLI's; `own-event` has nothing to report.
  core.saveState('finished', 'true');
}
