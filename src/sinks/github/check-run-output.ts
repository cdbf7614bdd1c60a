import type { RunContext } from '../../model/run-context.js';
import type { RunResult } from '../../model/run-result.js';
import { fitWithin, type KeptSection } from '../../render/fit-within.js';
import { link, md, mdLine } from '../../render/markdown.js';
import { redactText, secretsToRedact } from '../../render/redact.js';
import { viewOf } from '../../render/run-view.js';
import {
  headlineText,
  kept,
  keptWhole,
  renderBuildLog,
  renderChecklist,
  renderDeployment,
  renderFindings,
  renderHeadline,
  renderLinks,
  renderRules,
  renderServices,
  renderStop,
  renderTimings,
} from '../../render/summary.js';
import { formatDuration, untrusted } from '../../util/text.js';
import type { Phase } from '../sink.js';

/**
 * GitHub's limit for a check run's `output.summary` and `output.text`, each: 65,535 characters and, as GitHub
 * enforces it, 65,535 bytes of UTF-8 ("summary exceeds a maximum bytesize of 65535").
 */
export const CHECK_OUTPUT_LIMIT = 65_535;

export const CHECK_TRUNCATION_NOTE =
  '> ✂️ Shortened to fit GitHub’s 65,535-character limit for check runs; the job summary and the JSON report ' +
  '(`report-path` output) have the rest.';

/** Rows in the check run; the job summary and the JSON report have the rest. */
const MAX_SERVICE_ROWS = 1000;
const MAX_FINDINGS = 500;
const MAX_SAMPLE_ROWS = 200;

export interface CheckOutput {
  title: string;
  summary: string;
  text?: string;
}

/**
 * The finished check run as a report: the title is the verdict; the summary says what was checked, how
 * each service did, which rules fired, which checklist items failed, how long it took and what to do; the
 * text holds the evidence (findings, samples). A cut spares the verdict, the rules and the checklist.
 */
export function finalOutput(run: RunResult): CheckOutput {
  const secrets = secretsToRedact(run);
  const summary = fitBytes(
    [
      kept(renderHeadline(run)),
      kept(renderStop(run)),
      keptWhole(renderBuildLog(run)),
      renderDeployment(run),
      renderServices(run, MAX_SERVICE_ROWS),
      kept(renderRules(run)),
      kept(renderChecklist(run)),
      renderTimings(run),
      renderLinks(run),
    ],
    secrets,
  );
  const text = fitBytes([renderFindings(run, MAX_FINDINGS), samplesSection(run)], secrets);
  return { title: headlineText(run), summary, ...(text ? { text } : {}) };
}

/**
 * `fitWithin` counts characters; GitHub counts UTF-8 bytes too, and emoji and umlauts take several. When the
 * text is too heavy, the character budget shrinks in proportion until it fits (two rounds at most in practice).
 */
function fitBytes(sections: Array<string | KeptSection>, secrets: readonly string[]): string {
  let limit = CHECK_OUTPUT_LIMIT;
  for (;;) {
    // Measured after masking: what is measured is what is sent.
    const text = redactText(fitWithin(sections, limit, CHECK_TRUNCATION_NOTE), secrets);
    const bytes = Buffer.byteLength(text, 'utf8');
    if ((bytes <= CHECK_OUTPUT_LIMIT && text.length <= CHECK_OUTPUT_LIMIT) || limit <= 1000) return text;
    limit = Math.min(limit - 1, Math.floor((limit * CHECK_OUTPUT_LIMIT) / Math.max(bytes, text.length)) - 16);
  }
}

function samplesSection(run: RunResult): string {
  const { samples, probeUrl } = viewOf(run);
  if (samples.length === 0) return '';
  const shown = samples.slice(-MAX_SAMPLE_ROWS);
  const first = samples.length - shown.length;
  const lines = [
    '### Samples',
    '',
    `${samples.length} request${samples.length === 1 ? '' : 's'} to ${probeUrl ? link('the health endpoint', probeUrl) : 'the health endpoint'}, times from the start of the gate:`,
    '',
    '| # | Started | Took | Answer |',
    '|---|---|---|---|',
    ...shown.map((s, i) => {
      const offset = Math.max(0, s.startedAt - run.timings.startedAt);
      const answer = [
        s.httpStatus !== undefined ? `HTTP ${s.httpStatus}` : '',
        s.status ?? '',
        s.error ? md(s.error, 160) : '',
      ]
        .filter(Boolean)
        .join(' · ');
      return `| ${first + i + 1} | +${formatDuration(offset)} | ${formatDuration(s.durationMs)} | ${answer || '—'} |`;
    }),
  ];
  if (first > 0)
    lines.push('', `_The first ${first} samples are left out; the JSON report has all of them._`);
  return lines.join('\n');
}

export interface PhaseStep {
  phase: Phase;
  detail: string;
  /** Clock time the phase began. */
  at: number;
}

const phaseTitle: Record<Phase, string> = {
  waiting: '⏳ Waiting for the deployment to be ready',
  probing: '⏳ Probing the health endpoint',
  evaluating: '⏳ Evaluating the health answer',
};

const phaseName: Record<Phase, string> = {
  waiting: 'Wait for the deployment to be READY',
  probing: 'Probe the health endpoint',
  evaluating: 'Evaluate the answer',
};

const PHASES: Phase[] = ['waiting', 'probing', 'evaluating'];

/** The check run while the gate works: which phase it is in, and what came before. */
export function progressOutput(steps: PhaseStep[], context: RunContext): CheckOutput {
  const current = steps.at(-1);
  if (!current) return { title: '⏳ Starting', summary: 'The deployment health gate is starting.' };
  const rows = PHASES.map((phase) => {
    const index = steps.findIndex((s) => s.phase === phase);
    const step = steps[index];
    if (!step) return `| ⬜ | ${phaseName[phase]} | |`;
    const next = steps[index + 1];
    if (next) return `| ✅ | ${phaseName[phase]} | ${formatDuration(Math.max(0, next.at - step.at))} |`;
    return `| ⏳ | ${phaseName[phase]} | since ${new Date(step.at).toISOString().slice(11, 19)} UTC |`;
  });
  const follow = context.runUrl ? ` ${link('Follow the workflow run', context.runUrl)}.` : '';
  return {
    title: phaseTitle[current.phase],
    summary: [
      `**${md(current.detail, 500)}**`,
      '',
      '| | Step | Time |',
      '|---|---|---|',
      ...rows,
      '',
      `The verdict appears here when the gate finishes.${follow}`,
    ].join('\n'),
  };
}

/** What the post step writes on a check run the main step left open (killed, or cancelled too late). */
export function strandedOutput(context: RunContext): CheckOutput {
  const rerun = context.runUrl ? ` ${link('Open the workflow run', context.runUrl)} and re-run the job.` : '';
  return {
    title: '⚪ Stopped before a verdict',
    summary: [
      '## ⚪ Stopped before a verdict',
      '',
      'The deployment health gate was stopped (cancelled, timed out or killed) before it reached a verdict, ' +
        'so this deployment has **not** been checked. Do not read this as a pass.',
      '',
      `**What to do:** re-run the workflow to check the deployment.${rerun}`,
    ].join('\n'),
  };
}

/** The verdict's message as one short line, secrets masked: what the post step may need to repeat. */
export function verdictLine(run: RunResult): string {
  return redactText(untrusted(run.verdict.message, 300), secretsToRedact(run));
}

/** The verdict a main step reached but could not write to its check run, as it saved it for the post step. */
export interface SavedVerdict {
  title: string;
  message: string;
}

/**
 * What the post step writes on a check run whose verdict the main step reached but could not write (GitHub
 * failed the completion, or a cancel or kill cut it off): the verdict itself, and where the full report is.
 */
export function savedVerdictOutput(verdict: SavedVerdict, context: RunContext): CheckOutput {
  const title = untrusted(verdict.title, 100) || 'Verdict reached';
  const where = context.runUrl ? link('the workflow run', context.runUrl) : 'the workflow run';
  const message = verdict.message ? ['', mdLine(verdict.message, 300)] : [];
  return {
    title,
    summary: [
      `## ${md(title, 100)}`,
      ...message,
      '',
      'The deployment health gate reached this verdict, but GitHub did not take the full report when the gate ' +
        'wrote it, so the gate’s post step completed this check run with the verdict alone.',
      '',
      `**The full report** (services, rules, checklist, timings) is in the job summary of ${where}.`,
    ].join('\n'),
  };
}
