import type { Clock } from '../../src/model/deps.js';
import { abortableSleep, systemClock } from '../../src/util/clock.js';

/** A clock that stands still at `now` (ms since the epoch). */
export function fixedClock(now: number): Clock {
  return { now: () => now, sleep: async () => {} };
}

/** Time runs `factor` times faster: a 3-minute build passes in under a second of real time. */
export function scaledClock(factor: number): Clock {
  const t0 = Date.now();
  return {
    now: () => t0 + (Date.now() - t0) * factor,
    sleep: (ms, signal) => abortableSleep(ms / factor, signal),
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
