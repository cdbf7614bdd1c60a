import type { GitRepoAccess } from '../clients/github-git.js';
import type { Deps } from '../model/deps.js';
import { BranchStore, type BranchStoreOptions } from './branch-store.js';
import { DirStore } from './dir-store.js';
import { noneStore } from './none-store.js';
import { DEFAULT_SQUASH_AFTER_MS, HistoryConfigError, type HistorySpec, parseHistorySpec } from './spec.js';
import type { HistoryStore } from './types.js';

export { HistoryConfigError, type HistorySpec, parseHistorySpec, parseSquashAfter } from './spec.js';

export interface OpenHistoryOptions {
  deps: Deps;
  /** The repository and token for `branch:`; absent when none is known (a CLI without a token). */
  github?: GitRepoAccess | undefined;
  /** `history-squash` in ms (0 = never); default 24 h. */
  squashAfterMs?: number | undefined;
  /** More tuning of the branch store (tests shrink its waits). */
  branch?: Partial<Omit<BranchStoreOptions, 'branch' | 'access' | 'deps'>> | undefined;
}

/** The store a `history` value names. Throws HistoryConfigError for a bad value or a branch without GitHub. */
export function openHistoryStore(spec: string | HistorySpec, options: OpenHistoryOptions): HistoryStore {
  const parsed = typeof spec === 'string' ? parseHistorySpec(spec) : spec;
  switch (parsed.kind) {
    case 'none':
      return noneStore;
    case 'dir':
      return new DirStore(parsed.path, options.deps);
    case 'branch':
      if (!options.github) {
        throw new HistoryConfigError(
          `\`history\` is "branch:${parsed.branch}", which needs \`github-token\` and the repository ` +
            '(GITHUB_REPOSITORY). Pass them, or use `dir:PATH`.',
        );
      }
      return new BranchStore({
        squashAfterMs: options.squashAfterMs ?? DEFAULT_SQUASH_AFTER_MS,
        ...options.branch,
        branch: parsed.branch,
        access: options.github,
        deps: options.deps,
      });
  }
}
