import { createHash } from 'node:crypto';
import { mkdir, readdir, readFile, rename, rmdir, stat, unlink, writeFile } from 'node:fs/promises';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { CallScope } from '../clients/call-scope.js';
import { defaultGitReadCaps, GitHubGit, type GitRepoAccess } from '../clients/github-git.js';
import { defaultBranchLimits } from '../history/branch-store.js';
import { classify, DATA_DIR, DAY_MS, STATE_PATH } from '../history/layout.js';
import type { HistorySpec } from '../history/spec.js';
import { parseStateFile, serializeStateFile } from '../history/state-file.js';
import type { Deps } from '../model/deps.js';

/**
 * How far back the page reads each kind of data file (see `site/dashboard.js`), with a day's margin: raw
 * runs (all of them: they are kept 48 h), hourly roll-ups of the last 7 days, and the month files (daily
 * roll-ups, markers, incidents) of the last 90 days. Older files are not copied from a branch.
 */
export const PAGE_HORIZON_MS = { runs: 3 * DAY_MS, hourly: 8 * DAY_MS, months: 91 * DAY_MS } as const;
/**
 * The most blobs a `dashboard-dir` run reads from a data branch: the files the page reads are at most
 * `state.json`, 49 raw hour files, 9 hourly files and 4 month files each of daily roll-ups, markers and
 * incidents (71).
 */
export const MAX_BRANCH_READS = 80;

export interface DashboardDirOptions {
  /** The folder to write (absolute). */
  dir: string;
  /** The site's files (`siteFiles`). */
  site: Record<string, string>;
  /** Where the data comes from; a `dir:` path is absolute. */
  history: HistorySpec;
  /** For a `branch:` history: the repository and the run's dependencies. */
  github?: { access: GitRepoAccess; deps: Deps } | undefined;
  now: number;
}

export interface DashboardDirResult {
  /** Files written (new or changed). */
  written: number;
  /** Files deleted (gone from the history). */
  deleted: number;
  /** Requests to GitHub (branch history only). */
  requests: number;
  /** Data files not copied this run (the read cap); they come on a later run when the folder is kept. */
  left: number;
}

/**
 * Writes the dashboard into `dir` for `actions/upload-pages-artifact`: the site's files at its root and the
 * history's `data/` files beside them, so the folder is the whole Pages site. The folder mirrors the history:
 * a file that did not change is not written again, and a data file the history no longer holds is deleted.
 *
 * - `dir:` history: `data/` is copied from the folder (local reads only).
 * - `branch:` history: the branch's listing (2 requests: the ref and the recursive tree), then one blob
 *   request for each data file the page reads ({@link PAGE_HORIZON_MS}) that the folder does not already
 *   hold with the same content (its git blob SHA is compared): at most {@link MAX_BRANCH_READS}. On a fresh
 *   runner that is about 65 requests a run once the history is a few days old (48 raw hours, a week of
 *   hourly files, the month files); a folder kept between runs (`actions/cache`) costs only the files that
 *   changed, 2 to 4 a run. Pages "deploy from a branch" (`dashboard: true` alone) costs none.
 * - `none`: the site alone (the page says there is no data).
 */
export async function writeDashboardDir(options: DashboardDirOptions): Promise<DashboardDirResult> {
  const dir = resolve(options.dir);
  const result: DashboardDirResult = { written: 0, deleted: 0, requests: 0, left: 0 };
  await mkdir(dir, { recursive: true });
  for (const [path, text] of Object.entries(options.site)) {
    if (await writeIfChanged(dir, path, text)) result.written++;
  }
  const { history } = options;
  if (history.kind === 'dir') {
    const from = resolve(history.path);
    if (from === dir) return result; // the history's own folder already holds site and data
    if (isInside(dir, join(from, DATA_DIR))) {
      throw new Error(`dashboard-dir ${dir} is inside the history's data folder; choose a folder outside it`);
    }
    const source = await listData(from);
    for (const path of source) {
      const text = await readFile(join(from, ...path.split('/')), 'utf8');
      if (await writeIfChanged(dir, path, text)) result.written++;
    }
    result.deleted = await deleteOthers(dir, new Set(source));
  } else if (history.kind === 'branch') {
    if (!options.github) throw new Error('a `branch:` history needs `github-token` and the repository');
    await copyFromBranch(dir, history.branch, options.github, options.now, result);
  }
  // A history no run has written yet: an empty state, so the page says "no checks recorded yet" without a 404.
  if (!(await exists(join(dir, ...STATE_PATH.split('/'))))) {
    if (await writeIfChanged(dir, STATE_PATH, serializeStateFile(parseStateFile(undefined))))
      result.written++;
  }
  return result;
}

const exists = (path: string) =>
  stat(path).then(
    () => true,
    () => false,
  );

async function copyFromBranch(
  dir: string,
  branch: string,
  github: { access: GitRepoAccess; deps: Deps },
  now: number,
  result: DashboardDirResult,
): Promise<void> {
  const scope = new CallScope(github.deps, defaultBranchLimits);
  try {
    const git = new GitHubGit(scope, github.access, github.deps.dispatcher, defaultGitReadCaps);
    const head = await git.headOf(branch);
    const entries = head ? (await git.treeOf(head)).entries : [];
    // Newest first, so a capped run copies what the page shows first (the overview, the last day).
    const wanted = entries
      .filter((e) => e.type === 'blob' && (e.path === STATE_PATH || pageReads(e.path, now)))
      .sort((a, b) =>
        a.path === STATE_PATH
          ? -1
          : b.path === STATE_PATH
            ? 1
            : (classify(b.path)?.end ?? 0) - (classify(a.path)?.end ?? 0),
      );
    const keep = new Set<string>();
    let reads = 0;
    for (const entry of wanted) {
      const local = await readLocal(dir, entry.path);
      if (local !== undefined && gitBlobSha(local) === entry.sha) {
        keep.add(entry.path);
        continue;
      }
      if (reads >= MAX_BRANCH_READS) {
        result.left++;
        if (local !== undefined) keep.add(entry.path); // older content beats none; the next run catches up
        continue;
      }
      reads++;
      const text = await git.blobText(entry.sha);
      await writeIfChanged(dir, entry.path, text);
      result.written++;
      keep.add(entry.path);
    }
    result.deleted = await deleteOthers(dir, keep);
  } finally {
    result.requests = scope.requests;
    scope.dispose();
  }
}

/** Whether the page may read this data file (by its kind and period). */
function pageReads(path: string, now: number): boolean {
  const file = classify(path);
  if (!file) return false;
  const horizon =
    file.kind === 'runs'
      ? PAGE_HORIZON_MS.runs
      : file.kind === 'hourly'
        ? PAGE_HORIZON_MS.hourly
        : PAGE_HORIZON_MS.months;
  return file.end > now - horizon;
}

/** Git's blob SHA-1 of a text (`git hash-object`): what a tree listing says of a file, without reading it. */
export function gitBlobSha(text: string | Buffer): string {
  const body = typeof text === 'string' ? Buffer.from(text, 'utf8') : text;
  return createHash('sha1')
    .update(Buffer.concat([Buffer.from(`blob ${body.length}\0`), body]))
    .digest('hex');
}

/** Every file under `<root>/data/`, as `data/…` paths (temporary files left out). */
async function listData(root: string): Promise<string[]> {
  const paths: string[] = [];
  const walk = async (at: string): Promise<void> => {
    let entries: import('node:fs').Dirent[];
    try {
      entries = await readdir(at, { withFileTypes: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
      throw error;
    }
    for (const entry of entries) {
      const full = join(at, entry.name);
      if (entry.isDirectory()) await walk(full);
      else if (entry.isFile() && !entry.name.endsWith('.tmp'))
        paths.push(relative(root, full).split(sep).join('/'));
    }
  };
  await walk(join(root, DATA_DIR));
  return paths.sort();
}

/** Deletes the files under `<dir>/data/` that are not in `keep`, and folders left empty. */
async function deleteOthers(dir: string, keep: ReadonlySet<string>): Promise<number> {
  let deleted = 0;
  for (const path of await listData(dir)) {
    if (keep.has(path)) continue;
    const target = join(dir, ...path.split('/'));
    await unlink(target);
    await rmdir(dirname(target)).catch(() => undefined);
    deleted++;
  }
  return deleted;
}

async function readLocal(dir: string, path: string): Promise<Buffer | undefined> {
  try {
    return await readFile(join(dir, ...path.split('/')));
  } catch {
    return undefined;
  }
}

/** Writes `text` at `path` under `dir` (whole, through a temporary file) unless it is there already. */
async function writeIfChanged(dir: string, path: string, text: string): Promise<boolean> {
  const target = join(dir, ...path.split('/'));
  if (!isInside(target, dir)) throw new Error(`refusing to write ${path} outside ${dir}`);
  const before = await readLocal(dir, path);
  if (before?.equals(Buffer.from(text, 'utf8'))) return false;
  await mkdir(dirname(target), { recursive: true });
  const temp = `${target}.${process.pid}.tmp`;
  await writeFile(temp, text);
  await rename(temp, target);
  return true;
}

const isInside = (path: string, root: string) =>
  path === root || path.startsWith(root.endsWith(sep) ? root : `${root}${sep}`);
