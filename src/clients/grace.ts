import type { Clock } from '../model/deps.js';

/**
 * What a cancelled run still owes (completing its check run, closing its Rollbar deploy) may take this long
 * after cancel: the runner sends SIGKILL 7.5 s after SIGTERM, and the reports must be out before that.
 */
export const AFTER_CANCEL_GRACE_MS = 2_000;

export interface Grace {
  /** Aborts `graceMs` after the watched signal does; never, when that one had already aborted. */
  signal: AbortSignal;
  /** Stops watching (and the timer, if it runs): call it when the work the grace was for is over. */
  dispose(): void;
}

/**
 * The after-cancel grace: a signal that lets work already in flight at cancel go on for `graceMs` more. Work
 * started after cancel gets its short limit from the caller instead, so an already-aborted `signal` yields a
 * grace that never ends. With `clock`, the grace runs on the injected clock (tests move it); without, on a
 * real timer that does not keep the process alive.
 */
export function graceAfter(
  signal: AbortSignal,
  graceMs: number,
  options: { clock?: Clock; reason?: () => unknown } = {},
): Grace {
  const grace = new AbortController();
  const disposed = new AbortController();
  if (signal.aborted) return { signal: grace.signal, dispose: () => undefined };
  const end = () => grace.abort(options.reason ? options.reason() : signal.reason);
  let timer: NodeJS.Timeout | undefined;
  const onAbort = () => {
    if (options.clock) {
      options.clock.sleep(graceMs, disposed.signal).then(end, () => undefined);
    } else {
      timer = setTimeout(end, graceMs);
      timer.unref?.();
    }
  };
  signal.addEventListener('abort', onAbort, { once: true });
  return {
    signal: grace.signal,
    dispose() {
      signal.removeEventListener('abort', onAbort);
      clearTimeout(timer);
      disposed.abort();
    },
  };
}
