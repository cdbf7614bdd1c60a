import type { ChecklistItemResult } from '../evaluate/evaluation.js';
import { md } from './markdown.js';
import type { RunView } from './run-view.js';

// The deployment checklist of the job summary and the check run, as a ticked list: failed items first, each
// with what was seen or why it failed or was skipped. Details quote remote text, so they go through `md()`.

const tick: Record<ChecklistItemResult['state'], string> = { passed: '✅', failed: '❌', skipped: '⏭️' };

export function checklistSection(view: RunView): string {
  const { checklist } = view;
  if (checklist.length === 0) return '';
  const count = (state: ChecklistItemResult['state']) => checklist.filter((i) => i.state === state).length;
  const tally = [
    `❌ ${count('failed')} failed`,
    `✅ ${count('passed')} passed`,
    `⏭️ ${count('skipped')} skipped`,
  ];
  return [
    '### Deployment checklist',
    '',
    `${checklist.length} item${checklist.length === 1 ? '' : 's'}: ${tally.join(' · ')}`,
    '',
    ...checklist.map(itemLine),
  ].join('\n');
}

function itemLine(item: ChecklistItemResult): string {
  // Whether an item is required matters only once it failed: it decides unhealthy or degraded.
  const weight = item.state === 'failed' ? ` (${item.required ? 'required' : 'optional'})` : '';
  const detail =
    item.state === 'skipped' && !/^skipped\b/i.test(item.detail.trim())
      ? `skipped${item.detail.trim() ? `: ${item.detail}` : ''}`
      : item.detail;
  return `- ${tick[item.state]} ${md(item.name, 120)}${weight}${detail.trim() ? ` — ${md(detail, 500)}` : ''}`;
}
