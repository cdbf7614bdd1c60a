import type { RollbarDeployState } from '../evaluate/checklist/rollbar-item.js';
import type { Annotation } from '../render/annotations.js';
import type { JsonReport } from '../render/json-report.js';
import { noActions, type VercelGateActions } from './vercel-gate/types.js';

/**
 * What the sinks of one project's run learnt, for the sinks after them and for the run's own report (outputs,
 * job summary, log). Each entry names the sink that writes it; a sink reads only what earlier ones wrote.
 */
export interface Ledger {
  /** The GitHub check run (github): the Vercel check run links to it; the outputs name it. */
  checkRun: { checkRunId?: number; checkRunUrl?: string };
  /** What the Vercel gate did, or tried, and why not (vercel-gate): the log and the job summary show it. */
  vercelActions: VercelGateActions;
  /** Rollbacks, promotions and why not, one line each, for Rollbar's deploy comment (vercel-gate). */
  rollbarNotes: string[];
  /** Rollbar's deploy as the checklist's `rollbar` item reads it, live (rollbar; undefined without a token). */
  rollbarDeploy: () => RollbarDeployState | undefined;
  /** The machine-readable record of the run (json-report). */
  jsonReport?: JsonReport;
  /** Where the JSON report was to be written (json-report, inside a job): the `report-path` output. */
  reportPath?: string;
  /** This project's part of the job summary (job-summary). */
  summary?: string;
  /** This project's workflow annotations (annotations). */
  annotations: Annotation[];
}

/** A ledger before any sink wrote to it. */
export function newLedger(): Ledger {
  return {
    checkRun: {},
    vercelActions: noActions(),
    rollbarNotes: [],
    rollbarDeploy: () => undefined,
    annotations: [],
  };
}
