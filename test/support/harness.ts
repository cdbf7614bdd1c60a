import type { Clock, Deps } from '../../src/model/deps.js';
import { testDeps } from './deps.js';
import type { RecordingLogger } from './recording-logger.js';

/** Deps for a test against a simulated API, the controller that cancels its run, and the end of its agent. */
export interface Harness {
  deps: Deps & { logger: RecordingLogger };
  controller: AbortController;
  /** Closes the agent once its requests are through (the simulator sees every request the test made). */
  close(): Promise<void>;
}

export function harness(options: { clock?: Clock } = {}): Harness {
  const deps = testDeps({
    ...(options.clock ? { clock: options.clock } : {}),
    agent: { connect: { timeout: 2000 } },
    closeBy: 'close',
  });
  return { deps, controller: deps.abort, close: deps.close };
}
