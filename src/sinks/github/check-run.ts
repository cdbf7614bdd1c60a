import type { RunResult } from '../../model/run-result.js';
import type { ResolveOutcome } from '../../model/types.js';
import { headlineText } from '../../render/summary.js';
import type { Phase } from '../sink.js';
import {
  type CheckAnnotation,
  checkRunAnnotations,
  inBatches,
  type Locate,
} from './check-run-annotations.js';
import {
  type CheckOutput,
  finalOutput,
  type PhaseStep,
  progressOutput,
  verdictLine,
} from './check-run-output.js';
import { type CheckConclusion, checkConclusion, wasCancelled } from './outcome.js';
import { CANCEL_GRACE_MS, FULL_SHA, inAHurry, type ReportEnv } from './report-env.js';
import { SerialQueue } from './serial-queue.js';
import { STATE } from './state.js';
import { workflowLocation } from './workflow-location.js';

type Progress = { status: 'in_progress' };
type Completion = { status: 'completed'; conclusion: CheckConclusion; completed_at: string };
type Output = CheckOutput & { annotations?: CheckAnnotation[] };

export interface CheckRunRef {
  checkRunId?: number;
  checkRunUrl?: string;
}

/**
 * The check run named `check-name` on the commit: created `in_progress` as soon as the full SHA is known,
 * updated once as each phase begins, completed with the verdict, its report and its annotations. Writes go
 * through a queue, so the gate never waits for GitHub while it works.
 */
export class CheckRunReport {
  private id: number | undefined;
  private htmlUrl: string | undefined;
  private headSha: string | undefined;
  private finishing = false;
  private readonly steps: PhaseStep[] = [];
  private readonly sent = new Set<Phase>();
  private readonly queue = new SerialQueue();
  private readonly startedAt: number;

  constructor(
    private readonly env: ReportEnv,
    private readonly locate?: Locate,
  ) {
    this.startedAt = env.deps.clock.now();
  }

  started(sha: string): void {
    // The pipeline's first phase is waiting: the check run is created showing it, not a blank "starting".
    this.enter('waiting', `Waiting for the deployment of ${sha.slice(0, 7)} to be ready`);
    if (FULL_SHA.test(sha)) this.create(sha);
  }

  phase(phase: Phase, detail: string): void {
    this.enter(phase, detail);
    if (this.headSha !== undefined) this.queue.push(() => this.sendPhase(phase));
  }

  /** A short `sha` input cannot carry a check run; the resolved deployment may name the full commit. */
  resolved(outcome: ResolveOutcome): void {
    const sha = outcome.deployment.sha;
    if (this.headSha === undefined && sha && FULL_SHA.test(sha)) this.create(sha);
  }

  async finish(run: RunResult): Promise<CheckRunRef> {
    const { access, deps, context } = this.env;
    this.finishing = true;
    this.saveVerdict(run);
    const hurry = inAHurry(run, deps);
    // Left-behind writes (a creation still in flight) may yet land: then the post step must still look.
    const drained = await this.queue.idle(deps.clock, hurry ? CANCEL_GRACE_MS : undefined);
    if (!access.enabled('checks')) return this.reference();
    const completed = () => {
      if (drained) this.env.saveState(STATE.checkRunCompleted, 'true');
    };

    const output = finalOutput(run);
    const annotations = checkRunAnnotations(run, await workflowLocation(context), this.locate);
    // A cancelled run has seconds left: one write with the most important annotations.
    const batches = hurry ? inBatches(annotations).slice(0, 1) : inBatches(annotations);
    const completion: Completion = {
      status: 'completed',
      conclusion: checkConclusion(run),
      completed_at: new Date(deps.clock.now()).toISOString(),
    };

    let next = 0;
    if (this.id === undefined) {
      const sha = this.headSha ?? run.sha;
      const only = batches.length === 1;
      const created = await this.post(
        sha,
        only ? completion : { status: 'in_progress' },
        withAnnotations(output, batches[0]),
        only ? 'create the completed check run' : 'create the check run',
      );
      if (!created) return this.reference();
      if (only) {
        completed();
        return this.reference();
      }
      next = 1;
    }
    for (; next < batches.length - 1; next++) {
      await this.patch(
        { output: withAnnotations(output, batches[next]) },
        'add annotations to the check run',
      );
    }
    const done = await this.patch(
      { ...completion, output: withAnnotations(output, batches.at(-1)) },
      'complete the check run',
    );
    if (done) completed();
    return this.reference();
  }

  /**
   * Before any final write: should it fail (GitHub down, a cancel meeting a slow GitHub) or the step be
   * killed during it, the post step completes the check run with this verdict rather than `cancelled`.
   * A cancelled run has no verdict to save; `cancelled` is the post step's own default.
   */
  private saveVerdict(run: RunResult): void {
    if (wasCancelled(run)) return;
    const { saveState } = this.env;
    saveState(STATE.checkRunConclusion, checkConclusion(run));
    saveState(STATE.checkRunTitle, headlineText(run));
    saveState(STATE.checkRunMessage, verdictLine(run));
  }

  /** The check run as far as it exists: its id and page once GitHub made it. */
  reference(): CheckRunRef {
    return {
      ...(this.id !== undefined ? { checkRunId: this.id } : {}),
      ...(this.htmlUrl ? { checkRunUrl: this.htmlUrl } : {}),
    };
  }

  private enter(phase: Phase, detail: string): void {
    const last = this.steps.at(-1);
    if (last?.phase === phase) last.detail = detail;
    else this.steps.push({ phase, detail, at: this.env.deps.clock.now() });
  }

  private create(sha: string): void {
    this.headSha = sha;
    this.queue.push(async () => {
      if (this.finishing) return;
      // Whatever phase the gate has reached by now is what the new check run shows.
      const shown = this.steps.map((s) => s.phase);
      const created = await this.post(
        sha,
        { status: 'in_progress' },
        progressOutput([...this.steps], this.env.context),
        'create the check run',
      );
      if (created) for (const phase of shown) this.sent.add(phase);
    });
  }

  private async sendPhase(phase: Phase): Promise<void> {
    if (this.finishing || this.id === undefined || this.sent.has(phase)) return;
    const upTo = this.steps.findIndex((s) => s.phase === phase);
    this.sent.add(phase);
    await this.patch(
      { status: 'in_progress', output: progressOutput(this.steps.slice(0, upTo + 1), this.env.context) },
      'update the check run',
    );
  }

  private async post(
    sha: string,
    state: Progress | Completion,
    output: Output,
    what: string,
  ): Promise<boolean> {
    const { octokit, context, settings, access, saveState } = this.env;
    saveState(STATE.checkRunSha, sha);
    const response = await access.call('checks', what, (signal) =>
      octokit.request('POST /repos/{owner}/{repo}/check-runs', {
        owner: context.owner,
        repo: context.repo,
        name: settings.checkName,
        head_sha: sha,
        started_at: new Date(this.startedAt).toISOString(),
        ...(context.runUrl ? { details_url: context.runUrl } : {}),
        external_id: externalId(this.env),
        ...state,
        output,
        request: { signal },
      }),
    );
    if (!response) return false;
    const id = Number(response.data?.id);
    if (!Number.isSafeInteger(id) || id <= 0) {
      this.env.deps.logger.warning(
        `GitHub did not say which check run it made when asked to ${what} (no id in its answer), so the gate cannot update it; the verdict still decides the step.`,
      );
      return false;
    }
    this.id = id;
    this.htmlUrl = response.data.html_url ?? undefined;
    saveState(STATE.checkRunId, String(this.id));
    return true;
  }

  private async patch(
    body: (Partial<Progress> | Completion) & { output: Output },
    what: string,
  ): Promise<boolean> {
    const { octokit, context, access } = this.env;
    const id = this.id;
    if (id === undefined) return false;
    const response = await access.call('checks', what, (signal) =>
      octokit.request('PATCH /repos/{owner}/{repo}/check-runs/{check_run_id}', {
        owner: context.owner,
        repo: context.repo,
        check_run_id: id,
        ...body,
        request: { signal },
      }),
    );
    return response !== undefined;
  }
}

function withAnnotations(
  output: CheckOutput,
  annotations: CheckAnnotation[] | undefined,
): CheckOutput & { annotations?: CheckAnnotation[] } {
  return annotations && annotations.length > 0 ? { ...output, annotations } : output;
}

/** Stable per run attempt, so a re-run's check run is told apart from the first attempt's. */
export function externalId(env: Pick<ReportEnv, 'context'>): string {
  const { runId, runAttempt } = env.context;
  return `deployment-health-gate:${runId || 'local'}:${runAttempt || '1'}`;
}
