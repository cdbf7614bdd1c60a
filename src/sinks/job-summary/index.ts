import { renderSummary } from '../../render/summary.js';
import { noSink, type Sink, type SinkInput } from '../sink.js';
import { renderVercelActions } from '../vercel-gate/render.js';

/**
 * This project's part of the job summary, into the ledger: the verdict and what the Vercel gate did. The run
 * writes one summary for all its projects (app/run-report.ts); the command line has none.
 */
export function jobSummarySink(input: SinkInput): Sink {
  const { settings, monorepo, runner } = input;
  if (!runner || !settings.reports.has('summary')) return noSink;
  return {
    ...noSink,
    async finish(run, ledger) {
      const vercelSection = renderVercelActions(ledger.vercelActions);
      ledger.summary =
        (monorepo ? `# ${settings.vercel.project}\n\n` : '') +
        renderSummary(run) +
        (vercelSection ? `\n${vercelSection}\n` : '');
    },
  };
}
