// Labelled synthetic monitor histories for the anomaly bench (scripts/bench/anomaly.ts) and its test: one
// RunRecord every 5 minutes, as the monitor writes them (3 health requests 5 s apart, their durations rounded
// to the millisecond), with the anomalous intervals known. Deterministic: a seeded generator, no Math.random.
//
// The normal behaviour every kind starts from ("noisy but normal"), fixed before any detector was tuned:
// - each request takes level × e^(0.25·N(0,1)) ms (a lognormal spread of about ±25 %), level 80–400 ms;
// - 1 % of requests are single slow outliers, ×2–6 (a GC pause, a cold instance);
// - about two brief slowdowns a day, 5–10 minutes of ×1.2–1.8 (a noisy neighbour, a deploy elsewhere);
// - 0.2 % of requests fail (half time out after 10 s, half answer 503);
// - the monitor's schedule starts each run up to 30 s late.
import type { RunRecord } from '../../src/history/types.js';

export const RUN_EVERY_MS = 5 * 60_000;
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const WEEK = 7 * DAY;

/**
 * `normal`, `seasonal` (a daily cycle of ±40 %), `drift` (+50 % over a week, linear): no anomalies, every alert
 * is false (drift's are counted apart: a slow trend is not what anomaly rules are for, and an alert on it is
 * not wrong either). `step`: ×3 from a point on. `spike`: ×3 for 15–60 minutes, every 6–12 hours.
 * `seasonal-step`, `seasonal-spike`: the same on the daily cycle. `errors`: a 0–1 % error rate;
 * `error-step`: 30 % errors from a point on. `gauge`: an extended metric that sits still (a process's memory:
 * a level that moves by 1–4 % every 12–48 hours, 10 % of readings off by up to 1 %); `gauge-step`: +25 %.
 */
export type SeriesKind =
  | 'normal'
  | 'seasonal'
  | 'drift'
  | 'step'
  | 'spike'
  | 'seasonal-step'
  | 'seasonal-spike'
  | 'errors'
  | 'error-step'
  | 'gauge'
  | 'gauge-step';

export interface LabelledEvent {
  start: number;
  /** Exclusive; the series' end for steps. */
  end: number;
}

export interface LabelledSeries {
  kind: SeriesKind;
  seed: number;
  records: RunRecord[];
  /** The anomalous intervals. */
  events: LabelledEvent[];
  /** Runs before this are the warm-up: history for the first judgements, never judged themselves. */
  evaluateFrom: number;
  end: number;
  /** What the kind is judged on: `avg_response_time`, `error_rate` or `metrics_memory`. */
  metric: string;
}

export interface SeriesOptions {
  seed: number;
  /** Days of history before the first judged run (default 3: the hour-of-day profile needs them). */
  warmupDays?: number;
  /** Days judged, for the kinds without a single step (default 7). */
  days?: number;
  /** Where the series starts (default 2024-03-04T00:00Z, a Monday). */
  start?: number;
}

/** sfc32 (Chris Doty-Humphrey's small fast counting generator): uniform [0, 1), seeded, reproducible. */
export function randomSource(seed: number): () => number {
  let a = 0x9e3779b9;
  let b = 0x243f6a88;
  let c = 0xb7e15162;
  let d = seed >>> 0;
  const next = () => {
    a >>>= 0;
    b >>>= 0;
    c >>>= 0;
    d >>>= 0;
    let t = (a + b) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    d = (d + 1) | 0;
    t = (t + d) | 0;
    c = (c + t) | 0;
    return (t >>> 0) / 4294967296;
  };
  for (let i = 0; i < 15; i++) next();
  return next;
}

/** A standard normal variate (Box–Muller). */
function gaussian(random: () => number): number {
  const u = Math.max(random(), Number.EPSILON);
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random());
}

const between = (random: () => number, lo: number, hi: number) => lo + (hi - lo) * random();

/** Intervals of `factor` × the normal value: brief slowdowns (normal) or labelled anomalies. */
interface Episode {
  start: number;
  end: number;
  factor: number;
}

const factorAt = (episodes: readonly Episode[], at: number) =>
  episodes.reduce((f, e) => (at >= e.start && at < e.end ? f * e.factor : f), 1);

/** One labelled series of `kind`. */
export function generateSeries(kind: SeriesKind, options: SeriesOptions): LabelledSeries {
  const random = randomSource(options.seed * 2654435761 + kindNumber(kind));
  const start = options.start ?? Date.UTC(2024, 2, 4);
  const evaluateFrom = start + (options.warmupDays ?? 3) * DAY;
  const single =
    kind === 'step' || kind === 'seasonal-step' || kind === 'error-step' || kind === 'gauge-step';
  // A step 1–12 hours into the judged part, then 12 hours of it: long enough to be seen, short of the time a
  // 24 h window takes to make it the new normal.
  const stepAt = evaluateFrom + Math.round(between(random, 1, 12) * 12) * RUN_EVERY_MS;
  const end = single ? stepAt + 12 * HOUR : evaluateFrom + (options.days ?? 7) * DAY;
  const events: LabelledEvent[] = [];
  const anomalies: Episode[] = [];
  if (single) {
    events.push({ start: stepAt, end });
    anomalies.push({ start: stepAt, end, factor: kind === 'gauge-step' ? 1.25 : 3 });
  }
  if (kind === 'spike' || kind === 'seasonal-spike') {
    for (
      let at = evaluateFrom + between(random, 2, 8) * HOUR;
      at < end - HOUR;
      at += between(random, 6, 12) * HOUR
    ) {
      const from = evaluateFrom + Math.ceil((at - evaluateFrom) / RUN_EVERY_MS) * RUN_EVERY_MS;
      const to = from + (3 + Math.floor(random() * 10)) * RUN_EVERY_MS; // 15–60 minutes: 3–12 runs
      events.push({ start: from, end: to });
      anomalies.push({ start: from, end: to, factor: 3 });
    }
  }
  const slowdowns: Episode[] = [];
  for (let at = start + between(random, 0, 24) * HOUR; at < end; at += between(random, 0, 24) * HOUR) {
    slowdowns.push({
      start: at,
      end: at + between(random, 5, 10) * 60_000,
      factor: between(random, 1.2, 1.8),
    });
  }
  const level = 80 * 5 ** random();
  const phase = random();
  const seasonal = kind === 'seasonal' || kind === 'seasonal-step' || kind === 'seasonal-spike';
  const baseErrorRate = kind === 'errors' || kind === 'error-step' ? between(random, 0, 0.01) : 0.002;
  const gauge = kind === 'gauge' || kind === 'gauge-step' ? gaugeLevels(random, start, end) : undefined;

  const records: RunRecord[] = [];
  for (let slot = start; slot < end; slot += RUN_EVERY_MS) {
    const at = slot + Math.floor(random() * 30_000);
    let typical = level * factorAt(slowdowns, at);
    if (seasonal) typical *= 1 + 0.4 * Math.sin(2 * Math.PI * (at / DAY + phase));
    if (kind === 'drift' && at > evaluateFrom) typical *= 1 + (0.5 * (at - evaluateFrom)) / WEEK;
    const anomalous = factorAt(anomalies, slot);
    if (kind !== 'error-step' && kind !== 'gauge-step') typical *= anomalous;
    const errorRate = kind === 'error-step' && anomalous > 1 ? 0.3 : baseErrorRate;
    const samples: RunRecord['samples'] = [];
    for (let i = 0; i < 3; i++) {
      const sampleAt = at + i * 5000;
      if (random() < errorRate) {
        samples.push(
          random() < 0.5
            ? { at: sampleAt, ms: 10_000, ok: false }
            : { at: sampleAt, ms: Math.round(typical * 0.2), http: 503, ok: false },
        );
        continue;
      }
      const outlier = random() < 0.01 ? between(random, 2, 6) : 1;
      const ms = Math.max(1, Math.round(typical * Math.exp(0.25 * gaussian(random)) * outlier));
      samples.push({ at: sampleAt, ms, http: 200, ok: true });
    }
    const record: RunRecord = {
      id: `${kind}-${options.seed}-${slot}`,
      target: kind,
      at,
      url: `https://${kind}.example.com`,
      status: 'healthy',
      reason: 'ok',
      message: 'All checks passed.',
      samples,
      services: [],
      findings: [],
    };
    if (gauge) {
      const reading = gauge(at) * (kind === 'gauge-step' ? anomalous : 1);
      const wiggle = random() < 0.1 ? 1 + between(random, -0.01, 0.01) : 1;
      record.metrics = { metrics_memory: Math.round(reading * wiggle * 10) / 10 };
    }
    records.push(record);
  }
  return {
    kind,
    seed: options.seed,
    records,
    events,
    evaluateFrom,
    end,
    metric:
      kind === 'errors' || kind === 'error-step'
        ? 'error_rate'
        : gauge
          ? 'metrics_memory'
          : 'avg_response_time',
  };
}

/** A gauge's level over time: 200–1000, moving by 1–4 % (either way) every 12–48 hours. */
function gaugeLevels(random: () => number, start: number, end: number): (at: number) => number {
  const changes: { at: number; level: number }[] = [{ at: start, level: 200 * 5 ** random() }];
  for (let at = start + between(random, 12, 48) * HOUR; at < end; at += between(random, 12, 48) * HOUR) {
    const last = (changes[changes.length - 1] as { level: number }).level;
    changes.push({ at, level: last * (1 + (random() < 0.5 ? -1 : 1) * between(random, 0.01, 0.04)) });
  }
  return (at) => {
    let level = (changes[0] as { level: number }).level;
    for (const change of changes) if (change.at <= at) level = change.level;
    return level;
  };
}

function kindNumber(kind: SeriesKind): number {
  let hash = 0;
  for (const char of kind) hash = (hash * 31 + char.charCodeAt(0)) | 0;
  return hash;
}
