import { parseJson, STATE_PATH, serializeFile } from './layout.js';
import type { Incident, TargetState } from './types.js';

/** `data/state.json`: read by every run, so it holds what every run needs and nothing that grows. */
export interface StateFile {
  /** When the last change was applied (ms). */
  updatedAt?: number | undefined;
  /** How far roll-ups have got: the start of the latest hour and day rolled up. */
  rolledUp: { hour?: number | undefined; day?: number | undefined };
  /** Branch store only: when the branch's root commit was written (for `history-squash`). */
  branchRootAt?: number | undefined;
  /** Confirmed state per target, sorted by name. */
  states: TargetState[];
  /** Incidents still open, oldest first (the resolved ones are in `data/incidents/`). */
  incidents: Incident[];
}

export function parseStateFile(text: string | undefined): StateFile {
  if (text === undefined) return { rolledUp: {}, states: [], incidents: [] };
  const data = parseJson(STATE_PATH, text);
  const rolled = (data.rolledUp ?? {}) as Record<string, unknown>;
  const num = (value: unknown) => (typeof value === 'number' && Number.isFinite(value) ? value : undefined);
  return {
    updatedAt: num(data.updatedAt),
    rolledUp: { hour: num(rolled.hour), day: num(rolled.day) },
    branchRootAt: num(data.branchRootAt),
    states: Array.isArray(data.states) ? (data.states as TargetState[]) : [],
    incidents: Array.isArray(data.incidents) ? (data.incidents as Incident[]) : [],
  };
}

export function serializeStateFile(state: StateFile): string {
  const header: Record<string, unknown> = { updatedAt: state.updatedAt, rolledUp: state.rolledUp };
  if (state.branchRootAt !== undefined) header.branchRootAt = state.branchRootAt;
  return serializeFile(header, { states: state.states, incidents: state.incidents });
}
