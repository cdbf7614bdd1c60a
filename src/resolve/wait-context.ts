import type { Deps } from '../model/deps.js';
import type { ResolvedDeployment, ResolveOutcome } from '../model/types.js';
import type { Settings } from '../settings/settings.js';
import { Deadline } from '../util/deadline.js';
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

/** The run was cancelled or the wall-clock limit passed; thrown out of any wait or request. */
export class Interrupted extends Error {
  constructor(readonly why: 'cancelled' | 'wait-timeout') {
    super(why);
    this.name = 'Interrupted';
  }
}

/** A request kept failing (5xx, transport, timeout) through its retries; callers that poll carry on. */
export class TransientFailure extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TransientFailure';
  }
}

/**
 * Everything one resolve run shares: the one wall-clock budget for all waiting, the signal that ends every
 * request and sleep (cancel or deadline), the request count, what was learnt so far (for the messages of a
 * run that stops), and the logger that speaks only when a state changes.
 */
export class WaitContext {
  readonly deadline: Deadline;
  /** Aborts on cancel (deps.signal) or when the wait deadline passes. */
  readonly signal: AbortSignal;
  requests = 0;
  /** What we were waiting for, as a person reads it: ends up in the wait-timeout and cancel messages. */
  progress = 'nothing had been found yet';
  /** The last trouble met (rate limit, 5xx), added to a timeout message because it may explain it. */
  lastProblem: string | undefined;
  readonly learnt: Partial<ResolvedDeployment> & { sha: string };

  private readonly expiry = new AbortController();
  private readonly disposed = new AbortController();
  private readonly states = new Map<string, string>();
  private readonly ranks = new Map<string, number>();

  constructor(
    readonly settings: Settings,
    readonly deps: Deps,
    readonly policy: ResolvePolicy,
    sha: string,
  ) {
    this.learnt = { sha };
    this.deadline = new Deadline(deps.clock, settings.waitTimeoutMs);
    // The deadline is enforced by a timer on the injected clock, so a long request or an open stream is cut
    // off exactly at the limit, not at the next poll.
    deps.clock.sleep(this.deadline.remainingMs(), this.disposed.signal).then(
      () => this.expiry.abort(new Interrupted('wait-timeout')),
      () => undefined,
    );
    this.signal = AbortSignal.any([deps.signal, this.expiry.signal]);
  }

  interruption(): Interrupted | undefined {
    if (this.deps.signal.aborted) return new Interrupted('cancelled');
    if (this.expiry.signal.aborted || this.deadline.expired()) return new Interrupted('wait-timeout');
    return undefined;
  }

  /** Throws when the run was cancelled or the deadline passed. */
  check(): void {
    const interrupted = this.interruption();
    if (interrupted) throw interrupted;
  }

  /** Sleeps at most until the deadline; `also` ends the sleep early (with an error) for local reasons. */
  async sleep(ms: number, also?: AbortSignal): Promise<void> {
    this.check();
    const signal = also ? AbortSignal.any([this.signal, also]) : this.signal;
    try {
      await this.deps.clock.sleep(this.deadline.clamp(ms), signal);
    } catch (error) {
      this.check();
      throw error;
    }
    this.check();
  }

  /** Signal for one request: the run's signal plus the per-request timeout, capped by the time left. */
  requestSignal(timeoutMs = this.settings.requestTimeoutMs): AbortSignal {
    const ms = Math.max(1, Math.min(timeoutMs, this.deadline.remainingMs()));
    return AbortSignal.any([this.signal, AbortSignal.timeout(ms)]);
  }

  /** Logs `message` only when `subject` enters a new state, never once per poll. */
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

  dispose(): void {
    this.disposed.abort();
  }
}
