import type { ChecklistItemResult, RuleResult } from '../evaluate/evaluation.js';
import { severityStatus } from '../evaluate/rules/index.js';
import type { Finding, HealthStatus } from '../model/types.js';
import { statusRank } from './labels.js';
import { conditionText } from './metric-format.js';
import type { RunView } from './run-view.js';

/**
 * What the evaluation found, one entry per thing a person acts on, for annotations and the log: every
 * finding, told through the rule or checklist item it comes from when the evaluation has one, plus any
 * triggered rule or failed item without a finding of its own. Worst first, the evaluators' order within.
 */
export interface Problem {
  /** Which rule, checklist item or endpoint check this is about (for pointing at the config file). */
  subject: { kind: Finding['source']; id: string };
  /** What it does to the verdict on its own: `healthy` for an info rule that fired. */
  status: HealthStatus;
  title: string;
  /** What happened and what to do; plain text that may quote remote text (escape before printing). */
  message: string;
}

export function problemsOf(view: RunView): Problem[] {
  const rules = new Map(view.rules.filter((r) => r.state === 'triggered').map((r) => [r.rule.id, r]));
  const items = new Map(view.checklist.filter((i) => i.state === 'failed').map((i) => [i.id, i]));
  const problems = view.findings.map((finding): Problem => {
    const rule =
      finding.source === 'rule' || finding.source === 'anomaly' ? rules.get(finding.id) : undefined;
    if (rule) {
      rules.delete(finding.id);
      return ruleProblem(rule, finding);
    }
    const item = finding.source === 'checklist' ? items.get(finding.id) : undefined;
    if (item) {
      items.delete(finding.id);
      return itemProblem(item, finding);
    }
    return {
      subject: { kind: finding.source, id: finding.id },
      status: finding.status,
      title: finding.title,
      message: finding.message,
    };
  });
  for (const rule of rules.values()) problems.push(ruleProblem(rule, undefined));
  for (const item of items.values()) problems.push(itemProblem(item, undefined));
  return problems.sort((a, b) => statusRank[a.status] - statusRank[b.status]);
}

/** `Alert rule triggered: Error Rate Spike (error_rate 12.5% > 5%)`; the message has the window. */
export function ruleTitle(result: RuleResult): string {
  return `Alert rule triggered: ${result.rule.name} (${conditionText(result, { window: false })})`;
}

/** `Checklist item failed: Required environment variables on Vercel (required)`. */
export function itemTitle(item: ChecklistItemResult): string {
  return `Checklist item failed: ${item.name} (${item.required ? 'required' : 'optional'})`;
}

/**
 * The finding decides the status and says what to do (the evaluator knows the advice); the rule gives the
 * title its numbers. Without a finding, the rule's severity decides and the message is built from the rule.
 */
function ruleProblem(result: RuleResult, finding: Finding | undefined): Problem {
  const { rule } = result;
  return {
    subject: { kind: 'rule', id: rule.id },
    status: finding?.status ?? severityStatus[rule.severity],
    title: ruleTitle(result),
    message:
      finding?.message ||
      `The ${rule.severity} alert rule ${rule.name} (${rule.id}) triggered: ${conditionText(result)}. ` +
        'What to do: fix the cause in the app, or adjust the rule in the config file if the threshold is wrong.',
  };
}

function itemProblem(item: ChecklistItemResult, finding: Finding | undefined): Problem {
  return {
    subject: { kind: 'checklist', id: item.id },
    status: finding?.status ?? (item.required ? 'unhealthy' : 'degraded'),
    title: itemTitle(item),
    message:
      finding?.message ||
      `${item.name} failed${item.detail ? `: ${item.detail}` : ''}. What to do: complete this checklist item, then re-run the workflow.`,
  };
}
