import { afterEach, beforeEach } from 'vitest';

/**
 * A handle on something a hook starts later: each property read goes to what `current()` holds at that
 * moment, so a file keeps one handle at its top and its tests write `sim.url` as with a value of their own.
 * Reading it outside a test or a hook fails, naming `what`.
 */
export function readThrough<T extends object>(current: () => T | undefined, what: string): T {
  return new Proxy({} as T, { get: (_target, key) => Reflect.get(running(current(), what), key) });
}

/** `value`, which a hook has started by now; outside a test or a hook it is not, and that fails, naming `what`. */
export function running<T>(value: T | undefined, what: string): T {
  if (!value) throw new Error(`${what} is not running here: use it inside a test or a hook.`);
  return value;
}

/**
 * Starts a fresh value before each test of the calling file and stops it after that test; returns what reads
 * the current one (undefined outside a test). Call it at the top of a file, where the file's hooks are declared.
 */
export function startForEachTest<T>(
  start: () => Promise<T>,
  stop: (value: T) => Promise<void>,
): () => T | undefined {
  let current: T | undefined;
  beforeEach(async () => {
    current = undefined;
    current = await start();
  });
  afterEach(async () => {
    if (current !== undefined) await stop(current);
  });
  return () => current;
}
