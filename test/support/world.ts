import { afterAll, afterEach, beforeAll, beforeEach } from 'vitest';
import { startWorld, type World, type WorldOptions } from '../world/index.js';
import { readThrough, running } from './read-through.js';

export interface UseWorldOptions extends WorldOptions {
  /** Runs before each test of the file, e.g. to clear what the previous test left in a simulator. */
  beforeEach?: (world: World) => void;
  /** Runs after each test of the file, e.g. to put a mode back or to check the APIs were spoken correctly. */
  afterEach?: (world: World) => void;
}

/**
 * Starts the simulated world once for the calling test file (before its first test) and stops it after the
 * last; `close` also fails the file if an API simulator saw a request its API would reject. The returned
 * handle reads through to the running world, so tests write `world.app.url` as with a world of their own.
 * Call it at the top of a file, where the file's hooks are declared.
 */
export function useWorld(options: UseWorldOptions = {}): World {
  const { beforeEach: before, afterEach: after, ...worldOptions } = options;
  let current: World | undefined;
  const what = 'The simulated world';
  beforeAll(async () => {
    current = await startWorld(worldOptions);
  });
  if (before) beforeEach(() => before(running(current, what)));
  if (after) afterEach(() => after(running(current, what)));
  afterAll(async () => {
    await current?.close();
  });
  return readThrough(() => current, what);
}

/** The app answers healthy again, and neither the Vercel nor the GitHub simulator saw a request its API rejects. */
export function healthyAppLawfulApis(world: World): void {
  world.app.setMode('healthy');
  world.vercel.assertNoViolations();
  world.github.assertNoViolations();
}

/**
 * A new commit SHA at each call, unique within the file (a counter of `digits` hex digits) and across files
 * (each file picks its own two-character `tag` to fill the rest of the 40 characters).
 */
export function shaSeries(tag: string, digits = 6): () => string {
  let serial = 0;
  return () => `${(++serial).toString(16).padStart(digits, '0')}${tag.repeat((40 - digits) / tag.length)}`;
}

/** Waits `ms` of real time: lets a simulator's clock move on (a build finish, a deployment grow older). */
export const settle = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
