// What baseline rules need from outside the rules engine: production's history. The rules evaluator knows this
// much statically; the judging itself (baseline-rule.ts, with the statistics) is loaded only when a baseline
// rule runs, so a gate without one carries none of it.

import type { RuleConfig } from '../../config/types.js';
import type { RunRecord } from '../../history/types.js';

/** Where baseline rules read production's history (the gate's `history` input, or the monitor's read). */
export interface BaselineSource {
  /**
   * The history's name for production (the rule's `target`, else the deployment's Vercel project as the
   * monitor names it), or why the rule has none here.
   */
  targetOf(rule: RuleConfig, project: string | undefined): string | { skip: string };
  /** Production's raw runs from `since` on (ms), oldest first; a problem when the history cannot be read. */
  runs(target: string, since: number): Promise<{ records: readonly RunRecord[] } | { problem: string }>;
}

/** Why baseline rules cannot run at all (no `history` given): said on each such rule. */
export const NO_HISTORY =
  "baseline rules read production's history, and no `history` is set; set it to where the monitor writes (e.g. `history: branch:deployment-health-data`, which needs `contents: read`)";
