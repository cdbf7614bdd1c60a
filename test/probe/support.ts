import { Agent } from 'undici';
import type { Clock, Deps, Logger } from '../../src/deps.js';
import type { ProbeSettings } from '../../src/probe/index.js';
import { systemClock } from '../../src/util/clock.js';

export interface RecordingLogger extends Logger {
  lines: Array<{ level: 'debug' | 'info' | 'warning' | 'error'; message: string }>;
  text(): string;
}

export function recordingLogger(): RecordingLogger {
  const lines: RecordingLogger['lines'] = [];
  return {
    lines,
    debug: (message) => lines.push({ level: 'debug', message }),
    info: (message) => lines.push({ level: 'info', message }),
    warning: (message) => lines.push({ level: 'warning', message }),
    error: (message) => lines.push({ level: 'error', message }),
    text: () => lines.map((l) => `${l.level}: ${l.message}`).join('\n'),
  };
}

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
