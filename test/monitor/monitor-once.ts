import { readRunContext } from '../../src/model/run-context.js';
import type { MonitorReport } from '../../src/monitor/report.js';
import { type MonitorOutcome, runMonitor } from '../../src/monitor/run-monitor.js';
import { type RecordingLogger, recordingLogger } from '../support/recording-logger.js';

// One monitor run through its shell (`runMonitor`), as the monitor step runs it, with a recording logger.
// Each call is its own workflow run (its own run id), so the history keys its records apart.

let serial = 50_000;

export interface MonitorRun {
  outcome: MonitorOutcome;
  logger: RecordingLogger;
}

export async function monitorOnce(
  inputs: Record<string, string>,
  env: Record<string, string> = {},
): Promise<MonitorRun> {
  const logger = recordingLogger();
  const run = ++serial;
  const outcome = await runMonitor({
    readInput: (name) => inputs[name] ?? '',
    context: readRunContext({ GITHUB_RUN_ID: String(run), GITHUB_RUN_ATTEMPT: '1', ...env }),
    logger,
    signal: new AbortController().signal,
    runId: `${run}-1`,
  });
  return { outcome, logger };
}

/** The report of a run that checked its targets; anything else fails the test with what it was. */
export function checked(outcome: MonitorOutcome): MonitorReport {
  if (outcome.kind !== 'checked') throw new Error(`expected a checked run, got ${JSON.stringify(outcome)}`);
  return outcome.report;
}
