import type { RuleConfig } from '../../config/types.js';
import type { Finding } from '../../model/types.js';
import type { RuleResult } from '../evaluation.js';
import { severityStatus } from './severity.js';

/**
 * A baseline or anomaly rule's result and, when it triggered, its finding. The sentence that says what was
 * expected and what was seen is both: the rules table's note and the finding's message.
 */
export function historyRuleOutcome(input: {
  rule: RuleConfig;
  /** `anomaly` for the monitor's anomaly rules (their own reason), `rule` for baseline rules. */
  source: 'rule' | 'anomaly';
  triggered: boolean;
  value: number;
  limit: number;
  sentence: string;
  /** An extended metric's unit as the endpoint gave it. */
  unit?: RuleResult['unit'];
}): { result: RuleResult; finding?: Finding | undefined } {
  const { rule, triggered, value, limit, sentence, unit } = input;
  const result: RuleResult = {
    rule,
    state: triggered ? 'triggered' : 'ok',
    value,
    limit,
    note: sentence,
    unit,
  };
  if (!triggered) return { result };
  return {
    result,
    finding: {
      source: input.source,
      id: rule.id,
      title: rule.name,
      status: severityStatus[rule.severity],
      message: `${rule.name}: ${sentence}, ${rule.severity}`,
      blame: 'deployment',
    },
  };
}
