import type { Clock } from '../model/deps.js';

/**
 * A wall-clock budget. Every wait inside a phase asks the deadline how long it may still take, so a phase
 * never runs past its limit however many requests it makes.
 */
export class Deadline {
  readonly startedAt: number;
  readonly endsAt: number;

  constructor(
    private readonly clock: Clock,
    readonly limitMs: number,
  ) {
    this.startedAt = clock.now();
    this.endsAt = this.startedAt + limitMs;
  }

  remainingMs(): number {
    return Math.max(0, this.endsAt - this.clock.now());
  }

  expired(): boolean {
    return this.remainingMs() <= 0;
  }

  elapsedMs(): number {
    return this.clock.now() - this.startedAt;
  }

  /** A delay shortened so that it ends no later than the deadline. */
  clamp(ms: number): number {
    return Math.max(0, Math.min(ms, this.remainingMs()));
  }
}
