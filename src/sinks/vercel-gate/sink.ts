import type { Sink, SinkInput } from '../sink.js';
import { createVercelGate } from './on-demand.js';
import { rollbarNotes } from './render.js';

/**
 * The Vercel promotion gate, loaded only when a run asks for it (on-demand.ts). It comes after the GitHub
 * check run, which the Vercel check run links to, and before Rollbar, whose deploy says loudly what was done
 * on Vercel.
 */
export function vercelGateSink(input: SinkInput): Sink {
  const { settings, context, deps, saveState } = input;
  const gate = createVercelGate({ settings, context, deps, saveState });
  return {
    started: (info) => gate.started(info),
    phase: (phase, detail) => gate.phase(phase, detail),
    resolved: (outcome) => gate.resolved(outcome),
    async finish(run, ledger) {
      const actions = await gate.finish(run, { checkRunUrl: ledger.checkRun.checkRunUrl });
      ledger.vercelActions = actions;
      ledger.rollbarNotes = rollbarNotes(actions);
    },
  };
}
