import type { Evaluation } from '../evaluate/evaluation.js';
import type { Settings } from '../settings/settings.js';
import type { RunContext } from './run-context.js';
import type { ProbeOutcome, ResolveOutcome, Verdict } from './types.js';

/** Everything one run learnt, handed to every reporter (summary, JSON report, annotations, outputs). */
export interface RunResult {
  settings: Settings;
  context: RunContext;
  /** The SHA the run reports on (input, event, or GITHUB_SHA). */
  sha: string;
  environment: 'preview' | 'production';
  resolve: ResolveOutcome | undefined;
  /** Absent when the run stopped before probing. */
  probe: ProbeOutcome | undefined;
  verdict: Verdict;
  /** Findings, rule results, checklist and metrics; empty when the run stopped before evaluating. */
  evaluation: Evaluation;
  /** Whether this verdict fails the step under `fail-on`. */
  gateFailed: boolean;
  timings: {
    startedAt: number;
    /** Time spent waiting for the deployment to be READY. */
    waitMs: number;
    /** Time spent probing the health endpoint. */
    probeMs: number;
    totalMs: number;
  };
}
