import type { GitHubGit } from '../clients/github-git.js';
import { STATE_PATH } from './layout.js';
import { parseStateFile, serializeStateFile } from './state-file.js';

/** `history-squash` unless set: a data branch keeps at most about a day of commits. */
export { DEFAULT_SQUASH_AFTER_MS } from './spec.js';

/**
 * Squashes the data branch to one commit once its root commit is older than `afterMs`, so the repository
 * stops growing: its size is the current files plus at most `afterMs` of commits (old commits become
 * unreachable and GitHub's garbage collection drops them).
 *
 * The branch's root time is `branchRootAt` in `state.json` (set when the branch is created, and by each
 * squash), so no request walks the history. The squash commit is an orphan (no parents) whose tree is the
 * head's with only that time renewed; the ref then moves with `force: true`, right after checking that the
 * head is still the commit this run just wrote. This is the only forced ref update: a writer that lands
 * between that check and the forced update (a window of one request, well under a second) loses its
 * commit; every other write is a fast-forward compare-and-swap. When the head moved, nothing is forced and
 * the next run squashes instead. Returns the squash commit, or undefined when none was due or made.
 */
export async function squashIfDue(options: {
  git: GitHubGit;
  branch: string;
  /** The head this run just wrote, and its tree. */
  head: string;
  tree: string;
  /** The `state.json` the head holds. */
  stateText: string | undefined;
  now: number;
  afterMs: number | undefined;
}): Promise<string | undefined> {
  const { git, branch, head, now, afterMs } = options;
  if (!afterMs || afterMs <= 0 || options.stateText === undefined) return undefined;
  const state = parseStateFile(options.stateText);
  if (state.branchRootAt === undefined || now - state.branchRootAt < afterMs) return undefined;
  state.branchRootAt = now;
  const tree = await git.createTree(options.tree, [{ path: STATE_PATH, content: serializeStateFile(state) }]);
  const when = new Date(now).toISOString().slice(0, 16).replace('T', ' ');
  const orphan = await git.createCommit(
    `deployment health: history squashed, ${when} UTC [skip ci]`,
    tree,
    [],
  );
  if ((await git.headOf(branch)) !== head) return undefined;
  await git.moveBranch(branch, orphan, true);
  return orphan;
}
