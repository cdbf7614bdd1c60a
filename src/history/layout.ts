/**
 * # History layout (`schemaVersion: 1`)
 *
 * The same files on a data branch (`history: branch:NAME`) and on disk (`history: dir:PATH`), all under
 * `data/`, all JSON (UTF-8, one record per line so git's deltas and `git diff` stay small and readable).
 * Times are milliseconds since the epoch; hours, days and months are UTC.
 *
 * | path | holds | kept |
 * |---|---|---|
 * | `data/state.json` | `schemaVersion`, every target's confirmed state, the open incidents, roll-up progress | always |
 * | `data/runs/<YYYY-MM-DD>/<HH>.json` | raw run records of that hour, every target (samples, services, findings) | 48 h |
 * | `data/hourly/<YYYY-MM-DD>.json` | one roll-up per target and complete hour of that day | 90 days |
 * | `data/daily/<YYYY-MM>.json` | one roll-up per target and complete day of that month | 2 years |
 * | `data/markers/<YYYY-MM>.json` | deployment markers (the monitor saw a new deployment; gate verdicts) | 2 years |
 * | `data/incidents/<YYYY-MM>.json` | incidents by the month they opened in, open and resolved | 2 years |
 *
 * Anything else at the branch's root (the dashboard) is left alone by the history and written by the monitor.
 *
 * **Why every target shares a file.** The GitHub API budget decides the layout: the default `GITHUB_TOKEN`
 * allows about 1,000 requests an hour per repository, and a monitor every 5 minutes makes 12 runs an hour. A
 * run reads the branch head, its file listing, `state.json` and the current hour's file, then writes one tree,
 * one commit and the ref: 7 requests, however many targets it watches. When an hour is complete, the first
 * run after it also reads that hour's raw file and the day's hourly file (+2); when a day is complete, the
 * month's daily file (+1). A target per file would cost a read per target per run instead. File contents go
 * inline into the tree request (no blob requests); retention deletes paths found in the listing (no reads).
 *
 * **Roll-ups** are mergeable (count, errors, latency min/mean/max and a fixed log-bucket histogram, see
 * `histogram.ts`) and always recomputed from their source: an hour from its raw file, a day from its hourly
 * roll-ups. Recomputing gives the same result, so two runs that roll up the same hour agree, and a record
 * that arrives after its hour was rolled up makes that hour (and its day) roll up again. An hour counts as
 * complete {@link COMPLETE_AFTER_MS} after it ends, so a run that started in it has time to land.
 * `state.json`'s `rolledUp` says how far roll-ups have got (`hour`, `day`: the start of the latest one done);
 * a raw file is never deleted before its hour is rolled up.
 *
 * **Merging.** Run records are unioned by `id`, markers by target, time, source and deployment, incidents
 * upserted by target and `openedAt`, states replaced per target (the one with the later `lastRunAt` wins).
 * Applying the same change twice, or on top of another run's commit, loses and duplicates nothing.
 *
 * A layout with a higher `schemaVersion` than this version knows is never written to: the run warns instead.
 */

import { HISTORY_SCHEMA_VERSION } from './types.js';

export { HISTORY_SCHEMA_VERSION };

export const HOUR_MS = 3_600_000;
export const DAY_MS = 24 * HOUR_MS;

/** Raw run records are kept this long. */
export const RAW_RETENTION_MS = 48 * HOUR_MS;
/** Hourly roll-ups are kept this long. */
export const HOURLY_RETENTION_MS = 90 * DAY_MS;
/** Daily roll-ups, markers and incidents are kept this long. */
export const LONG_RETENTION_MS = 730 * DAY_MS;
/** An hour (or day) is rolled up this long after it ends: a run that started in it has landed by then. */
export const COMPLETE_AFTER_MS = 10 * 60_000;

export const DATA_DIR = 'data';
export const STATE_PATH = `${DATA_DIR}/state.json`;

const pad = (n: number) => String(n).padStart(2, '0');
const dayText = (d: Date) => `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
const monthText = (d: Date) => `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}`;

export const hourStart = (at: number) => Math.floor(at / HOUR_MS) * HOUR_MS;
export const dayStart = (at: number) => Math.floor(at / DAY_MS) * DAY_MS;
export function monthStart(at: number): number {
  const d = new Date(at);
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1);
}
export function nextMonthStart(at: number): number {
  const d = new Date(at);
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1);
}

export const runsPath = (at: number) => {
  const d = new Date(hourStart(at));
  return `${DATA_DIR}/runs/${dayText(d)}/${pad(d.getUTCHours())}.json`;
};
export const hourlyPath = (at: number) => `${DATA_DIR}/hourly/${dayText(new Date(at))}.json`;
export const dailyPath = (at: number) => `${DATA_DIR}/daily/${monthText(new Date(at))}.json`;
export const markersPath = (at: number) => `${DATA_DIR}/markers/${monthText(new Date(at))}.json`;
export const incidentsPath = (at: number) => `${DATA_DIR}/incidents/${monthText(new Date(at))}.json`;

/** What a path under `data/` is, and the start of the period it covers; undefined for anything else. */
export type DataFile =
  | { kind: 'runs'; start: number; end: number }
  | { kind: 'hourly' | 'daily' | 'markers' | 'incidents'; start: number; end: number };

const RUNS = /^data\/runs\/(\d{4})-(\d{2})-(\d{2})\/(\d{2})\.json$/;
const DAY_FILE = /^data\/hourly\/(\d{4})-(\d{2})-(\d{2})\.json$/;
const MONTH_FILE = /^data\/(daily|markers|incidents)\/(\d{4})-(\d{2})\.json$/;

export function classify(path: string): DataFile | undefined {
  let m = RUNS.exec(path);
  if (m) {
    const start = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4]));
    return Number.isNaN(start) ? undefined : { kind: 'runs', start, end: start + HOUR_MS };
  }
  m = DAY_FILE.exec(path);
  if (m) {
    const start = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
    return Number.isNaN(start) ? undefined : { kind: 'hourly', start, end: start + DAY_MS };
  }
  m = MONTH_FILE.exec(path);
  if (m) {
    const start = Date.UTC(Number(m[2]), Number(m[3]) - 1, 1);
    if (Number.isNaN(start)) return undefined;
    return { kind: m[1] as 'daily' | 'markers' | 'incidents', start, end: nextMonthStart(start) };
  }
  return undefined;
}

/**
 * A file as JSON with each item of its list on a line of its own: small git deltas, readable diffs, and
 * byte-for-byte the same for the same content (so an unchanged file is not written again).
 */
export function serializeFile(header: Record<string, unknown>, lists: Record<string, unknown[]>): string {
  const head = JSON.stringify({ schemaVersion: HISTORY_SCHEMA_VERSION, ...header }).slice(0, -1);
  const parts = Object.entries(lists).map(([key, items]) => {
    const list = items.length === 0 ? '[]' : `[\n${items.map((item) => JSON.stringify(item)).join(',\n')}\n]`;
    return `${JSON.stringify(key)}:${list}`;
  });
  return `${[head, ...parts].join(',')}}\n`;
}

/** A history file written by a newer version (or not ours): never overwritten. */
export class HistoryLayoutError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'HistoryLayoutError';
  }
}

/** Parses a data file and checks its `schemaVersion`; the list under `listKey` (empty when absent). */
export function parseFile<T>(path: string, text: string | undefined, listKey: string): T[] {
  if (text === undefined) return [];
  const data = parseJson(path, text);
  const list = (data as Record<string, unknown>)[listKey];
  if (list === undefined) return [];
  if (!Array.isArray(list)) throw new HistoryLayoutError(`${path}: \`${listKey}\` is not a list.`);
  return list as T[];
}

/** Parses a data file's JSON and checks its `schemaVersion`. */
export function parseJson(path: string, text: string): Record<string, unknown> {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    throw new HistoryLayoutError(
      `${path} is not valid JSON; fix or delete the file (the history keeps working without it).`,
    );
  }
  if (!data || typeof data !== 'object' || Array.isArray(data)) {
    throw new HistoryLayoutError(`${path} is not a history file (a JSON object was expected).`);
  }
  const version = (data as { schemaVersion?: unknown }).schemaVersion;
  if (typeof version === 'number' && version > HISTORY_SCHEMA_VERSION) {
    throw new HistoryLayoutError(
      `${path} has schemaVersion ${version}, newer than this version understands (${HISTORY_SCHEMA_VERSION}): ` +
        'upgrade the action (or CLI) that writes this history; nothing was written.',
    );
  }
  return data as Record<string, unknown>;
}
