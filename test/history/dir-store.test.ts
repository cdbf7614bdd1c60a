import { spawnSync } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DIR_LOCK_FILE, DirStore } from '../../src/history/dir-store.js';
import { noneStore } from '../../src/history/none-store.js';
import { systemClock } from '../../src/util/clock.js';
import { MIN, runChange, T0 } from './fixtures.js';

const dirs: string[] = [];
afterEach(async () => {
  for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true });
});
async function tempDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'history-'));
  dirs.push(dir);
  return dir;
}
const deps = { clock: systemClock, random: Math.random };

describe('dir store', () => {
  it('reads an empty history from a folder that does not exist yet, then what it wrote', async () => {
    const root = join(await tempDir(), 'nested', 'history');
    const store = new DirStore(root, deps);
    expect(store.describe).toBe(`dir:${root}`);
    const empty = await store.read({ runsSince: 0 });
    expect(empty.warning).toBeUndefined();
    expect(empty.snapshot.states).toEqual({});
    expect(await store.write(runChange(['shop'], T0))).toEqual({ retries: 0 });
    const { snapshot } = await store.read({ runsSince: 0 });
    expect(snapshot.runs.shop).toHaveLength(1);
    expect(snapshot.states.shop?.confirmed).toBe('healthy');
    expect(await readdir(join(root, 'data', 'runs', '2024-03-10'))).toEqual(['00.json']);
    // No temporary file or lock is left behind.
    expect(await readdir(root)).toEqual(['data']);
  });

  it('two writers at once both land every record (they take turns on the lock)', async () => {
    const root = await tempDir();
    const writers = [new DirStore(root, deps), new DirStore(root, deps)];
    const runs = Array.from({ length: 20 }, (_, i) => runChange(['shop', 'api'], T0 + i * MIN, `run-${i}`));
    const results = await Promise.all(runs.map((change, i) => (writers[i % 2] as DirStore).write(change)));
    expect(results.every((r) => r.warning === undefined)).toBe(true);
    const { snapshot } = await (writers[0] as DirStore).read({ runsSince: 0 });
    expect(snapshot.runs.shop).toHaveLength(20);
    expect(snapshot.runs.api).toHaveLength(20);
    expect(snapshot.states.shop?.lastRunAt).toBe(T0 + 19 * MIN);
  });

  it('breaks a stale lock left by a process that is gone', async () => {
    const root = await tempDir();
    const gone = spawnSync(process.execPath, ['-e', 'process.exit(0)']).pid;
    await writeFile(
      join(root, DIR_LOCK_FILE),
      JSON.stringify({ pid: gone, host: (await import('node:os')).hostname() }),
    );
    const result = await new DirStore(root, deps).write(runChange(['shop'], T0));
    expect(result.warning).toBeUndefined();
  });

  it('gives up on a lock a live process holds with a warning that says what to do, never a throw', async () => {
    const root = await tempDir();
    await writeFile(
      join(root, DIR_LOCK_FILE),
      JSON.stringify({ pid: process.pid, host: (await import('node:os')).hostname(), at: 1 }),
    );
    const store = new DirStore(root, deps, { waitMs: 200, staleMs: 60_000 });
    const result = await store.write(runChange(['shop'], T0));
    expect(result.warning).toMatch(/another process has held .*\.history\.lock.* delete that file/);
    // The other process's lock is left alone.
    expect(await readFile(join(root, DIR_LOCK_FILE), 'utf8')).toContain(String(process.pid));
  });

  it('warns instead of throwing when the folder cannot be written', async () => {
    const root = await tempDir();
    await writeFile(join(root, 'file'), 'x');
    const store = new DirStore(join(root, 'file', 'history'), deps);
    expect((await store.write(runChange(['shop'], T0 + 5 * MIN))).warning).toMatch(
      /Could not write the history in dir:/,
    );
    expect((await store.read({ runsSince: 0 })).warning).toMatch(/Could not read/);
  });

  it('none keeps nothing', async () => {
    expect(await noneStore.write(runChange(['shop'], T0))).toEqual({ retries: 0 });
    expect((await noneStore.read({ runsSince: 0 })).snapshot.runs).toEqual({});
  });
});
