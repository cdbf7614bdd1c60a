/**
 * The history's files as a store holds them: every path (a branch's recursive tree listing, a directory
 * walk) and a reader for the content of one. Reads are what costs (one request each on a branch), so the
 * listing is enough to know what exists, and readers are asked only for what is needed.
 */
export interface HistoryFiles {
  /** Every file path the store holds (relative, `/`-separated). */
  readonly paths: ReadonlySet<string>;
  /** A file's content; undefined when it does not exist. */
  read(path: string): Promise<string | undefined>;
  /**
   * Whether `path` holds exactly `text`, when the store can tell without reading it (a branch compares git
   * blob SHAs). Absent: the content is read and compared.
   */
  holds?(path: string, text: string): boolean;
}

/** What applying a change makes of the files: contents to write (whole files) and paths to delete. */
export interface FileChanges {
  write: Map<string, string>;
  delete: Set<string>;
}

/** Files held in memory (tests, the size bench); `apply` puts a change's result into them. */
export class MemoryFiles implements HistoryFiles {
  readonly files = new Map<string, string>();
  reads = 0;

  constructor(initial: Record<string, string> = {}) {
    for (const [path, content] of Object.entries(initial)) this.files.set(path, content);
  }

  get paths(): ReadonlySet<string> {
    return new Set(this.files.keys());
  }

  /** Counts the reads of files that exist (a store asks for nothing else). */
  async read(path: string): Promise<string | undefined> {
    const content = this.files.get(path);
    if (content !== undefined) this.reads++;
    return content;
  }

  apply(changes: FileChanges): void {
    for (const path of changes.delete) this.files.delete(path);
    for (const [path, content] of changes.write) this.files.set(path, content);
  }
}

/** Remembers what was read, so a write after a read (and a retry) does not read the same file twice. */
export class CachedFiles implements HistoryFiles {
  private readonly cache = new Map<string, Promise<string | undefined>>();

  constructor(private readonly inner: HistoryFiles) {}

  get paths(): ReadonlySet<string> {
    return this.inner.paths;
  }

  read(path: string): Promise<string | undefined> {
    if (!this.inner.paths.has(path)) return Promise.resolve(undefined);
    let content = this.cache.get(path);
    if (!content) {
      content = this.inner.read(path);
      this.cache.set(path, content);
      content.catch(() => this.cache.delete(path));
    }
    return content;
  }
}
