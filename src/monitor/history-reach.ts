import type { GateConfig } from '../config/types.js';
import type { BaselineSource } from '../evaluate/rules/baseline-source.js';
import type { HistoryQuery, HistorySnapshot, HistoryStore } from '../history/types.js';

/** Raw runs read back for the time-window rules and the deployment markers. */
export const RECENT_MS = 3_600_000;
/** Days of hourly roll-ups an anomaly rule's hour-of-day profile reads (src/baselines/seasonal.ts). */
const PROFILE_MS = 14 * 24 * 3_600_000;

/**
 * What a run reads of the history: the last hour's runs always; an anomaly or baseline rule's window of runs
 * (each hour a file, so a 24 h window costs 24 more reads on a branch); the hourly roll-ups of the last two
 * weeks for anomaly rules' hour-of-day profile; and the runs of any other target a baseline rule names.
 */
export function historyReach(config: GateConfig, now: number): HistoryQuery & { targets: string[] } {
  const rules = config.rules.filter((rule) => rule.enabled);
  // A baseline rule only runs in the monitor when it names the production to compare with (snapshotBaselines).
  const windows = rules.flatMap((rule) => {
    const { anomaly, baseline } = rule.condition;
    const window = anomaly?.window ?? (baseline?.target ? baseline.window : undefined);
    return window === undefined ? [] : [window * 1000];
  });
  const anomalies = rules.some((rule) => rule.condition.anomaly !== undefined);
  const named = rules.flatMap((rule) =>
    rule.condition.baseline?.target ? [rule.condition.baseline.target] : [],
  );
  return {
    targets: named,
    runsSince: now - Math.max(RECENT_MS, ...windows),
    rollUps: anomalies || undefined,
    rollUpsSince: anomalies ? now - PROFILE_MS : undefined,
  };
}

/**
 * Baseline rules in the monitor, from the history read this run: a target (a staging URL, a canary) against the
 * production the rule's `target` names. Production against its own history is what anomaly rules judge, with a
 * robust spread and a trigger over several runs: a baseline rule without another target is skipped there.
 */
export function snapshotBaselines(
  snapshot: HistorySnapshot,
  target: string,
  warning: string | undefined,
): BaselineSource {
  return {
    targetOf: (rule) => {
      const named = rule.condition.baseline?.target;
      if (named && named !== target) return named;
      return {
        skip: `in the monitor a baseline rule compares a target with the production its \`target\` names; ${target} against its own history is what an anomaly rule judges`,
      };
    },
    runs: async (name, since) =>
      warning
        ? { problem: warning }
        : { records: (snapshot.runs[name] ?? []).filter((record) => record.at >= since) },
  };
}

/**
 * The history anomaly and baseline rules read: nothing more when they need no more than the run's own read
 * (`recent`: the last hour's runs), else a second read of their windows and roll-ups. Its trouble is its own
 * warning: those rules are skipped with it, the rest of the run stands.
 */
export async function readForRules(
  store: HistoryStore,
  config: GateConfig,
  targets: string[],
  now: number,
  recent: HistorySnapshot,
  recentWarning: string | undefined,
): Promise<{ snapshot: HistorySnapshot; warning?: string | undefined }> {
  const reach = historyReach(config, now);
  const more = reach.rollUps || reach.targets.length > 0 || (reach.runsSince ?? now) < now - RECENT_MS;
  if (!more) return { snapshot: recent, warning: recentWarning };
  return store.read({ ...reach, targets: [...new Set([...targets, ...reach.targets])] });
}
