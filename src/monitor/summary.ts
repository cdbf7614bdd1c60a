import { statusEmoji, statusLabel } from '../render/labels.js';
import { code, link, md, mdLine } from '../render/markdown.js';
import { formatDuration } from '../util/text.js';
import type { MonitorReport } from './report.js';

/** The incident column: what happened this run, linked to the issue when there is one. */
const INCIDENT_WORD = {
  none: '—',
  opened: 'opened',
  ongoing: 'open',
  updated: 'updated',
  resolved: 'resolved',
} as const;

/**
 * The job summary: one table row per target (status icon and word, confirmed state, latency, incident link),
 * then the warnings (history, permissions). Remote text (URLs, messages) never becomes markup: `md()` and
 * `link()` escape it, and a link only ever points at an http(s) URL.
 */
export function monitorSummary(report: Omit<MonitorReport, 'summary'>, history: string): string {
  const rows = report.outcomes.map((outcome) => {
    const { record } = outcome.check;
    const out = report.targets[record.target];
    const latency = out?.avgResponseTime == null ? '—' : formatDuration(out.avgResponseTime);
    const errors = out?.errorRate == null ? '—' : `${out.errorRate} %`;
    const state = out?.incident.state ?? 'none';
    const incident = link(INCIDENT_WORD[state], out?.incident.url ?? undefined);
    return (
      `| ${code(record.target)} | ${statusEmoji[record.status]} ${statusLabel[record.status]}` +
      `${record.reason === 'ok' ? '' : ` (${code(record.reason)})`} | ${statusEmoji[outcome.state.confirmed]} ` +
      `${statusLabel[outcome.state.confirmed]} | ${latency} | ${errors} | ${state === 'none' ? '—' : incident} | ` +
      `${link(record.url, record.url, 80)} |`
    );
  });
  const failing = report.outcomes.filter((o) => o.check.record.status !== 'healthy');
  const lines = [
    `## ${statusEmoji[report.status]} Deployment health monitor: ${statusLabel[report.status].toLowerCase()}`,
    '',
    report.outcomes.length
      ? '| Target | This run | Confirmed | Latency | Errors | Incident | URL |'
      : '_No target could be checked this run (see the warnings)._',
    ...(report.outcomes.length ? ['|---|---|---|---|---|---|---|', ...rows] : []),
  ];
  if (failing.length) {
    lines.push('', '### What failed', '');
    for (const o of failing) {
      lines.push(`- ${code(o.check.record.target)}: ${md(o.check.record.message, 500)}`);
    }
  }
  lines.push(
    '',
    `History: ${code(history)}${report.historyCommit ? `, commit ${code(report.historyCommit.slice(0, 12))}` : ''}.`,
  );
  if (report.warnings.length) {
    lines.push('', '### Warnings', '');
    for (const warning of report.warnings) lines.push(`- ⚠️ ${mdLine(warning, 600)}`);
  }
  return `${lines.join('\n')}\n`;
}
