import type { BaselineSource } from '../evaluate/rules/baseline-source.js';
import type { RunRecord } from '../history/types.js';
import type { Deps } from '../model/deps.js';
import type { RunContext } from '../model/run-context.js';
import type { Settings } from '../settings/settings.js';
import { untrusted } from '../util/text.js';
import { productionTargetName } from './production-target.js';

type Runs = { records: readonly RunRecord[] } | { problem: string };

/**
 * Production's history for the gate's baseline rules, from the `history` input (undefined without one). The
 * store is loaded and read only when a baseline rule asks, once per target and window: a gate without
 * baseline rules reads nothing, and reading needs only `contents: read`.
 */
export function gateBaselineSource(
  settings: Settings,
  context: RunContext,
  deps: Deps,
): BaselineSource | undefined {
  if (settings.history.kind === 'none') return undefined;
  const reads = new Map<string, Promise<Runs>>();
  return {
    targetOf: (rule, project) =>
      rule.condition.baseline?.target ??
      productionTargetName(settings.vercel.project, project) ?? {
        skip: "no Vercel project names production's history; write the monitor's name for production as the rule's `target`",
      },
    runs(target, since) {
      const key = `${target}@${since}`;
      let read = reads.get(key);
      if (!read) {
        read = readRuns(settings, context, deps, target, since);
        reads.set(key, read);
      }
      return read;
    },
  };
}

async function readRuns(
  settings: Settings,
  context: RunContext,
  deps: Deps,
  target: string,
  since: number,
): Promise<Runs> {
  try {
    const { workspaceHistoryStore } = await import('../history/workspace-store.js');
    const store = workspaceHistoryStore({
      history: settings.history,
      token: settings.githubToken,
      context,
      deps,
    });
    const read = await store.read({ targets: [target], runsSince: since });
    if (read.warning) return { problem: `${store.describe}: ${read.warning}` };
    return { records: read.snapshot.runs[target] ?? [] };
  } catch (error) {
    return { problem: untrusted((error as Error).message, 300) };
  }
}
