import type { HistoryFiles } from './files.js';
import { classify, HISTORY_SCHEMA_VERSION, parseFile, STATE_PATH } from './layout.js';
import { incidentKey, laterIncident, type RollUpLine } from './merge.js';
import { parseStateFile } from './state-file.js';
import type { DeploymentMarker, HistoryQuery, HistorySnapshot, Incident, RunRecord } from './types.js';

export function emptySnapshot(): HistorySnapshot {
  return {
    schemaVersion: HISTORY_SCHEMA_VERSION,
    states: {},
    runs: {},
    hourly: {},
    daily: {},
    markers: {},
    incidents: [],
  };
}

/** How many files a reader fetches at once (a branch store makes a request each). */
const PARALLEL_READS = 4;

/**
 * The snapshot a query asks for, reading only what it needs: `state.json` always (states, open incidents);
 * the raw hour files that overlap `runsSince`; with `rollUps`, the hourly, daily, marker and incident files
 * (from `rollUpsSince` on, when given). Everything sorted oldest first.
 */
export async function readSnapshot(files: HistoryFiles, query: HistoryQuery): Promise<HistorySnapshot> {
  const wanted = query.targets ? new Set(query.targets) : undefined;
  const mine = (target: string) => !wanted || wanted.has(target);
  const snapshot = emptySnapshot();

  const state = parseStateFile(await files.read(STATE_PATH));
  for (const s of state.states) if (mine(s.target)) snapshot.states[s.target] = s;
  const incidents = new Map<string, Incident>();
  for (const i of state.incidents) if (mine(i.target)) incidents.set(incidentKey(i), i);

  const need: string[] = [];
  for (const path of [...files.paths].sort()) {
    const file = classify(path);
    if (!file) continue;
    if (file.kind === 'runs') {
      if (query.runsSince !== undefined && file.end > query.runsSince) need.push(path);
    } else if (query.rollUps && (query.rollUpsSince === undefined || file.end > query.rollUpsSince)) {
      need.push(path);
    }
  }
  const contents = await readAll(files, need);

  const since = query.rollUpsSince ?? Number.NEGATIVE_INFINITY;
  for (const path of need) {
    const file = classify(path);
    const text = contents.get(path);
    if (!file) continue;
    if (file.kind === 'runs') {
      for (const record of parseFile<RunRecord>(path, text, 'runs')) {
        // A record another version (or a hand) wrote in another shape is passed over, not trusted.
        if (!isRunRecord(record)) continue;
        if (mine(record.target) && record.at >= (query.runsSince ?? 0)) {
          listIn(snapshot.runs, record.target).push(record);
        }
      }
    } else if (file.kind === 'hourly' || file.kind === 'daily') {
      const into = file.kind === 'hourly' ? snapshot.hourly : snapshot.daily;
      for (const { target, ...rollUp } of parseFile<RollUpLine>(path, text, 'rollUps')) {
        if (mine(target) && rollUp.start >= since) {
          listIn(into, target).push(rollUp);
        }
      }
    } else if (file.kind === 'markers') {
      for (const marker of parseFile<DeploymentMarker>(path, text, 'markers')) {
        if (mine(marker.target) && marker.at >= since) listIn(snapshot.markers, marker.target).push(marker);
      }
    } else {
      for (const incident of parseFile<Incident>(path, text, 'incidents')) {
        if (!mine(incident.target)) continue;
        const current = incidents.get(incidentKey(incident));
        incidents.set(incidentKey(incident), current ? laterIncident(current, incident) : incident);
      }
    }
  }
  for (const list of Object.values(snapshot.runs)) list.sort((a, b) => a.at - b.at || (a.id < b.id ? -1 : 1));
  for (const group of [snapshot.hourly, snapshot.daily]) {
    for (const list of Object.values(group)) list.sort((a, b) => a.start - b.start);
  }
  for (const list of Object.values(snapshot.markers)) list.sort((a, b) => a.at - b.at);
  snapshot.incidents = [...incidents.values()].sort((a, b) => a.openedAt - b.openedAt);
  return snapshot;
}

async function readAll(files: HistoryFiles, paths: string[]): Promise<Map<string, string | undefined>> {
  const out = new Map<string, string | undefined>();
  let next = 0;
  const worker = async () => {
    while (next < paths.length) {
      const path = paths[next++] as string;
      out.set(path, await files.read(path));
    }
  };
  await Promise.all(Array.from({ length: Math.min(PARALLEL_READS, paths.length) }, worker));
  return out;
}

/** The list under `key`, created when missing. */
function listIn<T>(lists: Record<string, T[]>, key: string): T[] {
  let list = lists[key];
  if (!list) {
    list = [];
    lists[key] = list;
  }
  return list;
}

/** Whether a line of a runs file has the fields every reader of a record relies on. */
export function isRunRecord(value: unknown): value is RunRecord {
  const record = value as Partial<RunRecord> | null;
  return (
    typeof record === 'object' &&
    record !== null &&
    typeof record.id === 'string' &&
    typeof record.target === 'string' &&
    typeof record.at === 'number' &&
    Number.isFinite(record.at) &&
    typeof record.status === 'string' &&
    Array.isArray(record.samples) &&
    record.samples.every(
      (s) => typeof s === 'object' && s !== null && Number.isFinite(s.at) && Number.isFinite(s.ms),
    ) &&
    Array.isArray(record.services) &&
    Array.isArray(record.findings)
  );
}
