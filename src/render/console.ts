import type { RunResult } from '../model/run-result.js';
import type { ServiceStatus } from '../model/types.js';
import { formatDuration, untrusted } from '../util/text.js';
import { consoleBuildLog } from './build-log-section.js';
import { reasonHint, reasonTitle, statusRank } from './labels.js';
import { conditionText } from './metric-format.js';
import { redactText, secretsToRedact } from './redact.js';
import { viewOf } from './run-view.js';

/** Enough to see what broke in the log; the summary and the JSON report hold the rest. */
export const MAX_CONSOLE_SERVICES = 50;
export const MAX_CONSOLE_FINDINGS = 20;
/** Triggered rules and failed checklist items each; the job summary has the full tables. */
export const MAX_CONSOLE_EVALUATION_LINES = 50;

const serviceWord: Record<ServiceStatus, string> = { fail: 'FAIL', warn: 'WARN', pass: 'pass' };

/**
 * The closing lines of the step log: verdict, deployment, services, triggered rules, failed checklist items,
 * other findings, gate and a hint. Plain text, every remote value through `untrusted()`, so nothing a server
 * sends can start a workflow command.
 */
export function renderConsole(run: RunResult): string[] {
  const view = viewOf(run);
  const { run: r, deployment: d, stop, services, findings, document, rules, checklist } = view;
  const { status, reason, message } = r.verdict;
  const lines: string[] = [];

  lines.push(`Deployment health: ${status.toUpperCase()} (${reason}) — ${untrusted(message, 500)}`);

  const facts = [
    d.url ? untrusted(d.url, 200) : 'URL unknown',
    d.environment,
    d.sha ? `commit ${untrusted(d.sha.slice(0, 7), 7)}` : '',
    d.id ? untrusted(d.id, 80) : '',
  ].filter(Boolean);
  lines.push(`Deployment: ${facts.join(' · ')}${d.source ? ` (resolved from ${d.source})` : ''}`);
  if (d.inspectorUrl) lines.push(`Vercel inspector: ${untrusted(d.inspectorUrl, 300)}`);

  if (stop) lines.push(`Stopped: ${reasonTitle[stop.reason]}. ${untrusted(stop.message, 500)}`);
  lines.push(...consoleBuildLog(view));

  if (document) {
    const count = (s: ServiceStatus) => services.filter((x) => x.status === s).length;
    lines.push(
      services.length
        ? `Services (${services.length}): ${count('fail')} fail, ${count('warn')} warn, ${count('pass')} pass`
        : `Services: none listed (format ${document.format}, endpoint says ${document.status})`,
    );
    for (const s of services.slice(0, MAX_CONSOLE_SERVICES)) {
      const time =
        typeof s.responseTimeMs === 'number' && Number.isFinite(s.responseTimeMs)
          ? ` · ${formatDuration(s.responseTimeMs)}`
          : '';
      const detail = s.detail ? ` · ${untrusted(s.detail, 160)}` : '';
      lines.push(`  ${serviceWord[s.status]}  ${untrusted(s.name, 80)}${time}${detail}`);
    }
    if (services.length > MAX_CONSOLE_SERVICES) {
      lines.push(`  … and ${services.length - MAX_CONSOLE_SERVICES} more (see the job summary)`);
    }
  }

  const triggered = rules.filter((rule) => rule.state === 'triggered');
  if (rules.length) {
    const count = (state: string) => rules.filter((rule) => rule.state === state).length;
    lines.push(
      `Alert rules (${rules.length}): ${triggered.length} triggered, ${count('ok')} ok, ` +
        `${count('skipped')} skipped, ${count('disabled')} disabled`,
    );
    for (const t of triggered.slice(0, MAX_CONSOLE_EVALUATION_LINES)) {
      lines.push(
        `  TRIGGERED  [${t.rule.severity}] ${untrusted(t.rule.name, 80)} (${untrusted(t.rule.id, 80)}): ${untrusted(conditionText(t), 300)}`,
      );
    }
    if (triggered.length > MAX_CONSOLE_EVALUATION_LINES) {
      lines.push(`  … and ${triggered.length - MAX_CONSOLE_EVALUATION_LINES} more (see the job summary)`);
    }
  }

  const failedItems = checklist.filter((item) => item.state === 'failed');
  if (checklist.length) {
    const count = (state: string) => checklist.filter((item) => item.state === state).length;
    lines.push(
      `Checklist (${checklist.length}): ${failedItems.length} failed, ${count('passed')} passed, ${count('skipped')} skipped`,
    );
    for (const item of failedItems.slice(0, MAX_CONSOLE_EVALUATION_LINES)) {
      const detail = item.detail ? `: ${untrusted(item.detail, 300)}` : '';
      lines.push(
        `  FAILED  [${item.required ? 'required' : 'optional'}] ${untrusted(item.name, 120)}${detail}`,
      );
    }
    if (failedItems.length > MAX_CONSOLE_EVALUATION_LINES) {
      lines.push(`  … and ${failedItems.length - MAX_CONSOLE_EVALUATION_LINES} more (see the job summary)`);
    }
  }

  // Rules and checklist items just printed have their line; the findings list keeps the rest.
  const printed = new Set([
    ...triggered.map((t) => `rule:${t.rule.id}`),
    ...failedItems.map((item) => `checklist:${item.id}`),
  ]);
  const problems = findings.filter(
    (f) => statusRank[f.status] < statusRank.healthy && !printed.has(`${f.source}:${f.id}`),
  );
  if (problems.length) {
    lines.push('Findings:');
    for (const f of problems.slice(0, MAX_CONSOLE_FINDINGS)) {
      lines.push(`  [${f.status}] ${untrusted(f.message, 500)}`);
    }
    if (problems.length > MAX_CONSOLE_FINDINGS) {
      lines.push(`  … and ${problems.length - MAX_CONSOLE_FINDINGS} more (see the job summary)`);
    }
  }

  lines.push(
    r.gateFailed
      ? `Gate: the step fails (verdict ${status}, fail-on: ${r.settings.failOn}).`
      : `Gate: passes (verdict ${status}, fail-on: ${r.settings.failOn}).`,
  );
  const hint = reasonHint(reason, r.settings.healthPath, document !== undefined);
  if (hint) lines.push(`What to do: ${untrusted(hint, 500)}`);

  const secrets = secretsToRedact(run);
  return lines.map((line) => redactText(line, secrets));
}
