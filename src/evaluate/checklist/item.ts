import type { Finding } from '../../model.js';
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

/** An item's result, and for a failure what to do about it (for the finding, not the checklist table). */
export interface ItemOutcome {
  result: ChecklistItemResult;
  advice?: string | undefined;
}

/**
 * A failed item is a finding: required → unhealthy, optional → degraded. `advice` says what to do; the item's
 * detail already says what was seen.
 */
export function findingFor(result: ChecklistItemResult, advice: string | undefined): Finding {
  return {
    source: 'checklist',
    id: result.id,
    title: `Checklist: ${result.name} failed`,
    status: result.required ? 'unhealthy' : 'degraded',
    message: `${result.name}${result.required ? '' : ' (optional)'}: ${result.detail}.${advice ? ` ${advice}` : ''}`,
  };
}
