import { type BackoffPolicy, backoffDelay } from '../clients/backoff.js';
import { type CallLimits, CallScope, defaultRetryLimits } from '../clients/call-scope.js';
import { Interrupted, TransientFailure } from '../clients/errors.js';
import {
  defaultGitReadCaps,
  GitHubGit,
  type GitReadCaps,
  type GitRepoAccess,
  GitRequestRefused,
  type GitTreeEntry,
} from '../clients/github-git.js';
import type { Deps } from '../model/deps.js';
import { untrusted } from '../util/text.js';
import { applyChange } from './apply.js';
import { BranchFiles } from './branch-files.js';
import { HistoryLayoutError, STATE_PATH } from './layout.js';
import { emptySnapshot, readSnapshot } from './snapshot.js';
import { squashIfDue } from './squash.js';
import type {
  HistoryChange,
  HistoryQuery,
  HistorySnapshot,
  HistoryStore,
  HistoryWriteResult,
} from './types.js';

export interface BranchStoreOptions {
  branch: string;
  access: GitRepoAccess;
  deps: Deps;
  /** `history-squash`: squash the branch to one commit once its root commit is older than this; 0 = never. */
  squashAfterMs?: number | undefined;
  /** One read or one write, its retries and waits included. */
  limits?: CallLimits | undefined;
  /** Tries of the compare-and-swap on the ref before the write gives up (with a warning). */
  casAttempts?: number | undefined;
  /** Waits between those tries, with jitter so two runs that collided do not collide again. */
  casBackoff?: BackoffPolicy | undefined;
  maxRollUpReads?: number | undefined;
  caps?: GitReadCaps | undefined;
}

export const defaultBranchLimits: CallLimits = {
  budgetMs: 60_000,
  requestTimeoutMs: 10_000,
  ...defaultRetryLimits,
};
const DEFAULT_CAS_BACKOFF: BackoffPolicy = { initialMs: 300, factor: 2, maxMs: 4000, jitter: 0.5 };

/**
 * `history: branch:NAME`: the history on a data branch of this repository, through the Git Data API (no
 * checkout; `contents: write`). A read costs the ref, the commit's recursive tree and the blobs the query
 * needs. A write is one tree (contents inline, deletes as `sha: null`, on the head's tree as `base_tree`),
 * one commit (`deployment health: <n> targets, <time> [skip ci]`) and a fast-forward-only ref update: when
 * another run moved the branch in between (422 "Update is not a fast forward"), the new head is read, the
 * same change applied to it again (merge-safe, see `apply.ts`) and the update retried, up to `casAttempts`
 * times with jittered backoff. A missing branch is created with an orphan commit. A write starts from the
 * head a read of this store just saw, so a monitor run reads the ref once. Missing permissions and GitHub
 * outages come back as `warning`, never as a throw.
 */
export class BranchStore implements HistoryStore {
  readonly describe: string;
  /** Blob contents by SHA, shared by reads and writes (a file that did not change is read once). */
  private readonly blobs = new Map<string, Promise<string>>();
  /** The head (and its listing) this store saw last; `head: undefined` = the branch did not exist. */
  private known: { head: string | undefined; tree?: { sha: string; entries: GitTreeEntry[] } } | undefined;

  constructor(private readonly options: BranchStoreOptions) {
    this.describe = `branch:${options.branch}`;
  }

  async read(query: HistoryQuery): Promise<{ snapshot: HistorySnapshot; warning?: string | undefined }> {
    const scope = new CallScope(this.options.deps, this.options.limits ?? defaultBranchLimits);
    try {
      const git = this.git(scope);
      const head = await git.headOf(this.options.branch);
      if (!head) {
        this.known = { head: undefined };
        return { snapshot: emptySnapshot() };
      }
      const tree = await git.treeOf(head);
      this.known = { head, tree };
      const files = new BranchFiles(tree.entries, git, this.blobs);
      files.keepOnly(this.blobs);
      return { snapshot: await readSnapshot(files, query) };
    } catch (error) {
      return { snapshot: emptySnapshot(), warning: this.warning('read', error) };
    } finally {
      scope.dispose();
    }
  }

  async write(change: HistoryChange): Promise<HistoryWriteResult> {
    const { deps, branch } = this.options;
    const scope = new CallScope(deps, this.options.limits ?? defaultBranchLimits);
    const attempts = this.options.casAttempts ?? 6;
    let retries = 0;
    try {
      const git = this.git(scope);
      for (;;) {
        const known = this.known;
        this.known = undefined;
        const head = known ? known.head : await git.headOf(branch);
        const tree = known?.tree ?? (head ? await git.treeOf(head) : undefined);
        const files = new BranchFiles(tree?.entries ?? [], git, this.blobs);
        const changes = await applyChange(files, change, {
          maxRollUpReads: this.options.maxRollUpReads,
          branchRootAt: deps.clock.now(),
        });
        if (changes.write.size === 0 && changes.delete.size === 0) return { retries };
        const newTree = await git.createTree(tree?.sha, [
          ...[...changes.write].map(([path, content]) => ({ path, content })),
          ...[...changes.delete].map((path) => ({ path, delete: true as const })),
        ]);
        if (newTree === tree?.sha) return { retries };
        const commit = await git.createCommit(commitMessage(change), newTree, head ? [head] : []);
        const landed = head
          ? (await git.moveBranch(branch, commit, false)) === 'moved'
          : (await git.createBranch(branch, commit)) === 'created';
        if (landed) {
          this.known = { head: commit };
          const stateText = changes.write.get(STATE_PATH) ?? (await files.read(STATE_PATH));
          const squashed = await this.squash(git, commit, newTree, stateText);
          return { commit: squashed ?? commit, retries };
        }
        retries++;
        if (retries >= attempts) {
          return {
            retries,
            warning:
              `The history was not written to ${this.where()}: other writers moved the branch ${retries} times ` +
              "in a row, so this run's records are not kept. Give the monitor's workflow a `concurrency` group.",
          };
        }
        const delay = backoffDelay(retries - 1, this.options.casBackoff ?? DEFAULT_CAS_BACKOFF, deps.random);
        deps.logger.info(
          `The history branch \`${branch}\` moved meanwhile; merging and retrying (${retries}).`,
        );
        await scope.sleep(delay);
      }
    } catch (error) {
      return { retries, warning: this.warning('write', error) };
    } finally {
      scope.dispose();
    }
  }

  /** A squash is housekeeping: its failure is logged, and the write it followed stands. */
  private async squash(git: GitHubGit, head: string, tree: string, stateText: string | undefined) {
    const { deps } = this.options;
    try {
      const squashed = await squashIfDue({
        git,
        branch: this.options.branch,
        head,
        tree,
        stateText,
        now: deps.clock.now(),
        afterMs: this.options.squashAfterMs,
      });
      if (squashed) {
        this.known = { head: squashed };
        deps.logger.info(`Squashed the history branch \`${this.options.branch}\` to one commit.`);
      }
      return squashed;
    } catch (error) {
      deps.logger.warning(`Could not squash the history branch: ${this.warning('write', error)}`);
      return undefined;
    }
  }

  private git(scope: CallScope): GitHubGit {
    return new GitHubGit(
      scope,
      this.options.access,
      this.options.deps.dispatcher,
      this.options.caps ?? defaultGitReadCaps,
    );
  }

  private where(): string {
    const { access, branch } = this.options;
    return `branch \`${branch}\` of ${access.owner}/${access.repo}`;
  }

  /** What went wrong and what to fix, for the run's warnings. */
  private warning(what: 'read' | 'write', error: unknown): string {
    const lead =
      what === 'write'
        ? `The history was not written to ${this.where()}`
        : `The history on ${this.where()} could not be read`;
    const after =
      what === 'write'
        ? " This run's verdict, summary and outputs stand."
        : ' Thresholds count from this run only.';
    let detail: string;
    if (error instanceof GitRequestRefused) {
      if (error.status === 401) {
        detail = `${error.message}: \`github-token\` is invalid or expired. Pass the workflow token (\`github.token\`).`;
      } else if (error.status === 403 || error.status === 404) {
        detail =
          what === 'write'
            ? `${error.message}: the token cannot write the repository's contents. Grant the job ` +
              '`permissions: contents: write` (a pull request from a fork gets a read-only token), or set `history: none`.'
            : `${error.message}: the token cannot read the repository's contents. Grant the job \`permissions: contents: read\`.`;
      } else if (error.status === 409) {
        detail = `${error.message}: the repository is empty. Push a first commit to it.`;
      } else {
        detail = `${error.message}.`;
      }
    } else if (error instanceof Interrupted) {
      detail = error.why === 'cancelled' ? 'the run was cancelled first.' : 'its time ran out.';
    } else if (error instanceof TransientFailure || error instanceof HistoryLayoutError) {
      detail = `${untrusted(error.message, 400)}.`.replace(/\.\.$/, '.');
    } else {
      detail = `${untrusted(error instanceof Error ? error.message : String(error), 400)}.`;
    }
    return `${lead}: ${detail}${after}`;
  }
}

/** `deployment health: 3 targets, 2024-03-10 00:05 UTC [skip ci]`: `[skip ci]` starts no workflow. */
export function commitMessage(change: HistoryChange): string {
  const targets = new Set([...change.states.map((s) => s.target), ...change.records.map((r) => r.target)]);
  const when = new Date(change.at).toISOString().slice(0, 16).replace('T', ' ');
  return `deployment health: ${targets.size} target${targets.size === 1 ? '' : 's'}, ${when} UTC [skip ci]`;
}
