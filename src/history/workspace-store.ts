import { resolve } from 'node:path';
import type { Deps } from '../model/deps.js';
import type { RunContext } from '../model/run-context.js';
import { openHistoryStore } from './open-store.js';
import type { HistorySpec } from './spec.js';
import type { HistoryStore } from './types.js';

/**
 * The store a `history` input names, as a step reaches it: a relative folder is the workspace's (the CLI's
 * working directory), not the process's; a branch is this repository's, through the GitHub token. Shared by the
 * monitor and the gate (deployment markers, baseline rules). Throws HistoryConfigError as openHistoryStore does.
 */
export function workspaceHistoryStore(input: {
  history: HistorySpec;
  token: string | undefined;
  context: RunContext;
  deps: Deps;
  /** `history-squash` in ms (the monitor's); the default otherwise. */
  squashAfterMs?: number | undefined;
}): HistoryStore {
  const { history, token, context, deps } = input;
  const spec =
    history.kind === 'dir'
      ? { kind: 'dir' as const, path: resolve(context.workspace, history.path) }
      : history;
  return openHistoryStore(spec, {
    deps,
    github:
      token && context.owner && context.repo
        ? { apiUrl: context.apiUrl, token, owner: context.owner, repo: context.repo }
        : undefined,
    squashAfterMs: input.squashAfterMs,
  });
}
