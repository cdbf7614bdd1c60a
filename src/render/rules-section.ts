import type { RuleResult } from '../evaluate/evaluation.js';
import { OPERATOR_MATH } from '../evaluate/rules/index.js';
import { code, md } from './markdown.js';
import { configuredWindow, limitText, ruleValue, windowRemark } from './metric-format.js';
import type { RunView } from './run-view.js';

// The alert rules table of the job summary and the check run: every rule, triggered first, so a reader sees
// what fired, what was measured against which threshold, and which rules never ran and why.

const resultLabel: Record<RuleResult['state'], string> = {
  triggered: '🚨 triggered',
  ok: '✅ ok',
  skipped: '⏭️ skipped',
  disabled: '⏸️ disabled',
};

export function rulesSection(view: RunView): string {
  const { rules } = view;
  if (rules.length === 0) return '';
  const count = (state: RuleResult['state']) => rules.filter((r) => r.state === state).length;
  const tally = [
    `🚨 ${count('triggered')} triggered`,
    `✅ ${count('ok')} ok`,
    `⏭️ ${count('skipped')} skipped`,
    count('disabled') ? `⏸️ ${count('disabled')} disabled` : '',
  ]
    .filter(Boolean)
    .join(' · ');
  return [
    '### Alert rules',
    '',
    `${rules.length} rule${rules.length === 1 ? '' : 's'}: ${tally}`,
    '',
    '| Result | Rule | Metric | Observed | Operator | Threshold | Window | Severity |',
    '|---|---|---|---|---|---|---|---|',
    ...rules.map(ruleRow),
  ].join('\n');
}

function ruleRow(result: RuleResult): string {
  const { rule } = result;
  const { metric, operator } = rule.condition;
  // A rule that did not run measured nothing, and its note is the reason; for one that ran, the note is
  // about the window it saw.
  const idle = result.state === 'skipped' || result.state === 'disabled';
  const outcome =
    idle && result.note ? `${resultLabel[result.state]}: ${md(result.note, 200)}` : resultLabel[result.state];
  const window = configuredWindow(result) || '—';
  const remark = windowRemark(result);
  const cells = [
    outcome,
    `${md(rule.name, 80)} (${code(rule.id)})`,
    code(metric),
    idle ? '—' : md(ruleValue(result, result.value)),
    `${md(OPERATOR_MATH[operator])} ${code(operator)}`,
    md(limitText(result)),
    remark ? `${window} · ${md(remark, 200)}` : window,
    rule.severity,
  ];
  return `| ${cells.join(' | ')} |`;
}
