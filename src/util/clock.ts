import type { Clock } from '../model/deps.js';

/** Sleeps that end early, with the signal's reason, when the run is cancelled. */
export function abortableSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason);
      return;
    }
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    const timer = setTimeout(
      () => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      },
      Math.max(0, ms),
    );
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

export const systemClock: Clock = {
  now: () => Date.now(),
  sleep: abortableSleep,
};

/** Whether `work` settles (either way) within `ms` on `clock`; it is not stopped when it does not. */
export async function settlesWithin(clock: Clock, ms: number, work: Promise<unknown>): Promise<boolean> {
  const stop = new AbortController();
  const settled = await Promise.race([
    work.then(
      () => true,
      () => true,
    ),
    clock.sleep(ms, stop.signal).then(
      () => false,
      () => false,
    ),
  ]);
  stop.abort();
  return settled;
}
