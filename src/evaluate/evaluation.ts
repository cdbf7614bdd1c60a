import type { RuleConfig } from '../config/types.js';
import type { MetricUnit } from '../metrics/registry.js';
import type { Finding } from '../model/types.js';

/** One rule's result, for the rules table: every rule appears, triggered or not. */
export interface RuleResult {
  rule: RuleConfig;
  state: 'triggered' | 'ok' | 'skipped' | 'disabled';
  /** The observed value, in the metric's unit, when the metric exists. */
  value?: number | undefined;
  /** Seconds of samples the value was computed over (time-window metrics). */
  windowSeconds?: number | undefined;
  /**
   * Why skipped, or a remark such as "observed 45 s of a 300 s window"; for baseline and anomaly rules the
   * sentence saying what was expected and from what history.
   */
  note?: string | undefined;
  /** Baseline and anomaly rules: the limit the value was held to, worked out from the history (metric's unit). */
  limit?: number | undefined;
  /**
   * The unit the endpoint gave an extended metric (`ms`, `percent`, or its own word such as `MB`), for the
   * reports; the fixed and service metrics' units are known by name.
   */
  unit?: { unit: MetricUnit; label?: string | undefined } | undefined;
}

export interface ChecklistItemResult {
  id: string;
  name: string;
  required: boolean;
  state: 'passed' | 'failed' | 'skipped';
  /** What was seen, or why it failed or was skipped (plain text; may quote remote text). */
  detail: string;
  /**
   * Set on a skipped item that was meant to be checked and could not be (its source did not answer): not a
   * finding, so the verdict stands, but a required one leaves the deployment not fully checked, and the
   * Vercel promotion gate neither promotes it nor lets its check succeed.
   */
  notChecked?: true | undefined;
}

/** What the evaluate stage found: findings decide the verdict; the rest is for the reports. */
export interface Evaluation {
  findings: Finding[];
  rules: RuleResult[];
  checklist: ChecklistItemResult[];
  /** Every metric this deployment has, by name (for the report and the outputs). */
  metrics: Record<string, number>;
}

export const emptyEvaluation = (): Evaluation => ({ findings: [], rules: [], checklist: [], metrics: {} });

/** Evaluators each contribute part of an evaluation; lists are concatenated, metrics merged. */
export function mergeEvaluations(parts: Array<Partial<Evaluation>>): Evaluation {
  const merged = emptyEvaluation();
  for (const part of parts) {
    merged.findings.push(...(part.findings ?? []));
    merged.rules.push(...(part.rules ?? []));
    merged.checklist.push(...(part.checklist ?? []));
    Object.assign(merged.metrics, part.metrics);
  }
  return merged;
}
