import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Agent } from 'undici';
import type { Clock, Deps } from '../../src/model/deps.js';
import type { ProbeSettings } from '../../src/probe/index.js';
import { systemClock } from '../../src/util/clock.js';
import { type RecordingLogger, recordingLogger } from '../support/recording-logger.js';

/** A clock that runs in real time but remembers every sleep it was asked for. */
export function recordingClock(): Clock & { sleeps: number[] } {
  const sleeps: number[] = [];
  return {
    sleeps,
    now: () => systemClock.now(),
    sleep: (ms, signal) => {
      sleeps.push(ms);
      return systemClock.sleep(ms, signal);
    },
  };
}

export interface TestDeps extends Deps {
  logger: RecordingLogger;
  abort: AbortController;
  close(): Promise<void>;
}

export function testDeps(overrides: Partial<Omit<Deps, 'signal'>> = {}): TestDeps {
  const abort = new AbortController();
  const dispatcher = new Agent({ connections: 8 });
  return {
    clock: systemClock,
    random: () => 0.5,
    dispatcher,
    ...overrides,
    logger: recordingLogger(),
    signal: abort.signal,
    abort,
    close: () => dispatcher.destroy(),
  };
}

/** Short timeouts and backoffs so that every waiting test stays well under a second or two. */
export function fastSettings(overrides: Partial<ProbeSettings> = {}): ProbeSettings {
  return {
    healthPath: '/api/health/deployment',
    healthFormat: 'auto',
    headers: [],
    protectionBypass: undefined,
    requestTimeoutMs: 300,
    healthTimeoutMs: 2000,
    backoff: { initialMs: 40, factor: 2, maxMs: 300, jitter: 0.5 },
    ...overrides,
  };
}

/**
 * A fake clock on which sleeping takes no time: `sleep(ms)` moves the clock forward by `ms` at once, while
 * requests still take their real time. The schedule is then exact however busy the machine is, and an
 * answer's duration still shows whether the next sample waited for it.
 */
export function jumpingClock(
  options: {
    /** Called as each sleep begins, e.g. to cancel the run at a chosen point of a schedule. */
    beforeSleep?: () => void;
  } = {},
): Clock & { slept: number[] } {
  let offset = 0;
  const slept: number[] = [];
  return {
    slept,
    now: () => Date.now() + offset,
    sleep: async (ms, signal) => {
      options.beforeSleep?.();
      signal?.throwIfAborted();
      slept.push(ms);
      offset += Math.max(0, ms);
      await new Promise((resolve) => setImmediate(resolve));
    },
  };
}

export { type RecordingLogger, recordingLogger };

const rawServers: Server[] = [];

/** A bare loopback server for transport corner cases the sample app has no mode for; returns its URL. */
export async function rawServer(handler: Parameters<typeof createServer>[1]): Promise<string> {
  const server = createServer(handler);
  rawServers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

/** Closes every `rawServer` (call it after each test). */
export async function closeRawServers(): Promise<void> {
  for (const server of rawServers.splice(0)) {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
}
