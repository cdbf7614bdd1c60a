import type { Incident, RunRecord } from '../../history/types.js';
import type { IncidentEvent, IncidentLinks } from '../../monitor/types.js';
import { reasonTitle, serviceIcon, serviceRank, statusEmoji } from '../../render/labels.js';
import { safeHref } from '../../render/markdown.js';
import { formatDuration, untrusted } from '../../util/text.js';
import { codeSpan, inlineText } from './issue-markdown.js';

// The words of an incident issue: its title, its body, and the comments that follow it. Everything that came
// from the target (its message, services, details) or from a config file (rule titles) goes through
// `inlineText` or `codeSpan`; only the words written here are Markdown.

/** Lists in an issue stop here: a target with hundreds of failing services still gets a readable issue. */
const MAX_LISTED = 20;
/** GitHub refuses titles over 256 characters. */
const MAX_TITLE = 256;

/**
 * The hidden line that says which target an issue is about; the reporter finds an incident's issue by it.
 * Target names are `[a-z0-9-]` without `--`; anything else is replaced, so no name can end the HTML comment.
 */
export function markerFor(target: string): string {
  return `<!-- deployment-health-incident: ${target.replace(/[^A-Za-z0-9._-]/g, '_').replace(/--/g, '-_')} -->`;
}

/** `🔴 shop is unhealthy: health endpoint reports a problem`. */
export function issueTitle(incident: Incident): string {
  const target = untrusted(incident.target, 60);
  const title = `${statusEmoji[incident.status]} ${target} is ${incident.status}: ${reasonWords(incident)}`;
  return title.length > MAX_TITLE ? `${title.slice(0, MAX_TITLE - 1)}…` : title;
}

/** The issue's body: what failed, since when, the failing services and rules, links, and the marker. */
export function openedBody(event: IncidentEvent, links: IncidentLinks): string {
  const { incident, record } = event;
  return [
    markerFor(incident.target),
    `### ${statusEmoji[incident.status]} ${codeSpan(incident.target)} is ${incident.status}`,
    '',
    `**Since:** ${when(incident.openedAt)}, confirmed by consecutive failing monitor runs.`,
    `**Reason:** ${reasonWords(incident)} (\`${incident.reason}\`)`,
    `**What failed:** ${inlineText(record.message, 1000)}`,
    samplesLine(record),
    '',
    ...details(record),
    linksLine(record, links),
    '',
    '---',
    '<sub>Opened by the deployment health monitor. It comments here when the status or the reason changes, ' +
      'reminds while the incident lasts, and closes this issue when the target is healthy again.</sub>',
  ].join('\n');
}

/** A comment on an issue that another run already opened for the same incident. */
export function confirmedAgainComment(event: IncidentEvent, links: IncidentLinks): string {
  return [
    `${statusEmoji[event.incident.status]} **Still ${event.incident.status}** at ${when(event.record.at)}: another ` +
      'monitor run confirmed this incident too.',
    '',
    `**What failed:** ${inlineText(event.record.message, 1000)}`,
    '',
    ...details(event.record),
    linksLine(event.record, links),
  ].join('\n');
}

/** `updated`: what changed, and what fails now. */
export function updatedComment(event: IncidentEvent, links: IncidentLinks): string {
  const { incident, record, previous } = event;
  const from = previous ?? { status: incident.status, reason: incident.reason };
  const status =
    from.status === incident.status ? `still ${incident.status}` : `${from.status} → ${incident.status}`;
  const reason =
    from.reason === incident.reason
      ? reasonWords(incident)
      : `${reasonWords(from)} → ${reasonWords(incident)}`;
  return [
    `${statusEmoji[incident.status]} **Changed at ${when(record.at)}:** ${status} (${reason}).`,
    '',
    `**What failed:** ${inlineText(record.message, 1000)}`,
    samplesLine(record),
    '',
    ...details(record),
    linksLine(record, links),
  ].join('\n');
}

/** `reminder`: still failing, since when. */
export function reminderComment(event: IncidentEvent, links: IncidentLinks): string {
  const { incident, record } = event;
  return [
    `${statusEmoji[incident.status]} **Still ${incident.status}** since ${when(incident.openedAt)} ` +
      `(${lastedFor(record.at - incident.openedAt)} so far): ${reasonWords(incident)}.`,
    '',
    `**What fails now:** ${inlineText(record.message, 1000)}`,
    '',
    ...details(record),
    linksLine(record, links),
  ].join('\n');
}

/** `resolved`: healthy again, and how long it lasted. */
export function resolvedComment(event: IncidentEvent, links: IncidentLinks): string {
  const { incident, record } = event;
  const resolvedAt = incident.resolvedAt ?? record.at;
  return [
    `${statusEmoji.healthy} **Resolved after ${lastedFor(resolvedAt - incident.openedAt)}:** ` +
      `${codeSpan(incident.target)} is healthy again since ${when(resolvedAt)} ` +
      `(${incident.status} from ${when(incident.openedAt)}).`,
    '',
    linksLine(record, links),
    '',
    'Closing this issue; a new outage opens a new one.',
  ].join('\n');
}

/**
 * How long an incident lasted, as a person reads it: `formatDuration` below an hour (`25 min`), then hours
 * and minutes (`1 h 25 min`), then days and hours (`2 d 3 h`).
 */
export function lastedFor(ms: number): string {
  const minutes = Math.round(Math.max(0, ms) / 60_000);
  if (minutes < 60) return formatDuration(Math.max(0, ms));
  if (minutes < 24 * 60) {
    const rest = minutes % 60;
    return rest ? `${Math.floor(minutes / 60)} h ${rest} min` : `${minutes / 60} h`;
  }
  const hours = Math.round(minutes / 60);
  const restHours = hours % 24;
  return restHours ? `${Math.floor(hours / 24)} d ${restHours} h` : `${hours / 24} d`;
}

/** `2025-10-12 10:05 UTC`: the same for every reader, whatever the runner's time zone. */
function when(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

function reasonWords(what: Pick<Incident, 'reason'>): string {
  return reasonTitle[what.reason].toLowerCase();
}

/** `2 of 3 health requests failed (HTTP 503, 503).` — empty when the run had no samples. */
function samplesLine(record: RunRecord): string {
  const failed = record.samples.filter((s) => !s.ok);
  if (record.samples.length === 0) return '';
  const codes = failed.map((s) => (s.http === undefined ? 'no answer' : `HTTP ${s.http}`));
  const why = codes.length ? ` (${[...new Set(codes)].join(', ')})` : '';
  return `**Health requests:** ${failed.length} of ${record.samples.length} failed${why}.`;
}

/** The failing services and the triggered rules and failed checklist items, each a short list. */
function details(record: RunRecord): string[] {
  const lines: string[] = [];
  const failing = record.services
    .filter((s) => s.status !== 'pass')
    .sort((a, b) => serviceRank[a.status] - serviceRank[b.status]);
  if (failing.length) {
    lines.push('**Failing services**', '');
    for (const s of failing.slice(0, MAX_LISTED)) {
      const name = s.name && s.name !== s.key ? ` ${inlineText(s.name, 80)}` : '';
      const ms = s.ms === undefined ? '' : `, ${formatDuration(s.ms)}`;
      const detail = s.detail ? `: ${inlineText(s.detail, 200)}` : '';
      lines.push(`- ${serviceIcon[s.status]} ${codeSpan(s.key, 80)}${name} (${s.status}${ms})${detail}`);
    }
    lines.push(...more(failing.length, 'services'), '');
  }
  if (record.findings.length) {
    lines.push('**Triggered rules and failed checklist items**', '');
    for (const f of record.findings.slice(0, MAX_LISTED)) {
      lines.push(`- ${statusEmoji[f.status]} ${f.source} ${codeSpan(f.id, 80)}: ${inlineText(f.title, 200)}`);
    }
    lines.push(...more(record.findings.length, 'findings'), '');
  }
  return lines;
}

function more(count: number, what: string): string[] {
  return count > MAX_LISTED ? [`- … and ${count - MAX_LISTED} more ${what} (see the workflow run).`] : [];
}

/** `**Links:** [workflow run](…) · [deployment](…) · [dashboard](…)`: only links that are safe http(s) URLs. */
function linksLine(record: RunRecord, links: IncidentLinks): string {
  const parts = [
    ['workflow run', links.runUrl ?? record.runUrl],
    ['deployment', record.url],
    ['dashboard', links.dashboardUrl],
  ]
    .map(([text, url]) => [text, safeHref(url)] as const)
    .filter((pair): pair is readonly [string, string] => pair[1] !== undefined)
    .map(([text, href]) => `[${text}](${href})`);
  const deployment = record.deploymentId ? ` Deployment ${codeSpan(record.deploymentId, 80)}` : '';
  const sha = record.sha ? ` of ${codeSpan(record.sha.slice(0, 7), 7)}` : '';
  return parts.length || deployment
    ? `**Links:** ${parts.join(' · ') || '—'}${deployment ? `.${deployment}${sha}.` : ''}`
    : '';
}
