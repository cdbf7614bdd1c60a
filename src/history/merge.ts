// How the history's entries merge: the rules that make applying a change idempotent and merge-safe (a change
// applied twice, or on top of another run's commit, loses nothing and duplicates nothing).
import type { DeploymentMarker, Incident, RollUp, RunRecord, TargetState } from './types.js';

const text = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

export const byRecordOrder = (a: RunRecord, b: RunRecord) =>
  a.at - b.at || text(a.target, b.target) || text(a.id, b.id);

/** Run records unioned by `id`: a record already stored stays as it is. Undefined when nothing is new. */
export function unionRecords(stored: RunRecord[], added: readonly RunRecord[]): RunRecord[] | undefined {
  const ids = new Set(stored.map((r) => r.id));
  const fresh = added.filter((r) => !ids.has(r.id) && ids.add(r.id));
  return fresh.length === 0 ? undefined : [...stored, ...fresh].sort(byRecordOrder);
}

const markerKey = (m: DeploymentMarker) => `${m.target}\n${m.at}\n${m.source}\n${m.deploymentId ?? ''}`;

/** Markers unioned by target, time, source and deployment. Undefined when nothing is new. */
export function unionMarkers(
  stored: DeploymentMarker[],
  added: readonly DeploymentMarker[],
): DeploymentMarker[] | undefined {
  const keys = new Set(stored.map(markerKey));
  const fresh = added.filter((m) => !keys.has(markerKey(m)) && keys.add(markerKey(m)));
  if (fresh.length === 0) return undefined;
  return [...stored, ...fresh].sort((a, b) => a.at - b.at || text(a.target, b.target));
}

export const incidentKey = (i: Incident) => `${i.target}\n${i.openedAt}`;

/**
 * Which of two versions of one incident stands: a resolved one over an open one (a late run must not
 * reopen what another resolved), else the one noticed later, else the newer (`incoming`).
 */
export function laterIncident(stored: Incident, incoming: Incident): Incident {
  if (stored.state === 'resolved' && incoming.state === 'open') return stored;
  if (stored.state === 'open' && incoming.state === 'resolved') return incoming;
  return stored.lastNoticeAt > incoming.lastNoticeAt ? stored : incoming;
}

/** Incidents upserted by target and `openedAt`; `keep` filters the result (e.g. open ones only). */
export function upsertIncidents(
  stored: readonly Incident[],
  incoming: readonly Incident[],
  keep: (incident: Incident) => boolean = () => true,
): Incident[] {
  const byKey = new Map(stored.map((i) => [incidentKey(i), i]));
  for (const incident of incoming) {
    const current = byKey.get(incidentKey(incident));
    byKey.set(incidentKey(incident), current ? laterIncident(current, incident) : incident);
  }
  return [...byKey.values()].filter(keep).sort((a, b) => a.openedAt - b.openedAt || text(a.target, b.target));
}

/** States replaced per target; the one with the later `lastRunAt` wins (a late run does not roll back). */
export function mergeStates(stored: readonly TargetState[], incoming: readonly TargetState[]): TargetState[] {
  const byTarget = new Map(stored.map((s) => [s.target, s]));
  for (const state of incoming) {
    const current = byTarget.get(state.target);
    if (!current || current.lastRunAt <= state.lastRunAt) byTarget.set(state.target, state);
  }
  return [...byTarget.values()].sort((a, b) => text(a.target, b.target));
}

/** A roll-up line in a file: the roll-up and whose it is. */
export type RollUpLine = RollUp & { target: string };

export const byRollUpOrder = (a: RollUpLine, b: RollUpLine) => a.start - b.start || text(a.target, b.target);

/** The lines of a roll-up file with the period starting at `start` replaced by `lines`. */
export function replacePeriod(stored: RollUpLine[], start: number, lines: RollUpLine[]): RollUpLine[] {
  return [...stored.filter((line) => line.start !== start), ...lines].sort(byRollUpOrder);
}
