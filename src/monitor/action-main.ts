import { mkdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as core from '../action/core.js';
import { maskSecretInputs } from '../action/inputs.js';
import { createRunnerLogger, failStep } from '../action/logger.js';
import { failOnBug, reportInvalid } from '../action/report.js';
import { readRunContext } from '../model/run-context.js';
import { abortOnSignals } from '../util/signals.js';
import { MONITOR_SECRET_INPUTS } from './inputs.js';
import { type MonitorReport, monitorOutputs } from './report.js';
import { runMonitor } from './run-monitor.js';

/**
 * The monitor step: the runner's inputs → the monitor (run-monitor.ts) → outputs, job summary, exit code.
 * The step fails only when a target's CONFIRMED state is as bad as `fail-on` (a blip inside the thresholds
 * passes), on a configuration error, or on a bug; history and incident trouble are warnings.
 */
export async function run(): Promise<void> {
  const controller = new AbortController();
  const stopListening = abortOnSignals(controller);
  try {
    await monitor(controller.signal);
  } finally {
    stopListening();
  }
}

async function monitor(signal: AbortSignal): Promise<void> {
  maskSecretInputs(MONITOR_SECRET_INPUTS);
  const logger = createRunnerLogger();
  const context = readRunContext(process.env);
  const reportDir = join(process.env.RUNNER_TEMP || tmpdir(), 'deployment-health-gate');
  const outcome = await runMonitor({
    readInput: (name) => core.getInput(name),
    context,
    logger,
    signal,
    runId: context.runId ? `${context.runId}-${context.runAttempt}` : `local-${Date.now().toString(36)}`,
    reportDir,
  });
  if (outcome.kind === 'invalid') return reportInvalid(outcome.error, 'Deployment health monitor');
  if (outcome.kind === 'crashed') return failOnBug(outcome.error);
  try {
    await reportMonitor(outcome.report, reportDir, logger);
  } catch (error) {
    failOnBug(error);
  }
}

async function reportMonitor(
  report: MonitorReport,
  reportDir: string,
  logger: ReturnType<typeof createRunnerLogger>,
): Promise<void> {
  for (const line of report.consoleLines) logger.info(line);
  let reportPath: string | undefined = join(reportDir, 'monitor-report.json');
  try {
    await mkdir(reportDir, { recursive: true });
    await writeFile(reportPath, `${JSON.stringify(report.json, null, 2)}\n`);
  } catch (error) {
    logger.warning(`Could not write the JSON report: ${(error as Error).message}`);
    reportPath = undefined;
  }
  for (const [name, value] of Object.entries(monitorOutputs(report, reportPath))) core.setOutput(name, value);
  try {
    await core.summary.addRaw(report.summary).write();
  } catch (error) {
    logger.warning(`Could not write the job summary: ${(error as Error).message}`);
  }
  if (report.failed) {
    const failing = Object.entries(report.targets)
      .filter(([, t]) => t.confirmed === report.status)
      .map(([name]) => name);
    failStep(
      `${failing.join(', ')} ${failing.length === 1 ? 'is' : 'are'} confirmed ${report.status} ` +
        `(${report.reason}), which \`fail-on: ${String(report.json.failOn)}\` fails.`,
    );
  }
}
