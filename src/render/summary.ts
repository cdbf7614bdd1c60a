import type { RunResult } from '../model/run-result.js';
import { formatDuration } from '../util/text.js';
import { buildLogSection } from './build-log-section.js';
import { checklistSection } from './checklist-section.js';
import { fitWithin, type KeptSection } from './fit-within.js';
import { reasonHint, reasonTitle, serviceIcon, sourceLabel, statusEmoji, statusLabel } from './labels.js';
import { code, factTable, link, md, mdLine, safeHref, urlLink } from './markdown.js';
import { plainNumber } from './metric-format.js';
import { redactText, secretsToRedact } from './redact.js';
import { rulesSection } from './rules-section.js';
import { type RunView, viewOf } from './run-view.js';

export { fitWithin, type KeptSection } from './fit-within.js';

/**
 * The job summary, built from section renderers that the check-run output reuses: each takes the run and
 * returns one self-contained Markdown block ('' when it has nothing to say), so a caller can pick sections
 * and fit them into its own size limit with `fitWithin()`.
 */

/** Rows beyond this stay in the JSON report; failing services sort first, so they are the ones shown. */
export const MAX_SERVICE_ROWS = 200;
export const MAX_FINDINGS = 100;

/** GitHub rejects a step summary over 1 MiB; one UTF-16 unit takes at most 3 bytes in UTF-8. */
const SUMMARY_CHAR_LIMIT = Math.floor((1024 * 1024) / 3) - 1024;

export const TRUNCATION_NOTE =
  '> ✂️ Shortened to fit GitHub’s size limit; the JSON report (`report-path` output) has everything.';

export function renderSummary(run: RunResult): string {
  const text = fitWithin(summaryParts(run), SUMMARY_CHAR_LIMIT, TRUNCATION_NOTE);
  return `${redactText(text, secretsToRedact(run))}\n`;
}

/** Every section of the summary, in reading order, empty ones left out. */
export function summarySections(run: RunResult): string[] {
  return summaryParts(run).map((part) => (typeof part === 'string' ? part : part.text));
}

/**
 * The sections with what a cut must spare marked: the verdict, and the rules and checklist that decided it.
 * Services and findings lose rows first; their full lists are in the JSON report.
 */
function summaryParts(run: RunResult): Array<string | KeptSection> {
  const view = viewOf(run);
  const parts: Array<string | KeptSection> = [
    kept(headlineSection(view)),
    kept(stopSection(view)),
    keptWhole(buildLogSection(view)),
    deploymentSection(view),
    servicesSection(view, MAX_SERVICE_ROWS),
    kept(rulesSection(view)),
    kept(checklistSection(view)),
    findingsSection(view, MAX_FINDINGS),
    timingsSection(view),
    linksSection(view),
  ];
  return parts.filter((part) => (typeof part === 'string' ? part : part.text).length > 0);
}

/** A section that truncation cuts only when nothing else is left to cut. */
export const kept = (text: string): KeptSection => ({ text, keep: true });

/** A kept section that a cut removes whole or not at all (a fenced block must not lose its closing fence). */
export const keptWhole = (text: string): KeptSection => ({ text, keep: true, whole: true });

/** `🔴 Unhealthy — protected`: the verdict at a glance, also the check run's title. */
export function headlineText(run: RunResult): string {
  const { status, reason } = run.verdict;
  return `${statusEmoji[status]} ${statusLabel[status]}${reason === 'ok' ? '' : ` — ${reason}`}`;
}

export const renderHeadline = (run: RunResult): string => headlineSection(viewOf(run));
export const renderStop = (run: RunResult): string => stopSection(viewOf(run));
export const renderBuildLog = (run: RunResult): string => buildLogSection(viewOf(run));
export const renderDeployment = (run: RunResult): string => deploymentSection(viewOf(run));
export const renderServices = (run: RunResult, maxRows = MAX_SERVICE_ROWS): string =>
  servicesSection(viewOf(run), maxRows);
export const renderFindings = (run: RunResult, maxItems = MAX_FINDINGS): string =>
  findingsSection(viewOf(run), maxItems);
export const renderRules = (run: RunResult): string => rulesSection(viewOf(run));
export const renderChecklist = (run: RunResult): string => checklistSection(viewOf(run));
export const renderTimings = (run: RunResult): string => timingsSection(viewOf(run));
export const renderLinks = (run: RunResult): string => linksSection(viewOf(run));

function headlineSection(view: RunView): string {
  const { run, stop, document } = view;
  const lines = [`## ${headlineText(run)}`];
  // A stopped run says the same thing in its callout; say it once, where it stands out.
  if (!stop || stop.message !== run.verdict.message) lines.push('', mdLine(run.verdict.message, 1000));
  const hint = reasonHint(run.verdict.reason, run.settings.healthPath, document !== undefined);
  if (hint && !stop) lines.push('', `**What to do:** ${md(hint, 500)}`);
  lines.push('', gateLine(run));
  return lines.join('\n');
}

function gateLine(run: RunResult): string {
  const { status, reason } = run.verdict;
  const failOn = `\`fail-on: ${run.settings.failOn}\``;
  if (run.gateFailed) {
    const why =
      reason === 'cancelled' || reason === 'config'
        ? `a ${reason === 'cancelled' ? 'cancelled run' : 'configuration error'} fails the step whatever ${failOn} says`
        : `the verdict is ${status} and ${failOn} fails ${run.settings.failOn === 'degraded' ? 'degraded or unhealthy' : 'unhealthy'} deployments`;
    return `⛔ **This step fails:** ${why}.`;
  }
  if (status === 'healthy') return `✅ **The gate passes** (${failOn}).`;
  return run.settings.failOn === 'never'
    ? `✅ **The gate passes:** ${failOn} reports the ${status} verdict without failing the step.`
    : `✅ **The gate passes:** the verdict is ${status}, and ${failOn} only fails unhealthy deployments.`;
}

function stopSection(view: RunView): string {
  const { stop, deployment } = view;
  if (!stop) return '';
  const where =
    stop.stage === 'resolve'
      ? 'Stopped before probing'
      : stop.stage === 'probe'
        ? 'The health probe got no usable answer'
        : 'Stopped before starting';
  const hint = reasonHint(stop.reason, view.run.settings.healthPath, view.document !== undefined);
  const lines = [
    stop.reason === 'cancelled' ? '> [!WARNING]' : '> [!CAUTION]',
    `> **${where}: ${reasonTitle[stop.reason]}** (\`${stop.reason}\`)`,
    '>',
    `> ${md(stop.message, 1000)}`,
  ];
  if (hint) lines.push('>', `> **What to do:** ${md(hint, 500)}`);
  if (deployment.inspectorUrl) {
    lines.push('>', `> ${link('Open the deployment in the Vercel inspector', deployment.inspectorUrl)}`);
  }
  return lines.join('\n');
}

function deploymentSection(view: RunView): string {
  const { deployment: d, run, document } = view;
  const rows: Array<[string, string]> = [['URL', urlLink(d.url)]];
  rows.push(['Environment', md(d.environment)]);
  rows.push(['Commit', commitLink(run, d.sha)]);
  if (d.id) rows.push(['Vercel deployment', code(d.id)]);
  if (d.project) rows.push(['Project', md(d.project, 100)]);
  if (d.inspectorUrl) rows.push(['Inspector', link('Open in Vercel', d.inspectorUrl)]);
  if (document?.app?.version) rows.push(['App version', md(document.app.version, 60)]);
  if (document?.app?.region) rows.push(['Region', md(document.app.region, 60)]);
  if (d.source) rows.push(['Resolved from', sourceLabel[d.source]]);
  if (d.githubDeploymentId !== undefined) rows.push(['GitHub deployment', md(`#${d.githubDeploymentId}`)]);
  return `### Deployment\n\n${factTable(rows)}`;
}

function commitLink(run: RunResult, sha: string): string {
  if (!/^[0-9a-f]{7,40}$/i.test(sha)) return sha ? md(sha, 60) : '—';
  const { serverUrl, owner, repo } = run.context;
  const short = `\`${sha.slice(0, 7)}\``;
  if (!owner || !repo) return short;
  const href = safeHref(
    `${serverUrl}/${encodeURIComponent(owner)}/${encodeURIComponent(repo)}/commit/${sha}`,
  );
  return href ? `[${short}](${href})` : short;
}

function servicesSection(view: RunView, maxRows: number): string {
  const { services, document } = view;
  if (!document) return '';
  const answer = `format \`${document.format}\`${lastHttpStatus(view) ? `, HTTP ${lastHttpStatus(view)}` : ''}`;
  if (services.length === 0) {
    return `### Services\n\nThe endpoint answered ${statusLabel[document.status].toLowerCase()} without a per-service breakdown (${answer}).`;
  }
  const count = (status: 'pass' | 'warn' | 'fail') => services.filter((s) => s.status === status).length;
  const tally = [
    `${serviceIcon.fail} ${count('fail')} fail`,
    `${serviceIcon.warn} ${count('warn')} warn`,
    `${serviceIcon.pass} ${count('pass')} pass`,
  ].join(' · ');
  const rows = services.slice(0, Math.max(0, maxRows)).map((s) => {
    // The key matters for rules (`database_health`); show it when the name does not already say it.
    const sameWord = s.key.toLowerCase() === s.name.toLowerCase();
    const name = s.key && !sameWord ? `${md(s.name, 80)} (${code(s.key)})` : md(s.name, 80);
    const time =
      typeof s.responseTimeMs === 'number' && Number.isFinite(s.responseTimeMs)
        ? formatDuration(s.responseTimeMs)
        : '—';
    const details = [s.provider, s.detail].filter((t): t is string => Boolean(t)).join(' · ');
    return `| ${serviceIcon[s.status]} ${s.status} | ${name} | ${time} | ${details ? md(details, 200) : ''} |`;
  });
  const lines = [
    '### Services',
    '',
    `${services.length} service${services.length === 1 ? '' : 's'}: ${tally} (${answer})`,
    '',
    '| Status | Service | Response time | Details |',
    '|---|---|---|---|',
    ...rows,
  ];
  if (services.length > rows.length) {
    lines.push(
      '',
      `_Showing ${rows.length} of ${services.length} services, failing first; the JSON report lists all of them._`,
    );
  }
  return lines.join('\n');
}

function lastHttpStatus(view: RunView): number | undefined {
  return [...view.samples].reverse().find((s) => s.httpStatus !== undefined)?.httpStatus;
}

const findingIcon = { unhealthy: '🔴', degraded: '🟡', healthy: 'ℹ️' } as const;
const findingSource = {
  endpoint: 'endpoint',
  rule: 'rule',
  anomaly: 'anomaly rule',
  checklist: 'checklist',
} as const;

function findingsSection(view: RunView, maxItems: number): string {
  const { findings, document } = view;
  const warnings = document?.warnings ?? [];
  if (findings.length === 0 && warnings.length === 0) return '';
  const shown = findings.slice(0, Math.max(0, maxItems));
  const lines = ['### Findings', ''];
  for (const f of shown) {
    lines.push(
      `- ${findingIcon[f.status]} **${md(f.title, 120)}** (${findingSource[f.source]} ${code(f.id)}): ${md(f.message, 1000)}`,
    );
  }
  if (findings.length > shown.length) {
    lines.push(`- … and ${findings.length - shown.length} more findings in the JSON report.`);
  }
  for (const warning of warnings.slice(0, 20)) lines.push(`- ⚠️ ${md(warning, 500)}`);
  return lines.join('\n');
}

function timingsSection(view: RunView): string {
  const { run, samples } = view;
  const rows: Array<[string, string]> = [];
  const resolve = run.resolve;
  rows.push([
    'Waited for READY',
    resolve
      ? `${formatDuration(run.timings.waitMs)} · ${resolve.requests} request${resolve.requests === 1 ? '' : 's'}`
      : 'not started',
  ]);
  if (run.probe) {
    const last = samples.at(-1);
    const lastText = last
      ? last.httpStatus !== undefined
        ? `last: HTTP ${last.httpStatus}`
        : last.error
          ? `last: ${md(last.error, 80)}`
          : ''
      : '';
    rows.push([
      'Health probe',
      [
        formatDuration(run.timings.probeMs),
        `${samples.length} attempt${samples.length === 1 ? '' : 's'}`,
        lastText,
      ]
        .filter(Boolean)
        .join(' · '),
    ]);
  } else {
    rows.push(['Health probe', 'not run']);
  }
  if (view.observation) rows.push(['Observation window', observationText(view.observation)]);
  rows.push(['Total', formatDuration(run.timings.totalMs)]);
  return `### Timings\n\n${factTable(rows)}`;
}

/** `12 samples over 3 min · avg 230 ms · p95 410 ms · error rate 8.33%`, from the first answer on. */
function observationText(o: NonNullable<RunView['observation']>): string {
  return [
    `${o.samples} samples over ${formatDuration(o.spanMs)}`,
    o.avgResponseTimeMs !== undefined ? `avg ${formatDuration(o.avgResponseTimeMs)}` : '',
    o.p95ResponseTimeMs !== undefined ? `p95 ${formatDuration(o.p95ResponseTimeMs)}` : '',
    o.errorRatePercent !== undefined ? `error rate ${plainNumber(o.errorRatePercent)}%` : '',
  ]
    .filter(Boolean)
    .join(' · ');
}

function linksSection(view: RunView): string {
  const { run, deployment, probeUrl } = view;
  const links = [
    run.context.runUrl ? link('Workflow run', run.context.runUrl) : '',
    deployment.inspectorUrl ? link('Vercel inspector', deployment.inspectorUrl) : '',
    deployment.url ? link('Deployment', deployment.url) : '',
    probeUrl ? link('Health endpoint', probeUrl) : '',
  ].filter((text) => text.includes(']('));
  return links.length ? `**Links:** ${links.join(' · ')}` : '';
}
