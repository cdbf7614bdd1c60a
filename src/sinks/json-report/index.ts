import { join } from 'node:path';
import { buildJsonReport } from '../../render/json-report.js';
import { VERSION } from '../../version.js';
import { noSink, type Sink, type SinkInput } from '../sink.js';
import { writeJsonReport } from './write-file.js';

/**
 * The machine-readable record of the run, into the ledger; inside a job also written to a file of its own
 * (`report-path`), one per project of a monorepo run. The command line writes it where `--json` says.
 */
export function jsonReportSink(input: SinkInput): Sink {
  const { context, deps, monorepo, runner } = input;
  const project = input.settings.vercel.project;
  return {
    ...noSink,
    async finish(run, ledger) {
      const report = buildJsonReport(run, { version: VERSION });
      ledger.jsonReport = report;
      if (!runner) return;
      // The path is the output even when the file could not be written: the warning says why it is missing.
      const path = join(
        runner.reportDir,
        `report-${context.runId || process.pid}${monorepo && project ? `-${fileSafe(project)}` : ''}.json`,
      );
      ledger.reportPath = path;
      try {
        await writeJsonReport(path, report);
      } catch (error) {
        deps.logger.warning(`Could not write the JSON report to ${path}: ${(error as Error).message}`);
      }
    },
  };
}

/** A project name made safe for a file name. */
export function fileSafe(name: string): string {
  return name.replace(/[^A-Za-z0-9._-]+/g, '_');
}
