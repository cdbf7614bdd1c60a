import { type CallEnv, type CallOutcome, callRollbar } from '../../clients/rollbar-call.js';
import type { Trouble } from '../../clients/rollbar-trouble.js';
import type { RollbarDeployState } from '../../evaluate/checklist/rollbar-item.js';
import type { RunContext } from '../../model/run-context.js';
import type { RunResult } from '../../model/run-result.js';
import { type DeployStatus, finalComment, finalDeployStatus, startedComment } from './deploy-status.js';
import type { RollbarTroubles } from './troubles.js';

export interface Announcement {
  environment: string;
  sha: string;
  deploymentUrl: string | undefined;
}

/**
 * The run's one Rollbar deploy: `POST deploy` once (`started`, or straight away with the final status when
 * the run ends before it was announced), then `PATCH deploy/{id}` with how the run ended.
 */
export class DeployTracker {
  private announcing: Promise<void> | undefined;
  private announced: Announcement | undefined;
  private deployId: string | undefined;
  private outcome: RollbarDeployState | undefined;

  constructor(
    private readonly env: CallEnv,
    private readonly context: RunContext,
    private readonly troubles: RollbarTroubles,
    /** Masks secrets in text that may quote one (a deployment URL with a share token). */
    private readonly redact: (text: string) => string,
  ) {}

  /** The environment the deploy was (or is being) announced in; undefined before. */
  get environment(): string | undefined {
    return this.announced?.environment;
  }

  /** POSTs `started`, once per run; returns at once (see `settled`). */
  announce(announcement: Announcement): void {
    if (this.announcing) return;
    this.announced = announcement;
    this.announcing = this.post(
      announcement,
      'started',
      this.redact(startedComment(announcement.deploymentUrl, announcement.sha, this.context)),
    );
  }

  /** Waits for the announcement, if one is under way (bounded by the call's own budget). */
  async settled(): Promise<void> {
    await this.announcing;
  }

  /** What the checklist's "Rollbar accepted the deploy" item shows. */
  state(): RollbarDeployState {
    return this.outcome ?? { accepted: undefined, detail: 'the deploy was not announced to Rollbar yet' };
  }

  /**
   * Closes the deploy with the run's outcome. A run that ended before the deploy was announced (cancelled
   * while resolving) announces it now, with its final status: one call, one deploy.
   */
  async complete(run: RunResult, announcement: Announcement, notes: string[] = []): Promise<void> {
    const status = finalDeployStatus(run);
    const comment = finalComment(run, notes);
    if (!this.announcing) {
      this.announced = announcement;
      this.announcing = this.post(announcement, status, comment);
      await this.announcing;
      return;
    }
    await this.announcing;
    if (this.deployId === undefined) return; // Not recorded: the trouble is already filed.
    const skip = this.troubles.reasonToSkip(this.env.deps.clock.now());
    if (skip) {
      this.file(skip, "the deploy's final status");
      return;
    }
    const outcome = await callRollbar(
      {
        method: 'PATCH',
        path: `deploy/${encodeURIComponent(this.deployId)}`,
        body: { status, comment },
        repeatable: true,
      },
      this.env,
    );
    if (!outcome.ok) this.file(outcome.trouble, `the deploy's final status (${status})`);
    else this.env.deps.logger.info(`Rollbar deploy ${this.deployId} marked ${status}.`);
  }

  private async post(announcement: Announcement, status: DeployStatus, comment: string): Promise<void> {
    const outcome = await callRollbar(
      {
        method: 'POST',
        path: 'deploy',
        body: {
          environment: announcement.environment,
          revision: announcement.sha,
          local_username: this.context.actor || undefined,
          comment,
          status,
        },
        repeatable: false,
      },
      this.env,
    );
    this.outcome = this.stateOf(outcome, announcement.environment);
    if (!outcome.ok) {
      this.file(outcome.trouble, 'the deploy');
      return;
    }
    this.env.deps.logger.info(
      `Rollbar deploy ${this.deployId ?? '(no id)'} recorded in environment "${announcement.environment}" (${status}).`,
    );
  }

  private stateOf(outcome: CallOutcome, environment: string): RollbarDeployState {
    if (outcome.ok) {
      this.deployId = deployIdOf(outcome.data);
      const id = this.deployId ? ` ${this.deployId}` : '';
      return { accepted: true, detail: `deploy${id} recorded in environment "${environment}"` };
    }
    const { kind, detail } = outcome.trouble;
    // Refused means Rollbar answered no: a setup mistake. Anything else is Rollbar's trouble, not the deployment's.
    const refused = kind === 'token' || kind === 'refused';
    return { accepted: refused ? false : undefined, detail };
  }

  private file(trouble: Trouble, what: string): void {
    this.troubles.record(trouble, what, this.env.deps.clock.now());
  }
}

/** `{"err": 0, "data": {"deploy_id": 123}}` → `"123"`. */
function deployIdOf(data: unknown): string | undefined {
  const inner = typeof data === 'object' && data !== null ? (data as { data?: unknown }).data : undefined;
  const id =
    typeof inner === 'object' && inner !== null ? (inner as { deploy_id?: unknown }).deploy_id : undefined;
  return typeof id === 'number' || (typeof id === 'string' && /^\d+$/.test(id)) ? String(id) : undefined;
}
