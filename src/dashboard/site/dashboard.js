// @ts-check
/**
 * The dashboard: a static page over the monitor's history (see `src/history/layout.ts`), with no server of its own.
 *
 * Data flow. On load, and every `refreshSeconds` (or on "Refresh"), without a page reload:
 * 1. `dashboard.json` (once): title, refresh period, the monitor's interval, the dispatch and repository links.
 * 2. `data/state.json`: the targets, their confirmed state, `lastRunAt`, the open incidents and `rolledUp`
 *    (the latest hour and day rolled up). A 404 or no targets is the empty state ("No checks recorded yet").
 * 3. From that state alone the page works out which data files exist and fetches only those (a 404 is still read
 *    as "no data", but a browser logs it, so the page avoids asking for files that cannot exist):
 *    - raw runs `data/runs/<day>/<HH>.json` of the hours not rolled up yet (up to the newest `lastRunAt`);
 *    - hourly roll-ups `data/hourly/<day>.json` of the last 24 h and of the days not rolled up yet;
 *    - daily roll-ups `data/daily/<month>.json` of the last 90 days.
 *    The history is known to reach back to the earliest `since` (a target's first run sets it). Older files are
 *    fetched one period at a time, only while the newer one holds data from its very start (the history goes on
 *    before it). `dashboard.json` may list the month files that exist (`months: {daily, markers, incidents}`,
 *    "YYYY-MM"): then exactly those are fetched.
 * 4. The target page (`#/target/<name>`) adds: the hourly files of the chosen range (7 d), the raw runs of the
 *    last 6 hours (service timeline, the last answer's details), and the markers and incidents of the range.
 * Files are cached between refreshes and fetched again only when the state says they may have changed.
 * Figures: windows are UTC hours (24 h) or days (7/30/90 d) ending with the newest sample's, so a stalled
 * schedule shows the last known figures under the `#stale` warning. An hour comes from its hourly roll-up once
 * rolled up, else from its raw runs; a day from its daily roll-up once rolled up, else from its hours.
 * Remote text (names, details, messages) only ever goes through `textContent` and attribute setters.
 */

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const RAW_HOURS = 6;
const STATUSES = ['healthy', 'degraded', 'unhealthy'];
const SVG_NS = 'http://www.w3.org/2000/svg';

/**
 * The latency buckets' upper bounds (ms). MUST equal `HISTOGRAM_BOUNDS_MS` in `src/history/histogram.ts`
 * (same bounds, same interpolation in {@link quantile}): the page's p50/p95 equal what Node computes.
 */
export const HISTOGRAM_BOUNDS_MS = [
  ...Array.from({ length: 25 }, (_, k) => Number((10 ** (k / 5)).toPrecision(5))),
  Number.POSITIVE_INFINITY,
];

/** @typedef {'healthy'|'degraded'|'unhealthy'} Health */
/** @typedef {{ at: number, ms: number, http?: number, ok: boolean }} Sample */
/** @typedef {{ key: string, name: string, status: 'pass'|'warn'|'fail', ms?: number, detail?: string }} Service */
/** @typedef {{ source: string, id: string, title: string, status: Health }} Finding */
/**
 * @typedef {{ id: string, target: string, at: number, url: string, deploymentId?: string, sha?: string,
 *   status: Health, reason: string, message: string, samples: Sample[], services: Service[],
 *   findings: Finding[], runUrl?: string }} RunRecord
 */
/** @typedef {{ min: number, mean?: number, max: number, histogram: number[] }} Latency */
/**
 * @typedef {{ start: number, runs: number, failedRuns: number, worst: Health, samples: number, errors: number,
 *   latency: Latency | null, services: Record<string, { runs: number, failed: number, meanMs?: number,
 *   msRuns?: number }> }} RollUp
 */
/** @typedef {RollUp & { target: string }} RollUpLine */
/**
 * @typedef {{ at: number, target: string, deploymentId?: string, sha?: string, url?: string,
 *   source: 'monitor'|'gate', status?: Health, reason?: string, runUrl?: string }} Marker
 */
/**
 * @typedef {{ target: string, state: 'open'|'resolved', openedAt: number, resolvedAt?: number, status: Health,
 *   reason: string, message: string, issue?: { number: number, url: string }, lastNoticeAt: number }} Incident
 */
/**
 * @typedef {{ target: string, url: string, confirmed: Health, since: number, lastRunAt: number,
 *   lastStatus: Health, lastReason: string, incident?: Incident }} TargetState
 */
/**
 * @typedef {{ updatedAt?: number, rolledUp?: { hour?: number, day?: number }, states?: TargetState[],
 *   incidents?: Incident[] }} StateFile
 */
/**
 * @typedef {{ refreshSeconds: number, intervalSeconds: number, dispatchUrl: string | null,
 *   repositoryUrl: string | null, title: string,
 *   months?: { daily?: string[], markers?: string[], incidents?: string[] } }} Config
 */
/** @typedef {{ path: string, start: number, end: number, stamp: string }} Period */

// ---------------------------------------------------------------------------------------------------------
// Histograms and roll-ups: ports of src/history/histogram.ts and rollup.ts.

/** @param {number} ms */
function bucketOf(ms) {
  const value = Math.max(0, ms);
  let lo = 0;
  let hi = HISTOGRAM_BOUNDS_MS.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (HISTOGRAM_BOUNDS_MS[mid] >= value) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/** @param {number[]} histogram */
const histogramCount = (histogram) => histogram.reduce((a, b) => a + b, 0);

/**
 * The `q` quantile by nearest rank with log-linear interpolation inside the bucket, clamped to `range`:
 * `quantile` of src/history/histogram.ts, line for line.
 * @param {number[]} histogram @param {number} q @param {{ min: number, max: number }} [range]
 * @returns {number | undefined}
 */
export function quantile(histogram, q, range) {
  const n = histogramCount(histogram);
  if (n === 0) return undefined;
  const rank = Math.min(n, Math.max(1, Math.ceil(q * n)));
  let seen = 0;
  for (let i = 0; i < histogram.length; i++) {
    const count = histogram[i] ?? 0;
    if (count === 0 || seen + count < rank) {
      seen += count;
      continue;
    }
    let lo = i === 0 ? 0 : HISTOGRAM_BOUNDS_MS[i - 1];
    let hi = HISTOGRAM_BOUNDS_MS[i];
    if (range) {
      lo = Math.max(lo, Math.min(range.min, hi));
      hi = Math.min(hi, Math.max(range.max, lo));
    }
    if (!Number.isFinite(hi)) return lo;
    const within = (rank - seen) / count;
    const value = lo > 0 ? lo * (hi / lo) ** within : lo + (hi - lo) * within;
    return Math.round(value * 1000) / 1000;
  }
  return undefined;
}

/** @param {Health} a @param {Health} b */
const worse = (a, b) => (STATUSES.indexOf(b) > STATUSES.indexOf(a) ? b : a);

/**
 * One target's runs of an hour as a roll-up (`rollUpRuns`): a run counts once, failed when its verdict is not
 * healthy; latency from the samples that got an answer.
 * @param {number} start @param {RunRecord[]} records @returns {RollUp | undefined}
 */
export function rollUpRuns(start, records) {
  if (records.length === 0) return undefined;
  /** @type {Health} */
  let worst = 'healthy';
  let failedRuns = 0;
  let samples = 0;
  let errors = 0;
  /** @type {number[]} */
  const latencies = [];
  for (const record of records) {
    worst = worse(worst, record.status);
    if (record.status !== 'healthy') failedRuns++;
    for (const sample of record.samples ?? []) {
      samples++;
      if (!sample.ok) errors++;
      if (sample.http !== undefined && Number.isFinite(sample.ms)) latencies.push(Math.max(0, sample.ms));
    }
  }
  /** @type {Latency | null} */
  let latency = null;
  if (latencies.length > 0) {
    const histogram = HISTOGRAM_BOUNDS_MS.map(() => 0);
    for (const ms of latencies) histogram[bucketOf(ms)]++;
    const round = (/** @type {number} */ ms) => Math.round(ms * 1000) / 1000;
    latency = { min: round(Math.min(...latencies)), max: round(Math.max(...latencies)), histogram };
  }
  return { start, runs: records.length, failedRuns, worst, samples, errors, latency, services: {} };
}

/** The sum of roll-ups (`mergeRollUps`, without the per-service means the page does not show). */
/** @param {number} start @param {RollUp[]} parts @returns {RollUp | undefined} */
export function mergeRollUps(start, parts) {
  if (parts.length === 0) return undefined;
  /** @type {RollUp} */
  const sum = {
    start,
    runs: 0,
    failedRuns: 0,
    worst: 'healthy',
    samples: 0,
    errors: 0,
    latency: null,
    services: {},
  };
  for (const part of parts) {
    sum.runs += part.runs;
    sum.failedRuns += part.failedRuns;
    sum.samples += part.samples;
    sum.errors += part.errors;
    sum.worst = worse(sum.worst, part.worst);
    const l = part.latency;
    if (!l) continue;
    if (!sum.latency) sum.latency = { min: l.min, max: l.max, histogram: HISTOGRAM_BOUNDS_MS.map(() => 0) };
    sum.latency.min = Math.min(sum.latency.min, l.min);
    sum.latency.max = Math.max(sum.latency.max, l.max);
    for (let i = 0; i < sum.latency.histogram.length; i++) sum.latency.histogram[i] += l.histogram[i] ?? 0;
  }
  return sum;
}

/** @param {RollUp | undefined} r @param {number} q */
const latencyQuantile = (r, q) => (r?.latency ? quantile(r.latency.histogram, q, r.latency) : undefined);

// ---------------------------------------------------------------------------------------------------------
// The layout's paths (src/history/layout.ts).

const pad = (/** @type {number} */ n) => String(n).padStart(2, '0');
/** @param {number} t */
const dayText = (t) => {
  const d = new Date(t);
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
};
const hourStart = (/** @type {number} */ t) => Math.floor(t / HOUR) * HOUR;
const dayStart = (/** @type {number} */ t) => Math.floor(t / DAY) * DAY;
/** @param {number} t @param {number} [add] */
const monthStart = (t, add = 0) => {
  const d = new Date(t);
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + add, 1);
};
const runsPath = (/** @type {number} */ h) =>
  `data/runs/${dayText(h)}/${pad(new Date(h).getUTCHours())}.json`;
const hourlyPath = (/** @type {number} */ d) => `data/hourly/${dayText(d)}.json`;
/** @param {'daily'|'markers'|'incidents'} kind @param {number} m */
const monthPath = (kind, m) => `data/${kind}/${dayText(m).slice(0, 7)}.json`;

// ---------------------------------------------------------------------------------------------------------
// Fetching: same origin, no cache; a 404 is "no data". Files are kept between refreshes under a stamp.

/** @type {Map<string, { stamp: string, data: any }>} */
const cache = new Map();

/** @param {string} path @param {string} [stamp] @returns {Promise<any>} */
async function load(path, stamp = 'always') {
  const hit = cache.get(path);
  // Most recently used last: the oldest go when the cache holds more than 200 files.
  cache.delete(path);
  if (hit && stamp !== 'always' && hit.stamp === stamp) {
    cache.set(path, hit);
    return hit.data;
  }
  const response = await fetch(path, { cache: 'no-store' });
  let data = null;
  if (response.ok) {
    try {
      data = await response.json();
    } catch {
      throw new Error(`${path} is not valid JSON.`);
    }
  } else if (response.status !== 404) {
    throw new Error(`${path}: HTTP ${response.status}.`);
  }
  cache.set(path, { stamp, data });
  for (const old of cache.keys()) {
    if (cache.size <= 200) break;
    cache.delete(old);
  }
  return data;
}

/** What the state says about the history: where it starts and ends, and how far roll-ups have got. */
/** @param {StateFile} state @param {Config} config */
function scope(state, config) {
  const states = state.states ?? [];
  const newest = Math.max(...states.map((s) => s.lastRunAt));
  const starts = [...states.map((s) => Math.min(s.since, s.lastRunAt))];
  for (const i of state.incidents ?? []) starts.push(i.openedAt);
  return {
    newest,
    from: Math.min(...starts),
    hour: state.rolledUp?.hour ?? Number.NEGATIVE_INFINITY,
    day: state.rolledUp?.day ?? Number.NEGATIVE_INFINITY,
    stamp: String(state.updatedAt ?? newest),
    slack: Math.max(60_000, config.intervalSeconds * 1000),
    lastRuns: states.map((s) => hourStart(s.lastRunAt)),
  };
}
/** @typedef {ReturnType<typeof scope>} Scope */

/**
 * Fetches the periods (newest first) that hold data: those after the history's known start in parallel, then
 * older ones one at a time while the newer one holds data from its start.
 * @param {Period[]} periods @param {Scope} s @param {(data: any, p: Period) => boolean} begins
 */
async function gather(periods, s, begins) {
  const sure = periods.filter((p) => p.end > s.from);
  const out = await Promise.all(sure.map((p) => load(p.path, p.stamp)));
  let prev = sure.length > 0 ? { p: sure[sure.length - 1], data: out[out.length - 1] } : undefined;
  for (const p of periods.slice(sure.length)) {
    if (!prev?.data || s.from - prev.p.start <= s.slack || !begins(prev.data, prev.p)) break;
    const data = await load(p.path, p.stamp);
    out.push(data);
    prev = { p, data };
  }
  return out.filter(Boolean);
}

/**
 * Whether a roll-up file's data starts with its period: a line for its first hour (day) with at least half
 * the runs the interval makes in an hour (a day); a line that covers only part of it is where the history began.
 * @param {number} unit @param {Scope} s @returns {(file: any, p: Period) => boolean}
 */
const linesBegin = (unit, s) => (file, p) =>
  (file.rollUps ?? []).some((/** @type {RollUp} */ l) => l.start === p.start && l.runs >= unit / s.slack / 2);

/** Raw run files of hours in [from, to] (newest first), when they can exist. */
/** @param {Scope} s @param {Config} config @param {number} from @param {number} to */
function rawRuns(s, config, from, to) {
  /** @type {Period[]} */
  const periods = [];
  for (let h = hourStart(to); h >= hourStart(from); h -= HOUR) {
    // A schedule slower than hourly leaves hours without a file: only those of a target's last run are sure.
    if (config.intervalSeconds >= 3600 && !s.lastRuns.includes(h)) continue;
    // A rolled-up hour's file is complete (a late record re-rolls it, and shows after a reload).
    periods.push({ path: runsPath(h), start: h, end: h + HOUR, stamp: h > s.hour ? s.stamp : 'old' });
  }
  return gather(periods, s, (file, p) =>
    (file.runs ?? []).some((/** @type {RunRecord} */ r) => r.at < p.start + s.slack),
  );
}

/** Hourly files of the days in [from, to] (newest first), of hours rolled up. */
/** @param {Scope} s @param {number} from @param {number} to */
function hourlyFiles(s, from, to) {
  /** @type {Period[]} */
  const periods = [];
  for (let d = dayStart(Math.min(to, s.hour)); d >= dayStart(from); d -= DAY) {
    periods.push({ path: hourlyPath(d), start: d, end: d + DAY, stamp: d + DAY > s.hour ? s.stamp : 'old' });
  }
  return gather(periods, s, linesBegin(HOUR, s));
}

/** Month files of a kind for the months overlapping [from, to] (newest first). */
/** @param {'daily'|'markers'|'incidents'} kind @param {Scope} s @param {Config} config @param {number} from @param {number} to */
function monthFiles(kind, s, config, from, to) {
  /** @type {Period[]} */
  const periods = [];
  for (let m = monthStart(to); m >= monthStart(from); m = monthStart(m, -1)) {
    const end = monthStart(m, 1);
    const fresh = kind !== 'daily' || end > s.day;
    periods.push({ path: monthPath(kind, m), start: m, end, stamp: fresh ? s.stamp : 'old' });
  }
  const listed = config.months?.[kind];
  if (Array.isArray(listed)) {
    const have = periods.filter((p) => listed.includes(dayText(p.start).slice(0, 7)));
    return Promise.all(have.map((p) => load(p.path, p.stamp))).then((files) => files.filter(Boolean));
  }
  if (kind === 'daily') return gather(periods, s, linesBegin(DAY, s));
  // Markers and incidents: a month without any has no file, and only a listing (`months`) tells which exist.
  // Without one, every month of the history in the range is asked for (a 404, which the browser logs, is none).
  const wanted = periods.filter((p) => p.end > s.from);
  return Promise.all(wanted.map((p) => load(p.path, p.stamp))).then((files) => files.filter(Boolean));
}

// ---------------------------------------------------------------------------------------------------------
// The data a view needs, per target: hours and days as roll-ups, the raw runs, markers and incidents.

/**
 * @typedef {{ hours: Map<string, Map<number, RollUp>>, days: Map<string, Map<number, RollUp>>,
 *   runs: Map<string, RunRecord[]>, markers: Marker[], incidents: Incident[] }} Data
 */

/** @param {Map<string, Map<number, RollUp>>} map @param {string} target @param {RollUp} r */
function put(map, target, r) {
  let mine = map.get(target);
  if (!mine) {
    mine = new Map();
    map.set(target, mine);
  }
  mine.set(r.start, r);
}

/**
 * Fetches what a view needs. The overview: the last 90 days. A target page: that too, plus its range's hourly
 * files (7 d), the raw runs of the last hours, and the range's markers and incidents.
 * @param {StateFile} state @param {Config} config @param {Scope} s @param {{ range: string } | null} page
 * @returns {Promise<Data>}
 */
async function gatherData(state, config, s, page) {
  const T = s.newest;
  const first = page ? rangeStart(page.range, T) : T;
  // The overview's uptimes and a 30/90-day range by the day; the last 24 h and a 7-day range by the hour.
  const byDay = page
    ? page.range === '30d' || page.range === '90d'
      ? first
      : undefined
    : rangeStart('90d', T);
  const byHour = page?.range === '7d' ? first : rangeStart('24h', T);
  // Hourly files: those hours, and the days not rolled up yet (made of their hours; a week at most).
  const hourlyFrom = Math.max(
    Math.min(byHour, byDay === undefined ? byHour : Math.max(s.day + DAY, byDay)),
    rangeStart('7d', T),
  );
  // Raw runs: the hours not rolled up yet; a target page also the last few hours (kept 48 h).
  const rawFrom = Math.max(
    Math.min(s.hour + HOUR, page ? hourStart(T) - (RAW_HOURS - 1) * HOUR : T),
    T - 47 * HOUR,
  );
  const [runFiles, hourFiles, dayFiles, markerFiles, incidentFiles] = await Promise.all([
    rawRuns(s, config, rawFrom, T),
    s.hour === Number.NEGATIVE_INFINITY ? [] : hourlyFiles(s, hourlyFrom, T),
    s.day === Number.NEGATIVE_INFINITY || byDay === undefined
      ? []
      : monthFiles('daily', s, config, byDay, s.day),
    page ? monthFiles('markers', s, config, first, T) : [],
    page ? monthFiles('incidents', s, config, first, T) : [],
  ]);
  /** @type {Data} */
  const data = { hours: new Map(), days: new Map(), runs: new Map(), markers: [], incidents: [] };
  for (const file of runFiles) {
    for (const r of /** @type {RunRecord[]} */ (file.runs ?? [])) {
      const list = data.runs.get(r.target) ?? [];
      list.push(r);
      data.runs.set(r.target, list);
    }
  }
  for (const list of data.runs.values()) list.sort((a, b) => a.at - b.at);
  for (const file of hourFiles) {
    for (const line of /** @type {RollUpLine[]} */ (file.rollUps ?? [])) {
      if (line.start <= s.hour) put(data.hours, line.target, line);
    }
  }
  // Hours not rolled up yet, from their raw runs (a run counts once, in the hour it started).
  for (const [target, list] of data.runs) {
    /** @type {Map<number, RunRecord[]>} */
    const byHour = new Map();
    for (const r of list) {
      if (hourStart(r.at) <= s.hour) continue;
      byHour.set(hourStart(r.at), [...(byHour.get(hourStart(r.at)) ?? []), r]);
    }
    for (const [h, records] of byHour) {
      const r = rollUpRuns(h, records);
      if (r) put(data.hours, target, r);
    }
  }
  for (const file of dayFiles) {
    for (const line of /** @type {RollUpLine[]} */ (file.rollUps ?? [])) {
      if (line.start <= s.day) put(data.days, line.target, line);
    }
  }
  // Days not rolled up yet, from their hours.
  for (const [target, hours] of data.hours) {
    /** @type {Map<number, RollUp[]>} */
    const byDay = new Map();
    for (const r of hours.values()) {
      if (dayStart(r.start) > s.day)
        byDay.set(dayStart(r.start), [...(byDay.get(dayStart(r.start)) ?? []), r]);
    }
    for (const [d, parts] of byDay) {
      const r = mergeRollUps(d, parts);
      if (r) put(data.days, target, r);
    }
  }
  for (const file of markerFiles) data.markers.push(...(file.markers ?? []));
  /** @type {Map<string, Incident>} */
  const incidents = new Map();
  for (const file of incidentFiles) {
    for (const i of /** @type {Incident[]} */ (file.incidents ?? []))
      incidents.set(`${i.target}\n${i.openedAt}`, i);
  }
  for (const i of state.incidents ?? []) {
    const known = incidents.get(`${i.target}\n${i.openedAt}`);
    if (!known || known.state === 'open') incidents.set(`${i.target}\n${i.openedAt}`, i);
  }
  data.incidents = [...incidents.values()].sort((a, b) => a.openedAt - b.openedAt);
  return data;
}

/**
 * A target's hours or days from `first` to the newest sample's, each a roll-up or undefined.
 * @param {Data} data @param {string} target @param {'hour'|'day'} unit @param {number} first @param {number} T
 * @returns {{ start: number, r: RollUp | undefined }[]}
 */
function buckets(data, target, unit, first, T) {
  const size = unit === 'hour' ? HOUR : DAY;
  const last = unit === 'hour' ? hourStart(T) : dayStart(T);
  const map = (unit === 'hour' ? data.hours : data.days).get(target);
  const list = [];
  for (let start = first; start <= last; start += size) list.push({ start, r: map?.get(start) });
  return list;
}

/** The first hour (24 h, 7 d) or day (30 d, 90 d) of a range: whole UTC days, like the uptime windows. */
/** @param {string} range @param {number} T */
function rangeStart(range, T) {
  const days = { '7d': 7, '30d': 30, '90d': 90 }[range];
  return days ? dayStart(T) - (days - 1) * DAY : hourStart(T) - 23 * HOUR;
}

/** @param {{ r: RollUp | undefined }[]} list */
const total = (list) =>
  mergeRollUps(
    0,
    list.flatMap((b) => (b.r ? [b.r] : [])),
  );

// ---------------------------------------------------------------------------------------------------------
// Formatting.

const ICONS = { healthy: '●', degraded: '▲', unhealthy: '✖', pass: '●', warn: '▲', fail: '✖' };
/** @param {string} status */
const statusText = (status) => `${ICONS[/** @type {keyof ICONS} */ (status)] ?? '?'} ${status}`;

/** Uptime: healthy runs / runs ("99.65%"), "—" without runs. @param {RollUp | undefined} r */
export const uptimeText = (r) =>
  r && r.runs > 0 ? `${((100 * (r.runs - r.failedRuns)) / r.runs).toFixed(2)}%` : '—';
/** @param {number | undefined} ms */
export const msText = (ms) => (ms === undefined ? '—' : `${Math.round(ms)} ms`);

/** "5 s ago", "2 min ago", "3 h ago", "4 days ago". @param {number} ms */
export function agoText(ms) {
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 60) return `${s} s ago`;
  if (s < 3600) return `${Math.floor(s / 60)} min ago`;
  if (s < 86_400) return `${Math.floor(s / 3600)} h ago`;
  const days = Math.floor(s / 86_400);
  return `${days} ${days === 1 ? 'day' : 'days'} ago`;
}
/** A duration: "17 min". @param {number} ms */
const durationText = (ms) => agoText(ms).replace(/ ago$/, '');
/** @param {number} t */
const utcText = (t) => `${new Date(t).toISOString().slice(0, 16).replace('T', ' ')} UTC`;

// ---------------------------------------------------------------------------------------------------------
// DOM helpers: text only through text nodes and attribute setters.

/**
 * @param {string} tag @param {Record<string, string | number | boolean | undefined | null>} [attrs]
 * @param {(Node | string | null | undefined | false)[]} children
 * @returns {HTMLElement}
 */
function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  fill(el, attrs, children);
  return el;
}
/**
 * @param {string} tag @param {Record<string, string | number | boolean | undefined | null>} [attrs]
 * @param {(Node | string | null | undefined | false)[]} children
 * @returns {SVGElement}
 */
function s(tag, attrs = {}, ...children) {
  const el = /** @type {SVGElement} */ (document.createElementNS(SVG_NS, tag));
  fill(el, attrs, children);
  return el;
}
/** @param {Element} el @param {Record<string, any>} attrs @param {(Node | string | null | undefined | false)[]} children */
function fill(el, attrs, children) {
  for (const [name, value] of Object.entries(attrs)) {
    if (value === undefined || value === null || value === false) continue;
    el.setAttribute(name, value === true ? '' : String(value));
  }
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    el.append(typeof child === 'string' ? document.createTextNode(child) : child);
  }
}
/** A relative time that ticks. @param {number} t */
const timeEl = (t) =>
  h(
    'time',
    { datetime: new Date(t).toISOString(), title: utcText(t), 'data-ago': t },
    agoText(Date.now() - t),
  );
/** A link to a remote URL, only http(s). @param {string | undefined} url @param {string} text @param {string} key */
function link(url, text, key) {
  if (!url || !/^https?:\/\//i.test(url)) return text;
  return h('a', { href: url, 'data-key': key, rel: 'noopener noreferrer' }, text);
}
const targetHref = (/** @type {string} */ name) => `#/target/${name}`;

// ---------------------------------------------------------------------------------------------------------
// Views.

/** @param {StateFile} state @param {Data} data @param {Scope} sc */
function overview(state, data, sc) {
  const T = sc.newest;
  const head = [
    'Target',
    'Status',
    'Since',
    '24 h',
    '7 d',
    '30 d',
    '90 d',
    'p50',
    'p95',
    'Latency, 24 h',
    'Incident',
    'Last check',
  ];
  const rows = [...(state.states ?? [])]
    .sort((a, b) => (a.target < b.target ? -1 : a.target > b.target ? 1 : 0))
    .map((st) => {
      const hours = buckets(data, st.target, 'hour', rangeStart('24h', T), T);
      const day = total(hours);
      const open =
        (state.incidents ?? []).find((i) => i.target === st.target && i.state === 'open') ?? st.incident;
      /** @param {string} field @param {(Node | string)[]} content */
      const cell = (field, ...content) => h('td', { 'data-field': field }, ...content);
      return h(
        'tr',
        { 'data-target': st.target },
        h(
          'th',
          { scope: 'row' },
          h('a', { href: targetHref(st.target), 'data-key': `t:${st.target}` }, st.target),
        ),
        cell('status', h('span', { class: `status ${st.confirmed}` }, statusText(st.confirmed))),
        cell('since', timeEl(st.since)),
        cell('uptime-24h', uptimeText(day)),
        ...[7, 30, 90].map((n) =>
          cell(`uptime-${n}d`, uptimeText(total(buckets(data, st.target, 'day', rangeStart(`${n}d`, T), T)))),
        ),
        cell('p50', msText(latencyQuantile(day, 0.5))),
        cell('p95', msText(latencyQuantile(day, 0.95))),
        cell('sparkline', sparkline(hours)),
        cell(
          'incidents',
          open?.state === 'open'
            ? open.issue
              ? link(open.issue.url, `#${open.issue.number}`, `i:${st.target}`)
              : `open since ${utcText(open.openedAt)}`
            : '—',
        ),
        cell('last-check', timeEl(st.lastRunAt)),
      );
    });
  return h(
    'section',
    { id: 'overview', 'aria-labelledby': 'overview-title' },
    h('h2', { id: 'overview-title' }, 'Targets'),
    h(
      'div',
      { class: 'scroll' },
      h(
        'table',
        { id: 'targets' },
        h(
          'caption',
          { class: 'visually-hidden' },
          'Every target: status, uptime, latency, incidents, last check',
        ),
        h('thead', {}, h('tr', {}, ...head.map((t) => h('th', { scope: 'col' }, t)))),
        h('tbody', {}, ...rows),
      ),
    ),
  );
}

/** @param {{ start: number, r: RollUp | undefined }[]} hours */
function sparkline(hours) {
  const values = hours.map((b) => latencyQuantile(b.r, 0.5));
  const max = Math.max(1, ...values.map((v) => v ?? 0));
  const points = values.flatMap((v, i) =>
    v === undefined ? [] : [`${i * 4},${(18 - (v / max) * 16).toFixed(1)}`],
  );
  const known = values.filter((v) => v !== undefined);
  const label = known.length
    ? `p50 latency per hour over 24 h, from ${msText(Math.min(...known))} to ${msText(Math.max(...known))}`
    : 'No latency data in the last 24 h';
  return s(
    'svg',
    { class: 'spark', viewBox: '0 0 92 20', width: 92, height: 20, role: 'img', 'aria-label': label },
    s('title', {}, label),
    points.length > 1 ? s('polyline', { points: points.join(' '), class: 'p50' }) : null,
    points.length === 1
      ? s('circle', { cx: points[0].split(',')[0], cy: points[0].split(',')[1], r: 1.5, class: 'dot' })
      : null,
  );
}

const RANGES = /** @type {const} */ ({
  '24h': { unit: 'hour', label: '24 h' },
  '7d': { unit: 'hour', label: '7 days' },
  '30d': { unit: 'day', label: '30 days' },
  '90d': { unit: 'day', label: '90 days' },
});

/** @param {StateFile} state @param {Data} data @param {Scope} sc @param {string} name @param {string} range */
function targetPage(state, data, sc, name, range) {
  const st = (state.states ?? []).find((x) => x.target === name);
  const back = h('a', { id: 'back', href: '#/', 'data-key': 'back' }, '← All targets');
  if (!st) {
    return h(
      'section',
      { id: 'target', 'data-target': name },
      h('h2', {}, name),
      back,
      h('p', { class: 'empty' }, 'No checks recorded for this target.'),
    );
  }
  const def = RANGES[/** @type {keyof RANGES} */ (range)];
  const list = buckets(data, name, def.unit, rangeStart(range, sc.newest), sc.newest);
  const size = def.unit === 'hour' ? HOUR : DAY;
  const from = list[0].start;
  const to = list[list.length - 1].start + size;
  const markers = data.markers.filter((m) => m.target === name && m.at >= from && m.at < to);
  const incidents = data.incidents.filter((i) => i.target === name);
  const bands = incidents.filter((i) => i.openedAt < to && (i.resolvedAt ?? sc.newest) >= from);
  const runs = data.runs.get(name) ?? [];
  const last = runs[runs.length - 1];
  const rangeButtons = Object.entries(RANGES).map(([key, r]) =>
    h(
      'button',
      { type: 'button', 'data-range': key, 'aria-pressed': String(key === range), 'data-key': `r:${key}` },
      r.label,
    ),
  );
  const chartArgs = { from, to, markers, bands, size, now: sc.newest };
  return h(
    'section',
    { id: 'target', 'data-target': name, 'aria-labelledby': 'target-title' },
    back,
    h('h2', { id: 'target-title' }, name),
    h(
      'p',
      { class: 'summary' },
      h('span', { class: `status ${st.confirmed}` }, statusText(st.confirmed)),
      ' since ',
      timeEl(st.since),
      ' · last check ',
      timeEl(st.lastRunAt),
      ' · ',
      link(st.url, st.url, 'url'),
    ),
    h('div', { class: 'ranges', role: 'group', 'aria-label': 'Range' }, ...rangeButtons),
    h('h3', {}, 'Latency'),
    chart(
      'latency',
      `Latency p50 and p95 over ${def.label}`,
      list,
      [
        { name: 'p50', value: (r) => latencyQuantile(r, 0.5), unit: 'ms' },
        { name: 'p95', value: (r) => latencyQuantile(r, 0.95), unit: 'ms' },
      ],
      chartArgs,
    ),
    h('h3', {}, 'Error rate'),
    chart(
      'error-rate',
      `Error rate (failed samples) over ${def.label}`,
      list,
      [
        {
          name: 'errors',
          value: (r) => (r && r.samples > 0 ? (100 * r.errors) / r.samples : undefined),
          unit: '%',
        },
      ],
      chartArgs,
    ),
    h('h3', {}, 'Services'),
    services(runs),
    h('h3', {}, 'Last run'),
    last
      ? h(
          'p',
          {},
          h('span', { class: `status ${last.status}` }, statusText(last.status)),
          ' ',
          timeEl(last.at),
          `: ${last.message} `,
          link(last.runUrl, 'workflow run', 'run'),
        )
      : h('p', { class: 'empty' }, 'No run in the last hours.'),
    h(
      'ul',
      { id: 'findings' },
      ...(last?.findings ?? []).map((f) =>
        h(
          'li',
          {},
          h('span', { class: `status ${f.status}` }, statusText(f.status)),
          ` ${f.source}: ${f.title} (${f.id})`,
        ),
      ),
    ),
    last && (last.findings ?? []).length === 0
      ? h('p', { class: 'empty' }, 'No rule triggered; every checklist item passed.')
      : null,
    h('h3', {}, 'Incidents'),
    h(
      'ul',
      { id: 'incidents' },
      ...[...incidents]
        .reverse()
        .map((i) =>
          h(
            'li',
            {},
            i.issue ? link(i.issue.url, `#${i.issue.number}`, `inc:${i.openedAt}`) : 'No issue',
            ` ${i.state === 'open' ? 'open' : 'resolved'} · ${statusText(i.status)} · opened ${utcText(i.openedAt)}`,
            i.resolvedAt ? ` · resolved ${utcText(i.resolvedAt)}` : '',
            ` · ${i.message}`,
          ),
        ),
    ),
    incidents.length === 0 ? h('p', { class: 'empty' }, 'No incidents in this period.') : null,
  );
}

/**
 * @typedef {{ name: string, value: (r: RollUp | undefined) => number | undefined, unit: string }} Series
 * @typedef {{ from: number, to: number, markers: Marker[], bands: Incident[], size: number, now: number }} ChartArgs
 */

/**
 * An SVG chart with a visually hidden table of its numbers.
 * @param {string} kind @param {string} title @param {{ start: number, r: RollUp | undefined }[]} list
 * @param {Series[]} series @param {ChartArgs} a
 */
function chart(kind, title, list, series, a) {
  const W = 600;
  const H = 180;
  const top = 10;
  const bottom = 160;
  const left = 64; // room for the top tick ("1,200 ms")
  const x = (/** @type {number} */ t) => left + ((t - a.from) / (a.to - a.from)) * (W - left - 4);
  const values = series.map((se) => list.map((b) => se.value(b.r)));
  const max = niceMax(Math.max(0, ...values.flat().map((v) => v ?? 0)), series[0].unit);
  const y = (/** @type {number} */ v) => bottom - (v / max) * (bottom - top);
  const bar = kind === 'error-rate';
  const hasData = values.flat().some((v) => v !== undefined);
  const label = `${title}. ${hasData ? `Highest ${fmt(Math.max(...values.flat().map((v) => v ?? 0)), series[0].unit)}` : 'No data'}; ${a.markers.length} deployments, ${a.bands.length} incidents.`;
  const svg = s(
    'svg',
    { viewBox: `0 0 ${W} ${H}`, role: 'img', 'aria-label': label, class: 'chart' },
    ...a.bands.map((i) => {
      const x0 = x(Math.max(a.from, i.openedAt));
      const x1 = x(Math.min(a.to, i.resolvedAt ?? a.now));
      return s(
        'rect',
        {
          x: x0.toFixed(1),
          y: top,
          width: Math.max(2, x1 - x0).toFixed(1),
          height: bottom - top,
          class: 'band',
          'data-incident': i.openedAt,
        },
        s(
          'title',
          {},
          `Incident ${statusText(i.status)} from ${utcText(i.openedAt)}${i.resolvedAt ? ` to ${utcText(i.resolvedAt)}` : ' (open)'}: ${i.message}`,
        ),
      );
    }),
    s('line', { x1: left, x2: W - 4, y1: bottom, y2: bottom, class: 'axis' }),
    s('line', { x1: left, x2: W - 4, y1: top, y2: top, class: 'grid' }),
    s('text', { x: left - 4, y: top + 4, class: 'tick end' }, fmt(max, series[0].unit)),
    s('text', { x: left - 4, y: bottom, class: 'tick end' }, `0`),
    s('text', { x: left, y: H - 4, class: 'tick' }, utcText(a.from)),
    s('text', { x: W - 4, y: H - 4, class: 'tick end' }, utcText(a.to)),
    ...series.map((se, k) => {
      if (bar) {
        const w = Math.max(1, (W - left - 4) / list.length - 1);
        return s(
          'g',
          { class: se.name },
          ...list.flatMap((b, i) => {
            const v = values[k][i];
            return v === undefined
              ? []
              : [
                  s('rect', {
                    x: x(b.start).toFixed(1),
                    y: y(v).toFixed(1),
                    width: w.toFixed(1),
                    height: Math.max(v > 0 ? 1 : 0, bottom - y(v)).toFixed(1),
                  }),
                ];
          }),
        );
      }
      const pts = list.flatMap((b, i) => {
        const v = values[k][i];
        return v === undefined ? [] : [`${x(b.start + a.size / 2).toFixed(1)},${y(v).toFixed(1)}`];
      });
      return s('polyline', { points: pts.join(' '), class: `line ${se.name}` });
    }),
    ...a.markers.map((m) => {
      const text = `Deployment ${m.deploymentId ?? '?'}${m.sha ? `, commit ${m.sha.slice(0, 7)}` : ''}${m.source === 'gate' ? `, gate verdict: ${m.status ?? '?'}` : ', seen by the monitor'} (${utcText(m.at)})`;
      return s(
        'line',
        {
          x1: x(m.at).toFixed(1),
          x2: x(m.at).toFixed(1),
          y1: top,
          y2: bottom,
          class: `marker ${m.source}`,
          'data-marker': m.deploymentId ?? m.sha ?? String(m.at),
        },
        s('title', {}, text),
      );
    }),
  );
  const table = h(
    'table',
    { class: 'visually-hidden' },
    h('caption', {}, title),
    h(
      'thead',
      {},
      h(
        'tr',
        {},
        h('th', { scope: 'col' }, 'Period (UTC)'),
        ...series.map((se) => h('th', { scope: 'col' }, `${se.name} (${se.unit})`)),
      ),
    ),
    h(
      'tbody',
      {},
      ...list.flatMap((b, i) =>
        values.every((v) => v[i] === undefined)
          ? []
          : [
              h(
                'tr',
                {},
                h('th', { scope: 'row' }, utcText(b.start)),
                ...values.map((v) => h('td', {}, v[i] === undefined ? '—' : fmt(v[i] ?? 0, series[0].unit))),
              ),
            ],
      ),
    ),
  );
  const legend = h(
    'figcaption',
    {},
    ...series.map((se) => h('span', { class: `key ${se.name}` }, se.name)),
    a.markers.length ? h('span', { class: 'key marker' }, 'deployment') : null,
    a.bands.length ? h('span', { class: 'key band' }, 'incident') : null,
  );
  return h('figure', { 'data-chart': kind }, svg, legend, table);
}

/** @param {number} v @param {string} unit */
const fmt = (v, unit) => (unit === '%' ? `${v.toFixed(v < 10 ? 2 : 1)}%` : msText(v));
/** @param {number} v @param {string} unit */
function niceMax(v, unit) {
  if (v <= 0) return unit === '%' ? 1 : 10;
  const p = 10 ** Math.floor(Math.log10(v));
  for (const m of [1, 2, 5, 10]) if (m * p >= v) return m * p;
  return 10 * p;
}

/** Per service: status, response time and details of the last answer, last failure, a timeline. */
/** @param {RunRecord[]} runs */
function services(runs) {
  const last = runs[runs.length - 1];
  if (!last || (last.services ?? []).length === 0)
    return h('p', { class: 'empty' }, 'No services reported in the last run.');
  const rows = last.services.map((sv) => {
    const history = runs.flatMap((r) =>
      (r.services ?? []).filter((x) => x.key === sv.key).map((x) => ({ at: r.at, x, r })),
    );
    const failure = [...history].reverse().find((e) => e.x.status === 'fail');
    const detail = sv.detail
      ? h(
          'details',
          { 'data-key': `d:${sv.key}` },
          h('summary', { 'data-key': `s:${sv.key}` }, 'Details'),
          h('pre', {}, sv.detail),
        )
      : '—';
    return h(
      'tr',
      { 'data-service': sv.key },
      h('th', { scope: 'row' }, sv.name || sv.key),
      h('td', { 'data-field': 'status' }, h('span', { class: `status ${sv.status}` }, statusText(sv.status))),
      h('td', { 'data-field': 'response-time' }, msText(sv.ms)),
      h(
        'td',
        { 'data-field': 'last-failure' },
        ...(failure ? [timeEl(failure.at), `: ${failure.x.detail ?? failure.r.message}`] : ['—']),
      ),
      h('td', { 'data-field': 'timeline' }, timeline(history)),
      h('td', { 'data-field': 'details' }, detail),
    );
  });
  return h(
    'div',
    { class: 'scroll' },
    h(
      'table',
      { id: 'services' },
      h(
        'caption',
        { class: 'visually-hidden' },
        `Services in the last run, with their status over the last ${RAW_HOURS} hours`,
      ),
      h(
        'thead',
        {},
        h(
          'tr',
          {},
          ...['Service', 'Status', 'Response time', 'Last failure', `Last ${RAW_HOURS} h`, 'Details'].map(
            (t) => h('th', { scope: 'col' }, t),
          ),
        ),
      ),
      h('tbody', {}, ...rows),
    ),
  );
}

/** @param {{ at: number, x: Service }[]} history */
function timeline(history) {
  const shown = history.slice(-72);
  const count = (/** @type {string} */ st) => shown.filter((e) => e.x.status === st).length;
  const label = `${count('pass')} pass, ${count('warn')} warn, ${count('fail')} fail in the last ${shown.length} runs`;
  return s(
    'svg',
    {
      class: 'timeline',
      viewBox: `0 0 ${Math.max(1, shown.length) * 3} 12`,
      width: 144,
      height: 12,
      preserveAspectRatio: 'none',
      role: 'img',
      'aria-label': label,
    },
    s('title', {}, label),
    ...shown.map((e, i) =>
      s(
        'rect',
        { x: i * 3, y: 0, width: 2.4, height: 12, class: e.x.status },
        s('title', {}, `${utcText(e.at)}: ${e.x.status}`),
      ),
    ),
  );
}

// ---------------------------------------------------------------------------------------------------------
// The page: routing, refresh, focus.

/** @type {Config} */
let config = {
  refreshSeconds: 30,
  intervalSeconds: 300,
  dispatchUrl: null,
  repositoryUrl: null,
  title: 'Deployment health',
};
let refreshedAt = 0;
let busy = false;
let again = false;
/** The route last shown: a new one moves the focus to its heading. @type {string | null | undefined} */
let shown;
let range = '24h';
/** @type {ReturnType<typeof setTimeout> | undefined} */
let timer;

const $ = (/** @type {string} */ id) => /** @type {HTMLElement} */ (document.getElementById(id));

function route() {
  const hash = location.hash;
  if (!hash.startsWith('#/target/')) return null;
  const raw = hash.slice('#/target/'.length);
  try {
    return decodeURIComponent(raw);
  } catch {
    return raw;
  }
}

async function refresh() {
  if (busy) {
    again = true;
    return;
  }
  busy = true;
  again = false;
  clearTimeout(timer);
  const error = $('error');
  try {
    const [loaded, state] = await Promise.all([
      load('dashboard.json').catch(() => null),
      load('data/state.json'),
    ]);
    applyConfig(loaded);
    const name = route();
    const view = $('view');
    /** @type {HTMLElement} */
    let content;
    let sc;
    if (!state || (state.states ?? []).length === 0) {
      content = h(
        'section',
        { id: 'empty' },
        h('h2', {}, 'No checks recorded yet'),
        h('p', {}, 'The monitor has not written a check yet. Once it runs, its results show here.'),
      );
    } else {
      sc = scope(state, config);
      const data = await gatherData(state, config, sc, name === null ? null : { range });
      content = name === null ? overview(state, data, sc) : targetPage(state, data, sc, name, range);
    }
    swap(view, content);
    if (shown !== undefined && shown !== name) {
      const heading = view.querySelector('h2');
      if (heading instanceof HTMLElement) {
        heading.tabIndex = -1;
        heading.focus();
      }
    }
    shown = name;
    document.title = name === null ? config.title : `${name} · ${config.title}`;
    const stale = $('stale');
    const age = sc ? Date.now() - sc.newest : 0;
    stale.hidden = !sc || age <= 3 * config.intervalSeconds * 1000;
    stale.textContent = stale.hidden ? '' : `No new data for ${durationText(age)}: is the schedule running?`;
    error.hidden = true;
    error.textContent = '';
    refreshedAt = Date.now();
  } catch (e) {
    error.hidden = false;
    error.textContent = `Could not load the data: ${e instanceof Error ? e.message : String(e)} It is tried again at the next refresh.`;
  } finally {
    busy = false;
    tick();
    timer = setTimeout(refresh, Math.max(1, config.refreshSeconds) * 1000);
    if (again) await refresh();
  }
}

/** Replaces the view's content, keeping the focused element and open drill-downs. @param {HTMLElement} view @param {HTMLElement} content */
function swap(view, content) {
  const active = document.activeElement;
  const key = active && view.contains(active) ? active.getAttribute('data-key') : null;
  const open = new Set([...view.querySelectorAll('details[open]')].map((d) => d.getAttribute('data-key')));
  for (const d of content.querySelectorAll('details'))
    if (open.has(d.getAttribute('data-key'))) d.setAttribute('open', '');
  view.replaceChildren(content);
  if (key) {
    const again = [...view.querySelectorAll('[data-key]')].find((el) => el.getAttribute('data-key') === key);
    if (again instanceof HTMLElement) again.focus();
  }
}

/** Updates the relative times once a second. */
function tick() {
  if (refreshedAt) $('refreshed').textContent = `Updated ${agoText(Date.now() - refreshedAt)}`;
  for (const el of document.querySelectorAll('time[data-ago]')) {
    const text = agoText(Date.now() - Number(el.getAttribute('data-ago')));
    if (el.textContent !== text) el.textContent = text;
  }
}

/** `dashboard.json` (read at each refresh: the live server may change it); the defaults when missing. */
/** @param {any} loaded */
function applyConfig(loaded) {
  if (!loaded || typeof loaded !== 'object') return;
  const url = (/** @type {unknown} */ u) => (typeof u === 'string' && /^https?:\/\//i.test(u) ? u : null);
  config = {
    refreshSeconds: Number(loaded.refreshSeconds) > 0 ? Number(loaded.refreshSeconds) : 30,
    intervalSeconds: Number(loaded.intervalSeconds) > 0 ? Number(loaded.intervalSeconds) : 300,
    dispatchUrl: url(loaded.dispatchUrl),
    repositoryUrl: url(loaded.repositoryUrl),
    title: typeof loaded.title === 'string' && loaded.title.trim() ? loaded.title : 'Deployment health',
    months: loaded.months && typeof loaded.months === 'object' ? loaded.months : undefined,
  };
  $('title').textContent = config.title;
  const run = /** @type {HTMLAnchorElement} */ ($('run-check'));
  run.hidden = config.dispatchUrl === null;
  if (config.dispatchUrl) run.href = config.dispatchUrl;
  const repo = config.repositoryUrl;
  $('repository').replaceChildren(
    ...(repo ? [h('a', { href: repo, 'data-key': 'repo' }, 'Repository')] : []),
  );
}

function start() {
  $('refresh').addEventListener('click', () => refresh());
  $('view').addEventListener('click', (event) => {
    const button = event.target instanceof Element ? event.target.closest('button[data-range]') : null;
    if (!button) return;
    range = button.getAttribute('data-range') ?? '24h';
    refresh();
  });
  window.addEventListener('hashchange', () => refresh());
  setInterval(tick, 1000);
  refresh();
}

if (typeof document !== 'undefined') start();
