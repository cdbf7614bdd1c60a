import type { FileChanges, HistoryFiles } from './files.js';
import {
  COMPLETE_AFTER_MS,
  classify,
  DAY_MS,
  dailyPath,
  dayStart,
  HOUR_MS,
  HOURLY_RETENTION_MS,
  hourlyPath,
  incidentsPath,
  LONG_RETENTION_MS,
  markersPath,
  parseFile,
  RAW_RETENTION_MS,
  runsPath,
  STATE_PATH,
  serializeFile,
} from './layout.js';
import {
  incidentKey,
  mergeStates,
  type RollUpLine,
  replacePeriod,
  unionMarkers,
  unionRecords,
  upsertIncidents,
} from './merge.js';
import { mergeRollUps, rollUpRuns } from './rollup.js';
import { parseStateFile, serializeStateFile } from './state-file.js';
import type { DeploymentMarker, HistoryChange, Incident, RunRecord } from './types.js';

export interface ApplyOptions {
  /**
   * The most files read for roll-ups in one change (each costs a request on a branch): the rest wait for the
   * next run. A complete hour costs 2 (its raw file, the day's hourly file), a complete day 1–2. Default 6.
   */
  maxRollUpReads?: number | undefined;
  /** Branch store: the time its root commit was written, kept in `state.json` (set when absent). */
  branchRootAt?: number | undefined;
}

/**
 * What the files become with `change` applied: the files to write (whole contents) and the paths to
 * delete. Pure apart from reading through `files`, which it does only for what the change touches: the
 * state, the hour files of its records, the month files of its markers and incidents, and for roll-ups of
 * hours and days that became complete (at most `maxRollUpReads` of those). Retention pruning is relative
 * to `change.at` and works from the listing alone. See `layout.ts` for the rules.
 */
export async function applyChange(
  files: HistoryFiles,
  change: HistoryChange,
  options: ApplyOptions = {},
): Promise<FileChanges> {
  const written = new Map<string, string>();
  const readPaths = new Set<string>();
  const content = async (path: string) => {
    if (written.has(path)) return written.get(path);
    readPaths.add(path);
    return files.read(path);
  };

  const state = parseStateFile(await content(STATE_PATH));
  const stateBefore = serializeStateFile(state);

  // Run records, unioned into their hour's file. A record for an hour already rolled up re-rolls it.
  const reRollHours = new Set<number>();
  for (const [path, records] of groupBy(change.records, (r) => runsPath(r.at))) {
    const merged = unionRecords(parseFile<RunRecord>(path, await content(path), 'runs'), records);
    if (!merged) continue;
    const hour = classify(path)?.start ?? 0;
    written.set(path, serializeFile({ hour }, { runs: merged }));
    if (state.rolledUp.hour !== undefined && hour <= state.rolledUp.hour) reRollHours.add(hour);
  }

  for (const [path, markers] of groupBy(change.markers, (m) => markersPath(m.at))) {
    const merged = unionMarkers(parseFile<DeploymentMarker>(path, await content(path), 'markers'), markers);
    if (merged) written.set(path, serializeFile({ month: classify(path)?.start }, { markers: merged }));
  }

  // Incidents, upserted into their month's file; what stands there (a resolved one is never reopened by a
  // late run) is what the state's list of open incidents gets.
  const standing = new Map<string, Incident>();
  for (const [path, incidents] of groupBy(change.incidents, (i) => incidentsPath(i.openedAt))) {
    const before = await content(path);
    const merged = upsertIncidents(parseFile<Incident>(path, before, 'incidents'), incidents);
    for (const incident of merged) standing.set(incidentKey(incident), incident);
    const text = serializeFile({ month: classify(path)?.start }, { incidents: merged });
    if (text !== before) written.set(path, text);
  }

  state.states = mergeStates(state.states, change.states);
  state.incidents = upsertIncidents(
    state.incidents,
    change.incidents.map((i) => standing.get(incidentKey(i)) ?? i),
    (i) => i.state === 'open',
  );

  await rollUp(files, change.at, state, reRollHours, written, readPaths, options.maxRollUpReads ?? 6);

  // Retention, from the listing: nothing is read to delete, and no raw hour goes before it is rolled up.
  const deletes = new Set<string>();
  // A file past retention that a roll-up just wrote (a late record, a long pause) goes too.
  for (const path of new Set([...files.paths, ...written.keys()])) {
    const file = classify(path);
    if (!file) continue;
    const old =
      file.kind === 'runs'
        ? file.end <= change.at - RAW_RETENTION_MS && file.start <= (state.rolledUp.hour ?? -1)
        : file.kind === 'hourly'
          ? file.end <= change.at - HOURLY_RETENTION_MS && file.start <= (state.rolledUp.day ?? -1)
          : file.end <= change.at - LONG_RETENTION_MS;
    if (!old) continue;
    written.delete(path);
    if (files.paths.has(path)) deletes.add(path);
  }

  state.updatedAt = Math.max(state.updatedAt ?? 0, change.at);
  if (options.branchRootAt !== undefined && state.branchRootAt === undefined) {
    state.branchRootAt = options.branchRootAt;
  }
  const stateText = serializeStateFile(state);
  if (stateText !== stateBefore) written.set(STATE_PATH, stateText);

  // A site file that did not change is not written again (no tree entry on a branch, no rename on disk).
  for (const [path, text] of Object.entries(change.site ?? {})) {
    const at = checkSitePath(path);
    const same = files.holds ? files.holds(at, text) : (await files.read(at)) === text;
    if (!same) written.set(at, text);
  }
  return { write: written, delete: deletes };
}

/**
 * Rolls up the hours that became complete (and re-rolls those that got late records), then the days whose
 * hours are all rolled up, within `maxReads` reads of files not read yet. Moves `state.rolledUp` along.
 */
async function rollUp(
  files: HistoryFiles,
  at: number,
  state: ReturnType<typeof parseStateFile>,
  reRollHours: Set<number>,
  written: Map<string, string>,
  readPaths: Set<string>,
  maxReads: number,
): Promise<void> {
  let reads = 0;
  const exists = (path: string) => written.has(path) || files.paths.has(path);
  const cost = (paths: string[]) =>
    paths.filter((p) => exists(p) && !written.has(p) && !readPaths.has(p)).length;
  const read = (path: string) => {
    if (written.has(path)) return Promise.resolve(written.get(path));
    if (!readPaths.has(path) && files.paths.has(path)) reads++;
    readPaths.add(path);
    return files.read(path);
  };
  const affordable = (paths: string[]) => reads + cost(paths) <= maxReads;

  const allPaths = new Set([...files.paths, ...written.keys()]);
  const rawHours = [...allPaths].flatMap((p) => {
    const file = classify(p);
    return file?.kind === 'runs' ? [file.start] : [];
  });
  const doneHour = state.rolledUp.hour ?? Number.NEGATIVE_INFINITY;
  const dueHours = rawHours
    .filter((h) => h > doneHour && h + HOUR_MS + COMPLETE_AFTER_MS <= at)
    .sort((a, b) => a - b);

  const reRollDays = new Set<number>();
  const rollHour = async (hour: number) => {
    const records = parseFile<RunRecord>(runsPath(hour), await read(runsPath(hour)), 'runs');
    const lines: RollUpLine[] = [];
    for (const [target, mine] of groupBy(records, (r) => r.target)) {
      const rolled = rollUpRuns(hour, mine);
      if (rolled) lines.push({ target, ...rolled });
    }
    const path = hourlyPath(hour);
    const stored = parseFile<RollUpLine>(path, await read(path), 'rollUps');
    written.set(
      path,
      serializeFile({ day: dayStart(hour) }, { rollUps: replacePeriod(stored, hour, lines) }),
    );
  };

  for (const hour of [...reRollHours].sort((a, b) => a - b)) {
    if (!affordable([runsPath(hour), hourlyPath(hour)])) break;
    await rollHour(hour);
    if (state.rolledUp.day !== undefined && dayStart(hour) <= state.rolledUp.day)
      reRollDays.add(dayStart(hour));
  }
  for (const hour of dueHours) {
    if (!affordable([runsPath(hour), hourlyPath(hour)])) break;
    await rollHour(hour);
    state.rolledUp.hour = hour;
  }

  const rollDay = async (day: number) => {
    const hourly = parseFile<RollUpLine>(hourlyPath(day), await read(hourlyPath(day)), 'rollUps');
    const lines: RollUpLine[] = [];
    for (const [target, parts] of groupBy(hourly, (line) => line.target)) {
      const rolled = mergeRollUps(
        day,
        parts.map(({ target: _t, ...rollUp }) => rollUp),
      );
      if (rolled) lines.push({ target, ...rolled });
    }
    const path = dailyPath(day);
    const stored = parseFile<RollUpLine>(path, await read(path), 'rollUps');
    written.set(
      path,
      serializeFile({ month: dailyMonth(day) }, { rollUps: replacePeriod(stored, day, lines) }),
    );
  };

  for (const day of [...reRollDays].sort((a, b) => a - b)) {
    if (!affordable([hourlyPath(day), dailyPath(day)])) return;
    await rollDay(day);
  }
  const doneDay = state.rolledUp.day ?? Number.NEGATIVE_INFINITY;
  const hoursLeft = rawHours.filter((h) => h > (state.rolledUp.hour ?? Number.NEGATIVE_INFINITY));
  const dueDays = [
    ...new Set(
      [...allPaths].flatMap((p) => {
        const file = classify(p);
        return file?.kind === 'hourly' ? [file.start] : [];
      }),
    ),
  ]
    .filter((d) => d > doneDay && d + DAY_MS + COMPLETE_AFTER_MS <= at)
    .sort((a, b) => a - b);
  for (const day of dueDays) {
    // A day waits until each of its hours is rolled up.
    if (hoursLeft.some((h) => h >= day && h < day + DAY_MS)) return;
    if (!affordable([hourlyPath(day), dailyPath(day)])) return;
    await rollDay(day);
    state.rolledUp.day = day;
  }
}

const dailyMonth = (day: number) => classify(dailyPath(day))?.start;

/** The dashboard's files go at the root, never into `data/` and never outside the store. */
function checkSitePath(path: string): string {
  const bad =
    path === '' ||
    path.startsWith('/') ||
    path.includes('\\') ||
    path.split('/').some((part) => part === '' || part === '.' || part === '..' || part === '.git') ||
    path === 'data' ||
    path.startsWith('data/');
  if (bad) throw new Error(`history: the site file path "${path}" is not a relative path outside data/.`);
  return path;
}

function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const group = groups.get(k);
    if (group) group.push(item);
    else groups.set(k, [item]);
  }
  return groups;
}
