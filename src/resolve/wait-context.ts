import { CallScope } from '../clients/call-scope.js';
import { Interrupted, RequestRefused } from '../clients/errors.js';
import type { Deps } from '../model/deps.js';
import type { ResolvedDeployment, ResolveOutcome } from '../model/types.js';
import type { Settings } from '../settings/settings.js';
import { formatDuration, untrusted } from '../util/text.js';
import type { ResolvePolicy } from './policy.js';

export type StoppedReason = Extract<ResolveOutcome, { kind: 'stopped' }>['reason'];

/** A definite answer found deep inside a lookup (a failed build, a bad token): ends resolving at once. */
export class StopResolving extends Error {
  constructor(
    readonly reason: StoppedReason,
    message: string,
  ) {
    super(message);
    this.name = 'StopResolving';
  }
}

/**
 * Everything one resolve run shares: the call scope (one wall-clock budget, `wait-timeout`, for all waiting;
 * the signal that ends every request and sleep; the request count), what was learnt so far (for the
 * messages of a run that stops), and the logger that speaks only when a state changes.
 */
export class WaitContext extends CallScope {
  /** What we were waiting for, as a person reads it: ends up in the wait-timeout and cancel messages. */
  progress = 'nothing had been found yet';
  readonly learnt: Partial<ResolvedDeployment> & { sha: string };

  private readonly states = new Map<string, string>();
  private readonly ranks = new Map<string, number>();

  constructor(
    readonly settings: Settings,
    deps: Deps,
    readonly policy: ResolvePolicy,
    sha: string,
  ) {
    super(deps, {
      budgetMs: settings.waitTimeoutMs,
      requestTimeoutMs: settings.requestTimeoutMs,
      retry: policy.retry,
      maxAttempts: policy.maxAttempts,
    });
    this.learnt = { sha };
  }

  /**
   * Logs a state once, when it changes. With `rank`, a state that ranks below the last one logged is a
   * replay (the events stream starts from the beginning of the build) and is not logged again.
   */
  note(subject: string, state: string, message: string, rank?: number): void {
    if (this.states.get(subject) === state) return;
    if (rank !== undefined) {
      if (rank < (this.ranks.get(subject) ?? -1)) return;
      this.ranks.set(subject, rank);
    }
    this.states.set(subject, state);
    this.deps.logger.info(message);
  }

  learn(facts: Partial<ResolvedDeployment>): void {
    for (const [key, value] of Object.entries(facts)) {
      if (value !== undefined) (this.learnt as Record<string, unknown>)[key] = value;
    }
  }

  ready(deployment: ResolvedDeployment): ResolveOutcome {
    return { kind: 'ready', deployment, waitedMs: this.deadline.elapsedMs(), requests: this.requests };
  }

  /** `buildLog`: a failed build's last output lines, carried only when there are some. */
  stopped(reason: StoppedReason, message: string, buildLog?: string[]): ResolveOutcome {
    return {
      kind: 'stopped',
      reason,
      message,
      deployment: { ...this.learnt },
      waitedMs: this.deadline.elapsedMs(),
      requests: this.requests,
      ...(buildLog && buildLog.length > 0 ? { buildLog: [...buildLog] } : {}),
    };
  }

  /** Turns whatever ended the run into its stopped outcome. */
  stoppedBy(error: unknown): ResolveOutcome {
    const interrupted = error instanceof Interrupted ? error : this.interruption();
    if (interrupted?.why === 'cancelled') {
      return this.stopped('cancelled', `Cancelled while resolving the deployment (${this.progress}).`);
    }
    if (interrupted?.why === 'wait-timeout') return this.stopped('wait-timeout', this.timeoutMessage());
    if (error instanceof StopResolving) return this.stopped(error.reason, error.message);
    if (error instanceof RequestRefused) return this.stopped('config', error.message);
    const detail = error instanceof Error ? error.message : String(error);
    return this.stopped(
      'not-found',
      `Could not resolve the deployment: ${untrusted(detail)}. Set \`deployment-url\` to check a known URL.`,
    );
  }

  private timeoutMessage(): string {
    const inspector = this.learnt.inspectorUrl
      ? ` Inspect it at ${untrusted(this.learnt.inspectorUrl)}.`
      : '';
    const problem = this.lastProblem ? ` Last problem: ${this.lastProblem}.` : '';
    return (
      `Stopped waiting after ${formatDuration(this.settings.waitTimeoutMs)} (\`wait-timeout\`): ` +
      `${this.progress}.${inspector}${problem} Raise \`wait-timeout\` if deployments take longer than that.`
    );
  }
}
