import { type AllProjects, projectKey } from '../gate/check-all.js';
import type { ProjectOutcome } from '../gate/check-project.js';
import type { Annotation } from '../render/annotations.js';
import { renderConsole } from '../render/console.js';
import { outputsFor } from '../render/outputs.js';
import { vercelActionLines } from '../sinks/vercel-gate/render.js';

/** One line of the run's text report; a warning stands out in a job log (a rollback, a Vercel problem). */
export interface ConsoleLine {
  text: string;
  warning: boolean;
}

/** One run of the gate, every project of it, as its host writes it out (one job summary, one `projects`). */
export interface RunReport {
  /** Each project's verdict and ledger, in the order of the `vercel-project` lines. */
  projects: ProjectOutcome[];
  /** The project that speaks for the run: a failed gate first, then the worse status. */
  worst: ProjectOutcome;
  monorepo: boolean;
  /** The step's outputs: the worst project's, and `projects` with each one's. */
  outputs: Record<string, string>;
  /** The text report: each project's verdict and what was done on Vercel, under its name in a monorepo. */
  consoleLines: ConsoleLine[];
  /** Every project's annotations (empty unless `report` asks for them inside a job). */
  annotations: Annotation[];
  /** The job summary for all projects; undefined when `report` leaves it out or there is no job. */
  summary: string | undefined;
  /** The verdict of each gate that fails the step; empty when the step passes. */
  failures: string[];
}

export function runReport({ outcomes, worst, monorepo }: AllProjects): RunReport {
  const perProject: Record<string, Record<string, string>> = {};
  const consoleLines: ConsoleLine[] = [];
  for (const { settings, result, ledger } of outcomes) {
    perProject[projectKey(settings)] = {
      ...outputsFor(result, ledger.reportPath),
      'check-run-id': ledger.checkRun.checkRunId ? String(ledger.checkRun.checkRunId) : '',
      'check-run-url': ledger.checkRun.checkRunUrl ?? '',
    };
    if (monorepo) consoleLines.push({ text: `── ${projectKey(settings)} ──`, warning: false });
    for (const text of renderConsole(result)) consoleLines.push({ text, warning: false });
    const loud = ledger.vercelActions.rolledBack !== undefined || ledger.vercelActions.problems.length > 0;
    for (const text of vercelActionLines(ledger.vercelActions)) consoleLines.push({ text, warning: loud });
  }
  const summaries = outcomes.flatMap(({ ledger }) => (ledger.summary === undefined ? [] : [ledger.summary]));
  return {
    projects: outcomes,
    worst,
    monorepo,
    outputs: { ...(perProject[projectKey(worst.settings)] ?? {}), projects: JSON.stringify(perProject) },
    consoleLines,
    annotations: outcomes.flatMap(({ ledger }) => ledger.annotations),
    summary: summaries.length > 0 ? summaries.join('\n\n---\n\n') : undefined,
    failures: outcomes.filter((o) => o.result.gateFailed).map((o) => o.result.verdict.message),
  };
}
