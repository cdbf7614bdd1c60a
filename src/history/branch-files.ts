import { createHash } from 'node:crypto';
import type { GitHubGit, GitTreeEntry } from '../clients/github-git.js';
import type { HistoryFiles } from './files.js';

/**
 * The files of one commit of a data branch: the listing from its recursive tree, each file read as a blob
 * when asked for. Blobs are cached by SHA in `blobs`, which the store keeps across reads and writes: a
 * file that did not change (same SHA) is never read twice, not even after another writer moved the branch.
 */
export class BranchFiles implements HistoryFiles {
  readonly paths: ReadonlySet<string>;
  private readonly shas = new Map<string, string>();

  constructor(
    entries: readonly GitTreeEntry[],
    private readonly git: GitHubGit,
    private readonly blobs: Map<string, Promise<string>>,
  ) {
    for (const entry of entries) if (entry.type === 'blob') this.shas.set(entry.path, entry.sha);
    this.paths = new Set(this.shas.keys());
  }

  read(path: string): Promise<string | undefined> {
    const sha = this.shas.get(path);
    if (!sha) return Promise.resolve(undefined);
    let text = this.blobs.get(sha);
    if (!text) {
      text = this.git.blobText(sha);
      this.blobs.set(sha, text);
      text.catch(() => this.blobs.delete(sha));
    }
    return text;
  }

  /** Whether the listing's blob at `path` has `text`'s git blob SHA: no request. */
  holds(path: string, text: string): boolean {
    const body = Buffer.from(text, 'utf8');
    const sha = createHash('sha1')
      .update(Buffer.concat([Buffer.from(`blob ${body.length}\0`), body]))
      .digest('hex');
    return this.shas.get(path) === sha;
  }

  /** Forgets cached blobs this listing no longer holds (a long-running CLI monitor keeps one store). */
  keepOnly(cache: Map<string, Promise<string>>): void {
    const live = new Set(this.shas.values());
    for (const sha of cache.keys()) if (!live.has(sha)) cache.delete(sha);
  }
}
