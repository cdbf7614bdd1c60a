import { bugText } from '../app/run-app.js';
import type { RunReport } from '../app/run-report.js';
import type { ConfigError } from '../config/config-error.js';
import type { Logger } from '../model/deps.js';
import { configErrorMarkdown } from '../render/config-error.js';
import type { SettingsError } from '../settings/settings.js';
import * as core from './core.js';
import { annotate, failStep } from './logger.js';

// What the main step writes to the runner for each way a run ends (app/run-app.ts `AppOutcome`).

/** Nothing has been contacted yet: say what to fix and stop. */
export async function reportInvalid(
  error: SettingsError | ConfigError,
  product = 'Deployment health gate',
): Promise<void> {
  core.setOutput('status', 'unhealthy');
  core.setOutput('reason', 'config');
  await core.summary
    .addHeading(`🔴 ${product}: configuration error`, 2)
    .addRaw(`\n\n${configErrorMarkdown(error)}`)
    .write();
  core.saveState('finished', 'true');
  failStep(error.message);
}

/** The run's log, outputs, annotations and job summary; then the step's result. */
export async function reportRun(run: RunReport, logger: Logger): Promise<void> {
  for (const line of run.consoleLines) {
    if (line.warning) logger.warning(line.text);
    else logger.info(line.text);
  }
  // The worst project speaks for the step; `projects` has each one.
  for (const [name, value] of Object.entries(run.outputs)) core.setOutput(name, value);
  for (const annotation of run.annotations) annotate(annotation.level, annotation.message, annotation.title);
  if (run.summary !== undefined) {
    try {
      await core.summary.addRaw(run.summary).write();
    } catch (error) {
      logger.warning(`Could not write the job summary: ${(error as Error).message}`);
    }
  }
  // `finished` says only that a verdict was reached and reported here. Whether GitHub took the check run's
  // and the deployment status's completion is recorded by each report; the post step completes the rest.
  core.saveState('finished', 'true');
  if (run.failures.length) {
    // The error annotations already say why; setFailed would add the same sentence once more.
    if (run.annotations.some((a) => a.level === 'error')) process.exitCode = 1;
    else failStep(run.failures.join(' '));
  }
}

/** Remote trouble never lands here (every stage turns it into a verdict): this is a bug. Fail loudly. */
export function failOnBug(error: unknown): void {
  failStep(
    `Deployment Health Gate stopped on an unexpected error: ${bugText(error)}. Please report it with this log.`,
  );
}
