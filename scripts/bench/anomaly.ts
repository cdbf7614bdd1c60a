// The anomaly rules' evaluation: replays the detector (judgeSeries, judgeRateSeries) run by run over labelled
// synthetic histories (synthetic-series.ts) and counts what a person would see: alerts (a rule going from
// quiet to triggered, however long it stays triggered, like an incident), the events they caught, how late,
// and the alerts nothing explains. Printed as markdown tables for docs/anomalies.md. Run on its own with
// `npx tsx scripts/bench/anomaly.ts`, or as part of `npm run bench` (BENCH_ANOMALY=0 skips it there).
import { pathToFileURL } from 'node:url';
import {
  ANOMALY_DEFAULTS,
  type AnomalySettings,
  beyond,
  judgeRateSeries,
  judgeSeries,
} from '../../src/baselines/anomaly.js';
import { RELATIVE_SCALE_FLOOR } from '../../src/baselines/robust.js';
import { type SeasonalProfile, seasonalProfile } from '../../src/baselines/seasonal.js';
import {
  countsOf,
  type MetricUnit,
  type Point,
  type RatePoint,
  seriesOf,
} from '../../src/baselines/series.js';
import { rollUpRuns } from '../../src/history/rollup.js';
import type { RollUp } from '../../src/history/types.js';
import { median } from './stats.js';
import { generateSeries, type LabelledEvent, RUN_EVERY_MS, type SeriesKind } from './synthetic-series.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const WEEK = 7 * DAY;

/** One generated history, ready to replay: its metric's series and its hourly roll-ups. */
export interface PreparedSeries {
  kind: SeriesKind;
  events: LabelledEvent[];
  evaluateFrom: number;
  end: number;
  unit: MetricUnit;
  points?: Point[];
  counts?: RatePoint[];
  hourly: RollUp[];
}

export interface CorpusScale {
  /** Series of the kinds without events, judged over whole weeks (normal, seasonal, drift, errors, gauge). */
  weekly: number;
  /** Series of each spike kind (a spike every 6–12 hours: about 18 a week). */
  spikes: number;
  /** Series of the single-step kinds (one event each). */
  steps: number;
  /** Days judged per weekly series. */
  days: number;
  /** First seed (default 1). */
  seed?: number;
}

/** The bench's scale: 8 weeks of each kind without events, 60 steps of each step kind, about 90 spikes of each. */
export const BENCH_SCALE: CorpusScale = { weekly: 8, spikes: 5, steps: 60, days: 7 };

const WEEKLY_KINDS: SeriesKind[] = [
  'normal',
  'seasonal',
  'drift',
  'spike',
  'seasonal-spike',
  'errors',
  'gauge',
];
const STEP_KINDS: SeriesKind[] = ['step', 'seasonal-step', 'error-step', 'gauge-step'];

/** Generates and prepares every series of the corpus (deterministic for a scale). */
export function buildCorpus(scale: CorpusScale, kinds?: readonly SeriesKind[]): PreparedSeries[] {
  const out: PreparedSeries[] = [];
  const wanted = (kind: SeriesKind) => !kinds || kinds.includes(kind);
  let seed = scale.seed ?? 1;
  for (const kind of WEEKLY_KINDS.filter(wanted)) {
    const count = kind.endsWith('spike') ? scale.spikes : scale.weekly;
    for (let i = 0; i < count; i++) out.push(prepare(kind, seed++, scale.days));
  }
  for (const kind of STEP_KINDS.filter(wanted)) {
    for (let i = 0; i < scale.steps; i++) out.push(prepare(kind, seed++, scale.days));
  }
  return out;
}

function prepare(kind: SeriesKind, seed: number, days: number): PreparedSeries {
  const series = generateSeries(kind, { seed, days });
  const byHour = new Map<number, typeof series.records>();
  for (const record of series.records) {
    const hour = Math.floor(record.at / HOUR) * HOUR;
    const list = byHour.get(hour) ?? [];
    list.push(record);
    byHour.set(hour, list);
  }
  const hourly = [...byHour].map(([hour, records]) => rollUpRuns(hour, records) as RollUp);
  const rate = series.metric === 'error_rate';
  return {
    kind,
    events: series.events,
    evaluateFrom: series.evaluateFrom,
    end: series.end,
    unit: rate ? 'percent' : series.metric === 'metrics_memory' ? 'plain' : 'ms',
    ...(rate ? { counts: countsOf(series.records) } : { points: seriesOf(series.records, series.metric) }),
    hourly,
  };
}

export interface ReplayConfig {
  settings: AnomalySettings;
  /** The error-rate series' sensitivity, when not `settings.sensitivity` (the defaults' own for error rates). */
  rateSensitivity?: number | undefined;
  windowMs: number;
  /** Use the hour-of-day profile (it exists from the third day on). */
  seasonal: boolean;
  relativeFloor?: number | undefined;
  minWindowPoints?: number | undefined;
}

export const DEFAULT_CONFIG: ReplayConfig = {
  settings: {
    sensitivity: ANOMALY_DEFAULTS.sensitivity,
    trigger: ANOMALY_DEFAULTS.trigger,
    direction: 'above',
  },
  rateSensitivity: ANOMALY_DEFAULTS.errorRateSensitivity,
  windowMs: ANOMALY_DEFAULTS.window * 1000,
  seasonal: true,
};

/** What one replay of one series saw. */
interface Replay {
  alerts: number[];
  judged: number;
  skipped: number;
  seasonalRuns: number;
}

/** One judged run of a latency series: the recent runs' scores, or undefined when the rule was skipped. */
interface ScoredRun {
  at: number;
  scores: number[] | undefined;
  seasonal: boolean;
}

/**
 * The detector run at every run from `evaluateFrom` on, as the monitor would at each scheduled run, keeping
 * each judgement's scores. Scores do not depend on the sensitivity nor on `trigger.flagged` (only `of` splits
 * the window), so one pass serves every sensitivity of a sweep: `replayScored` flags them with the detector's
 * own `beyond`, and a test holds that to `judgeSeries`'s own verdicts.
 */
function scoreRuns(series: PreparedSeries, config: ReplayConfig): ScoredRun[] {
  const profiles = new Map<number, SeasonalProfile | undefined>();
  const metric = series.unit === 'plain' ? 'metrics_memory' : 'avg_response_time';
  const profileAt = (at: number) => {
    const hour = Math.floor(at / HOUR);
    if (!profiles.has(hour)) profiles.set(hour, seasonalProfile(series.hourly, metric, at));
    return profiles.get(hour);
  };
  const points = series.points ?? [];
  const runs: ScoredRun[] = [];
  for (const { at } of points) {
    if (at < series.evaluateFrom) continue;
    const outcome = judgeSeries(points, at, config.windowMs, config.settings, {
      profile: config.seasonal ? profileAt(at) : undefined,
      unit: series.unit,
      relativeFloor: config.relativeFloor,
      minWindowPoints: config.minWindowPoints,
    });
    runs.push(
      outcome.kind === 'judged'
        ? { at, scores: outcome.recent.map((point) => point.score), seasonal: outcome.seasonal }
        : { at, scores: undefined, seasonal: false },
    );
  }
  return runs;
}

/** Alerts from scored runs: a run is triggered when `flagged` of its recent scores are beyond the sensitivity. */
export function replayScored(runs: readonly ScoredRun[], settings: AnomalySettings): Replay {
  const replay: Replay = { alerts: [], judged: 0, skipped: 0, seasonalRuns: 0 };
  let before = false;
  for (const run of runs) {
    replay.judged++;
    if (!run.scores) replay.skipped++;
    if (run.seasonal) replay.seasonalRuns++;
    const flagged = run.scores ? run.scores.filter((score) => beyond(score, settings)).length : 0;
    const triggered = flagged >= settings.trigger.flagged;
    if (triggered && !before) replay.alerts.push(run.at);
    before = triggered;
  }
  return replay;
}

/** Error-rate series: the Wilson intervals depend on the sensitivity (z), so each setting is its own pass. */
function replayRates(series: PreparedSeries, config: ReplayConfig): Replay {
  const replay: Replay = { alerts: [], judged: 0, skipped: 0, seasonalRuns: 0 };
  const counts = series.counts ?? [];
  const settings = { ...config.settings, sensitivity: config.rateSensitivity ?? config.settings.sensitivity };
  let before = false;
  for (const { at } of counts) {
    if (at < series.evaluateFrom) continue;
    const outcome = judgeRateSeries(counts, at, config.windowMs, settings, {
      minWindowPoints: config.minWindowPoints,
    });
    replay.judged++;
    if (outcome.kind === 'skipped') replay.skipped++;
    const triggered = outcome.kind === 'judged' && outcome.triggered;
    if (triggered && !before) replay.alerts.push(at);
    before = triggered;
  }
  return replay;
}

/** Every rule verdict straight from `judgeSeries` (no shared scores): what `replayScored` must agree with. */
export function replayDirect(series: PreparedSeries, config: ReplayConfig): Replay {
  if (series.counts) return replayRates(series, config);
  const replay: Replay = { alerts: [], judged: 0, skipped: 0, seasonalRuns: 0 };
  const points = series.points ?? [];
  const metric = series.unit === 'plain' ? 'metrics_memory' : 'avg_response_time';
  let before = false;
  for (const { at } of points) {
    if (at < series.evaluateFrom) continue;
    const outcome = judgeSeries(points, at, config.windowMs, config.settings, {
      profile: config.seasonal ? seasonalProfile(series.hourly, metric, at) : undefined,
      unit: series.unit,
      relativeFloor: config.relativeFloor,
      minWindowPoints: config.minWindowPoints,
    });
    replay.judged++;
    if (outcome.kind === 'skipped') replay.skipped++;
    else if (outcome.seasonal) replay.seasonalRuns++;
    const triggered = outcome.kind === 'judged' && outcome.triggered;
    if (triggered && !before) replay.alerts.push(at);
    before = triggered;
  }
  return replay;
}

/** Scored runs per series, cached by what the scores depend on: `of`, the window, the profile, the floor. */
const scoreCache = new WeakMap<PreparedSeries, Map<string, ScoredRun[]>>();

export function replay(series: PreparedSeries, config: ReplayConfig): Replay {
  if (series.counts) return replayRates(series, config);
  const key = [
    config.settings.trigger.of,
    config.windowMs,
    config.seasonal,
    config.relativeFloor,
    config.minWindowPoints,
  ].join();
  const cached = scoreCache.get(series) ?? new Map<string, ScoredRun[]>();
  scoreCache.set(series, cached);
  let runs = cached.get(key);
  if (!runs) {
    runs = scoreRuns(series, config);
    cached.set(key, runs);
  }
  return replayScored(runs, config.settings);
}

/** Figures of one kind under one configuration. */
export interface KindResult {
  kind: SeriesKind;
  series: number;
  events: number;
  detected: number;
  alerts: number;
  falseAlerts: number;
  /** Judged time outside the labelled events (weeks): what false alerts are counted per. */
  normalWeeks: number;
  /** Detection delays (ms) of the detected events. */
  delays: number[];
  /** The 15-minute spikes among the events, and how many of them were detected. */
  shortEvents: number;
  shortDetected: number;
  judged: number;
  skipped: number;
  seasonalRuns: number;
}

/**
 * Replays every series and scores the alerts: an alert belongs to an event when it starts between the event's
 * start and its end plus `trigger.of` runs (the rule still sees the event's runs among its last `of`); any
 * other alert is false. An event is detected when an alert belongs to it; its delay is from its start.
 */
export function evaluate(corpus: readonly PreparedSeries[], config: ReplayConfig): KindResult[] {
  const results = new Map<SeriesKind, KindResult>();
  const grace = config.settings.trigger.of * RUN_EVERY_MS + 60_000;
  for (const series of corpus) {
    const run = replay(series, config);
    const result = results.get(series.kind) ?? emptyResult(series.kind);
    results.set(series.kind, result);
    result.series++;
    result.judged += run.judged;
    result.skipped += run.skipped;
    result.seasonalRuns += run.seasonalRuns;
    const belongs = (at: number, event: LabelledEvent) => at >= event.start && at <= event.end + grace;
    for (const event of series.events) {
      result.events++;
      const short = event.end - event.start <= 15 * 60_000;
      if (short) result.shortEvents++;
      const first = run.alerts.find((at) => belongs(at, event));
      if (first !== undefined) {
        result.detected++;
        if (short) result.shortDetected++;
        result.delays.push(first - event.start);
      }
    }
    result.alerts += run.alerts.length;
    result.falseAlerts += run.alerts.filter(
      (at) => !series.events.some((event) => belongs(at, event)),
    ).length;
    const eventTime = series.events.reduce(
      (sum, event) => sum + Math.min(event.end + grace, series.end) - event.start,
      0,
    );
    result.normalWeeks += (series.end - series.evaluateFrom - eventTime) / WEEK;
  }
  return [...results.values()];
}

function emptyResult(kind: SeriesKind): KindResult {
  return {
    kind,
    series: 0,
    events: 0,
    detected: 0,
    alerts: 0,
    falseAlerts: 0,
    normalWeeks: 0,
    delays: [],
    shortEvents: 0,
    shortDetected: 0,
    judged: 0,
    skipped: 0,
    seasonalRuns: 0,
  };
}

const fixed = (value: number, digits = 2) => value.toFixed(digits);
const recall = (r: KindResult) => (r.events ? fixed(r.detected / r.events) : '—');
const perWeek = (r: KindResult) => (r.normalWeeks > 0 ? fixed(r.falseAlerts / r.normalWeeks) : '—');
const precision = (r: KindResult) => (r.alerts ? fixed((r.alerts - r.falseAlerts) / r.alerts) : '—');
const delay = (r: KindResult) => (r.delays.length ? `${Math.round(median(r.delays) / 60_000)} min` : '—');
const byKind = (results: readonly KindResult[], kind: SeriesKind) =>
  results.find((r) => r.kind === kind) ?? emptyResult(kind);

/** The full table of one configuration, one row per kind. */
export function kindTable(results: readonly KindResult[]): string[] {
  const lines = [
    '| kind | series | judged days | events | detected (recall) | alerts | precision | false alerts / week | median delay |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
  ];
  for (const r of results) {
    const days = fixed((r.judged * RUN_EVERY_MS) / DAY, 0);
    const detected = r.events ? `${r.detected} (${recall(r)})` : '—';
    lines.push(
      `| ${r.kind} | ${r.series} | ${days} | ${r.events || '—'} | ${detected} | ${r.alerts} | ${precision(r)} | ${perWeek(r)} | ${delay(r)} |`,
    );
    if (r.shortEvents > 0)
      lines.push(
        `| ${r.kind}, 15 min only | | | ${r.shortEvents} | ${r.shortDetected} (${fixed(r.shortDetected / r.shortEvents)}) | | | | |`,
      );
  }
  return lines;
}

/** The sweep's compact row: recall on the anomalous kinds and false alerts a week on the normal ones. */
const SWEEP_HEADER = [
  '| sensitivity | trigger | recall step | spike | seasonal step | seasonal spike | error step | false / wk normal | seasonal | drift | errors | precision (all) |',
  '| ---: | :---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
];

function sweepRow(label: string[], results: readonly KindResult[]): string {
  const k = (kind: SeriesKind) => byKind(results, kind);
  const alerts = results.reduce((sum, r) => sum + r.alerts, 0);
  const falseAlerts = results.reduce((sum, r) => sum + r.falseAlerts, 0);
  const cells = [
    ...label,
    recall(k('step')),
    recall(k('spike')),
    recall(k('seasonal-step')),
    recall(k('seasonal-spike')),
    recall(k('error-step')),
    perWeek(k('normal')),
    perWeek(k('seasonal')),
    perWeek(k('drift')),
    perWeek(k('errors')),
    alerts ? fixed((alerts - falseAlerts) / alerts) : '—',
  ];
  return `| ${cells.join(' | ')} |`;
}

export interface AnomalyBench {
  lines: string[];
  seconds: number;
}

/** The whole evaluation: the defaults (with and without the profile), a sweep, windows and the scale floor. */
export function measureAnomalies(scale: CorpusScale = BENCH_SCALE): AnomalyBench {
  const started = Date.now();
  const corpus = buildCorpus(scale);
  const latency = corpus.filter((s) => !s.kind.startsWith('gauge'));
  const lines: string[] = [];
  const { sensitivity, trigger } = DEFAULT_CONFIG.settings;
  const defaults = `sensitivity ${sensitivity} (error rates ${DEFAULT_CONFIG.rateSensitivity}), trigger ${trigger.flagged}/${trigger.of}, window 24 h`;

  lines.push(`#### Defaults (${defaults}), hour-of-day profile from the third day on`, '');
  lines.push(...kindTable(evaluate(corpus, DEFAULT_CONFIG)), '');

  lines.push(`#### Defaults (${defaults}), no profile (a target's first 3 days)`, '');
  lines.push(...kindTable(evaluate(latency, { ...DEFAULT_CONFIG, seasonal: false })), '');

  lines.push('#### Sensitivity × trigger (24 h window, profile on)', '', ...SWEEP_HEADER);
  for (const s of [3, 3.5, 4, 5]) {
    for (const [flagged, of] of [
      [2, 3],
      [3, 4],
      [3, 5],
    ] as const) {
      const settings: AnomalySettings = { sensitivity: s, trigger: { flagged, of }, direction: 'above' };
      const usual = flagged === trigger.flagged && of === trigger.of;
      const mark =
        usual && s === sensitivity
          ? ' (default)'
          : usual && s === DEFAULT_CONFIG.rateSensitivity
            ? ' (error rates’ default)'
            : '';
      // One sensitivity for both here: the error-rate columns show where their own default comes from.
      const config = { ...DEFAULT_CONFIG, settings, rateSensitivity: undefined };
      lines.push(sweepRow([`${s}${mark}`, `${flagged}/${of}`], evaluate(latency, config)));
    }
  }
  lines.push('');

  lines.push('#### Window length (defaults otherwise, profile on)', '');
  lines.push(
    '| window | recall step | spike | seasonal spike | error step | false / wk normal | seasonal | errors |',
    '| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
  );
  for (const hours of [1, 2, 3, 6, 24]) {
    // Below the minimum the rule is skipped: measured here without it, to show why it is there.
    const minWindowPoints = hours < 24 ? 1 : undefined;
    const results = evaluate(latency, { ...DEFAULT_CONFIG, windowMs: hours * HOUR, minWindowPoints });
    const k = (kind: SeriesKind) => byKind(results, kind);
    const cells = [
      `${hours} h`,
      recall(k('step')),
      recall(k('spike')),
      recall(k('seasonal-spike')),
      recall(k('error-step')),
      perWeek(k('normal')),
      perWeek(k('seasonal')),
      perWeek(k('errors')),
    ];
    lines.push(`| ${cells.join(' | ')} |`);
  }
  lines.push('');

  lines.push(
    '#### Floor under the spread, as a fraction of the median (a quiet gauge; defaults otherwise)',
    '',
  );
  lines.push(
    '| floor | false alerts / week (gauge) | recall of a +25 % gauge step | median delay |',
    '| ---: | ---: | ---: | ---: |',
  );
  const gauges = corpus.filter((s) => s.kind.startsWith('gauge'));
  for (const floor of [0, 0.01, 0.02, 0.05, 0.1]) {
    const results = evaluate(gauges, {
      ...DEFAULT_CONFIG,
      relativeFloor: floor === RELATIVE_SCALE_FLOOR ? undefined : floor,
    });
    const step = byKind(results, 'gauge-step');
    lines.push(
      `| ${floor * 100} % | ${perWeek(byKind(results, 'gauge'))} | ${recall(step)} | ${delay(step)} |`,
    );
  }
  return { lines, seconds: (Date.now() - started) / 1000 };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const bench = measureAnomalies();
  for (const line of bench.lines) console.log(line);
  console.log(`\n(${bench.seconds.toFixed(0)} s)`);
}
