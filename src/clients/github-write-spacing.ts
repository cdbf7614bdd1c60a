import type { Deps } from '../model/deps.js';

/** The part of a Bottleneck group the throttling plugin uses for writes: `key(id).schedule(options, job)`. */
export interface WriteLimiter {
  key(id?: string): {
    schedule<T>(options: unknown, job: (...args: unknown[]) => Promise<T>, ...args: unknown[]): Promise<T>;
  };
}

/**
 * Starts writes at least `gapMs` apart, as GitHub advises against secondary rate limits. The throttling
 * plugin's own write group does the same, but process-wide and on a fixed 1 s: this one waits on the
 * injected clock and stops spacing once the run is cancelled, when every second counts.
 */
export function spacedWrites(gapMs: number, deps: Deps): WriteLimiter {
  let lastStart = Number.NEGATIVE_INFINITY;
  let queue: Promise<unknown> = Promise.resolve();
  const scheduler = {
    schedule<T>(_options: unknown, job: (...args: unknown[]) => Promise<T>, ...args: unknown[]): Promise<T> {
      const turn = queue.then(async () => {
        const wait = lastStart + gapMs - deps.clock.now();
        if (wait > 0 && !deps.signal.aborted) {
          await deps.clock.sleep(wait, deps.signal).catch(() => undefined);
        }
        lastStart = deps.clock.now();
      });
      queue = turn;
      return turn.then(() => job(...args));
    },
  };
  return { key: () => scheduler };
}
