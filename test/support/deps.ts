import { Agent } from 'undici';
import type { Clock, Deps } from '../../src/model/deps.js';
import { systemClock } from '../../src/util/clock.js';
import { type RecordingLogger, recordingLogger } from './recording-logger.js';

/** Deps as the action builds them, with a logger tests can read and the controller that cancels the run. */
export interface TestDeps extends Deps {
  logger: RecordingLogger;
  abort: AbortController;
  /** Ends the dispatcher (once; later calls do nothing). */
  close(): Promise<void>;
}

export interface TestDepsOptions {
  clock?: Clock;
  random?: () => number;
  /** Options for the undici agent behind every request (default: at most 8 connections per origin). */
  agent?: ConstructorParameters<typeof Agent>[0];
  /**
   * `destroy` (default) cuts requests still in flight when the test ends; `close` lets them finish first, for
   * tests whose simulator must see every request through.
   */
  closeBy?: 'destroy' | 'close';
}

/**
 * Real time, a fixed `random()` of 0.5 (jitter is then exact), a loopback agent and a fresh abort signal.
 * The caller closes it (see `depsForTest` for deps that close with the test).
 */
export function testDeps(options: TestDepsOptions = {}): TestDeps {
  const abort = new AbortController();
  const dispatcher = new Agent(options.agent ?? { connections: 8 });
  let closed: Promise<void> | undefined;
  return {
    clock: options.clock ?? systemClock,
    random: options.random ?? (() => 0.5),
    dispatcher,
    logger: recordingLogger(),
    signal: abort.signal,
    abort,
    close: () => {
      closed ??= options.closeBy === 'close' ? dispatcher.close() : dispatcher.destroy();
      return closed;
    },
  };
}

/** Deps for work that makes no request: a clock, a logger that keeps nothing, no dispatcher. */
export function offlineDeps(clock: Clock): Deps {
  return {
    clock,
    logger: { debug() {}, info() {}, warning() {}, error() {} },
    dispatcher: undefined as never,
    random: () => 0.5,
    signal: new AbortController().signal,
  };
}
