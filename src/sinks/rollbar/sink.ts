import type { Sink, SinkInput } from '../sink.js';
import { createRollbarReports } from './index.js';

/**
 * The run's Rollbar deploy and alert items. Its deploy is known to the checklist from the start (the ledger's
 * `rollbarDeploy`); its comment carries the Vercel gate's notes.
 */
export function rollbarSink(input: SinkInput): Sink {
  const { settings, context, deps, ledger } = input;
  const reports = createRollbarReports({ settings, context, deps });
  ledger.rollbarDeploy = () => reports.deployState();
  return {
    started: (info) => reports.started(info),
    phase: (phase, detail) => reports.phase(phase, detail),
    resolved: (outcome) => reports.resolved(outcome),
    finish: (run, ledger) => reports.finish(run, { notes: ledger.rollbarNotes }),
  };
}
