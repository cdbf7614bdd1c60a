import { open, readFile, stat, unlink } from 'node:fs/promises';
import { hostname } from 'node:os';
import type { Clock } from '../model/deps.js';

export interface DirLockOptions {
  /** How long to wait for another process's lock before giving up (with a warning). */
  waitMs: number;
  /** A lock older than this is stale whoever holds it (a writer takes well under a second). */
  staleMs: number;
}

export const defaultDirLockOptions: DirLockOptions = { waitMs: 30_000, staleMs: 120_000 };

/** The lock is held by another process for longer than the caller would wait. */
export class LockTimeout extends Error {}

/**
 * An exclusive lock file (`O_CREAT | O_EXCL`, atomic on local file systems) that two CLI processes writing
 * one `dir:` history take in turn, so neither loses a record: the second reads what the first wrote. A lock
 * whose process is gone (same host, the pid no longer runs) or that is older than `staleMs` is stale and
 * broken. The one race left: two processes judging the same stale lock at the same moment may both break
 * it, one of them a fresh lock taken in between; the content is re-read right before the break to keep
 * that window to microseconds. Returns the release function.
 */
export async function acquireDirLock(
  path: string,
  deps: { clock: Clock; random: () => number },
  options: DirLockOptions = defaultDirLockOptions,
): Promise<() => Promise<void>> {
  const started = deps.clock.now();
  const mine = JSON.stringify({ pid: process.pid, host: hostname(), at: started, nonce: deps.random() });
  for (;;) {
    try {
      const handle = await open(path, 'wx');
      try {
        await handle.writeFile(mine);
      } finally {
        await handle.close();
      }
      return async () => {
        // Only our own lock is removed (a stale-lock breaker may have replaced it).
        if ((await readFile(path, 'utf8').catch(() => undefined)) === mine)
          await unlink(path).catch(() => {});
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const seen = await readFile(path, 'utf8').catch(() => undefined);
    if (seen !== undefined && (await isStale(path, seen, options.staleMs))) {
      if ((await readFile(path, 'utf8').catch(() => undefined)) === seen) await unlink(path).catch(() => {});
      continue;
    }
    if (deps.clock.now() - started >= options.waitMs) {
      throw new LockTimeout(
        `another process has held ${path} for over ${Math.round(options.waitMs / 1000)} s; if no monitor ` +
          'is writing this history, delete that file.',
      );
    }
    await deps.clock.sleep(20 + Math.round(50 * deps.random()));
  }
}

async function isStale(path: string, content: string, staleMs: number): Promise<boolean> {
  const info = await stat(path).catch(() => undefined);
  if (!info) return false; // Gone already: the next try takes it.
  // A file's age is wall-clock time (its mtime), whatever clock the run is on.
  if (Date.now() - info.mtimeMs > staleMs) return true;
  let holder: { pid?: unknown; host?: unknown };
  try {
    holder = JSON.parse(content);
  } catch {
    // Half written by a writer that is creating it right now, or garbage: only age makes it stale.
    return false;
  }
  if (holder.host !== hostname() || typeof holder.pid !== 'number') return false;
  try {
    process.kill(holder.pid, 0);
    return false;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ESRCH';
  }
}
