import type { Blame, Finding } from '../../model/types.js';
import type { ChecklistItemResult } from '../evaluation.js';

/** An item's identity: a stable id for machines, a name for people, and what a failure does. */
export interface ItemSpec {
  id: string;
  name: string;
  required: boolean;
}

export const passed = (item: ItemSpec, detail: string): ChecklistItemResult => ({
  ...item,
  state: 'passed',
  detail,
});

export const failed = (item: ItemSpec, detail: string): ChecklistItemResult => ({
  ...item,
  state: 'failed',
  detail,
});

export const skipped = (item: ItemSpec, detail: string): ChecklistItemResult => ({
  ...item,
  state: 'skipped',
  detail,
});

/**
 * Skipped because the item could not be checked this time (its source did not answer), not because it does
 * not apply: see `notChecked` on the result.
 */
export const notChecked = (item: ItemSpec, detail: string): ChecklistItemResult => ({
  ...skipped(item, detail),
  notChecked: true,
});

/** The required items that were meant to be checked and could not be: the deployment is not fully checked. */
export function requiredNotChecked(checklist: readonly ChecklistItemResult[]): ChecklistItemResult[] {
  return checklist.filter((item) => item.required && item.state === 'skipped' && item.notChecked === true);
}

/** An item's result, and for a failure what to do about it (for the finding, not the checklist table). */
export interface ItemOutcome {
  result: ChecklistItemResult;
  advice?: string | undefined;
  /**
   * For a failure: `deployment` when the item got a real answer showing it (a 5xx, a wrong body, a variable
   * Vercel confirmed missing); absent (`gate`) when the item could not be checked or the setup is wrong.
   */
  blame?: Blame | undefined;
}

/**
 * A failed item is a finding: required → unhealthy, optional → degraded. `advice` says what to do; the item's
 * detail already says what was seen.
 */
export function findingFor(
  result: ChecklistItemResult,
  advice: string | undefined,
  blame: Blame = 'gate',
): Finding {
  return {
    source: 'checklist',
    id: result.id,
    title: `Checklist: ${result.name} failed`,
    status: result.required ? 'unhealthy' : 'degraded',
    message: `${result.name}${result.required ? '' : ' (optional)'}: ${result.detail}.${advice ? ` ${advice}` : ''}`,
    blame,
  };
}
