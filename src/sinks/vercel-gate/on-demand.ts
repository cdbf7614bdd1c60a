import { noSink } from '../sink.js';
import type { VercelGate, VercelGateOptions } from './gate.js';
import { noActions } from './types.js';

const inert: VercelGate = { ...noSink, finish: async () => noActions() };

/**
 * The Vercel promotion gate (gate.ts), loaded only by a run that asks for a Vercel check run, promotion or
 * rollback (with a Vercel token): then gate.ts and what it needs are imported on the first call (a chunk of
 * their own in dist/). Any other run gets an inert gate without loading them.
 */
export function createVercelGate(options: VercelGateOptions): VercelGate {
  const { settings } = options;
  const wanted = settings.vercelCheck !== undefined || settings.promote || settings.rollbackOnUnhealthy;
  if (!settings.vercel.token || !wanted) return inert;
  let loading: Promise<VercelGate> | undefined;
  const gate = () => {
    loading ??= import('./gate.js').then((module) => module.createVercelGate(options));
    return loading;
  };
  return {
    started: async (info) => (await gate()).started(info),
    phase: async (phase, detail) => (await gate()).phase(phase, detail),
    resolved: async (outcome) => (await gate()).resolved(outcome),
    finish: async (run, links) => (await gate()).finish(run, links),
  };
}
