import { mkdir, readdir, readFile, rename, rmdir, unlink, writeFile } from 'node:fs/promises';
import { dirname, join, relative, sep } from 'node:path';
import type { Clock } from '../model/deps.js';
import { untrusted } from '../util/text.js';
import { applyChange } from './apply.js';
import { acquireDirLock, type DirLockOptions, defaultDirLockOptions } from './dir-lock.js';
import type { FileChanges, HistoryFiles } from './files.js';
import { DATA_DIR } from './layout.js';
import { emptySnapshot, readSnapshot } from './snapshot.js';
import type {
  HistoryChange,
  HistoryQuery,
  HistorySnapshot,
  HistoryStore,
  HistoryWriteResult,
} from './types.js';

/** The lock file, next to `data/` (not inside it: it is no history file). */
export const DIR_LOCK_FILE = '.history.lock';

/**
 * `history: dir:PATH`: the layout of `layout.ts` in a directory (a local monitor, the CLI, a workflow that
 * caches or commits the folder itself). Each file is written to a temporary file and renamed over the old
 * one, so a reader never sees half a file. Two processes writing at once take turns on a lock file (see
 * `dir-lock.ts`): each applies its change to what is on disk once it holds the lock, so neither loses a
 * record. Reads take no lock: every file they see is whole. Disk trouble is a warning, never a throw.
 */
export class DirStore implements HistoryStore {
  readonly describe: string;

  constructor(
    readonly root: string,
    private readonly deps: { clock: Clock; random: () => number },
    private readonly lock: DirLockOptions = defaultDirLockOptions,
  ) {
    this.describe = `dir:${root}`;
  }

  async read(query: HistoryQuery): Promise<{ snapshot: HistorySnapshot; warning?: string | undefined }> {
    try {
      return { snapshot: await readSnapshot(await this.files(), query) };
    } catch (error) {
      return { snapshot: emptySnapshot(), warning: this.trouble('read', error) };
    }
  }

  async write(change: HistoryChange): Promise<HistoryWriteResult> {
    let release: (() => Promise<void>) | undefined;
    try {
      await mkdir(this.root, { recursive: true });
      release = await acquireDirLock(join(this.root, DIR_LOCK_FILE), this.deps, this.lock);
      const changes = await applyChange(await this.files(), change, {
        // Reading a local file costs nothing: roll up everything that is due.
        maxRollUpReads: Number.POSITIVE_INFINITY,
      });
      await this.commit(changes);
      return { retries: 0 };
    } catch (error) {
      return { retries: 0, warning: this.trouble('write', error) };
    } finally {
      await release?.().catch(() => undefined);
    }
  }

  /** The listing of `data/` and a reader; a missing directory is an empty history. */
  private async files(): Promise<HistoryFiles> {
    const paths = new Set<string>();
    const walk = async (dir: string): Promise<void> => {
      let entries: import('node:fs').Dirent[];
      try {
        entries = await readdir(dir, { withFileTypes: true });
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
        throw error;
      }
      for (const entry of entries) {
        const full = join(dir, entry.name);
        if (entry.isDirectory()) await walk(full);
        else if (entry.isFile() && !entry.name.endsWith('.tmp'))
          paths.add(relative(this.root, full).split(sep).join('/'));
      }
    };
    await walk(join(this.root, DATA_DIR));
    const root = this.root;
    return {
      paths,
      async read(path) {
        try {
          return await readFile(join(root, ...path.split('/')), 'utf8');
        } catch (error) {
          if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
          throw error;
        }
      },
    };
  }

  private async commit(changes: FileChanges): Promise<void> {
    for (const [path, content] of changes.write) {
      const target = join(this.root, ...path.split('/'));
      await mkdir(dirname(target), { recursive: true });
      const temp = `${target}.${process.pid}.${Math.floor(this.deps.random() * 1e9)}.tmp`;
      await writeFile(temp, content);
      await rename(temp, target);
    }
    for (const path of changes.delete) {
      const target = join(this.root, ...path.split('/'));
      await unlink(target).catch((error) => {
        if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
      });
      // An hour folder left empty goes too (fails harmlessly when it is not empty).
      await rmdir(dirname(target)).catch(() => undefined);
    }
  }

  private trouble(what: 'read' | 'write', error: unknown): string {
    const detail = error instanceof Error ? error.message : String(error);
    return `Could not ${what} the history in ${this.describe}: ${untrusted(detail, 300)}`;
  }
}
