import type { Dispatcher } from '../util/undici.js';

/** Time, injectable so waits and windows run on a fake clock in tests. */
export interface Clock {
  /** Milliseconds since the epoch. */
  now(): number;
  /** Resolves after `ms`, or rejects with the signal's reason when it aborts first. */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

/**
 * Where the pipeline writes what a person reads in the log. The action's logger escapes workflow commands
 * and masks secrets; stages never write to the runner (runner/core.ts) themselves.
 */
export interface Logger {
  debug(message: string): void;
  info(message: string): void;
  warning(message: string): void;
  error(message: string): void;
}

/** Everything with side effects that the stages need, passed in (create-github-app-token style). */
export interface Deps {
  clock: Clock;
  logger: Logger;
  /** undici dispatcher for every outbound HTTP request (Vercel, the deployment, GitHub lookups by fetch). */
  dispatcher: Dispatcher;
  /** Random number in [0, 1), for jitter; injectable for deterministic tests. */
  random: () => number;
  /** Aborted on SIGINT/SIGTERM: every wait and request must stop promptly when it fires. */
  signal: AbortSignal;
}
