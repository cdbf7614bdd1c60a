// Anomaly rules: is a target's metric, over its last few monitor runs, far from what its own recent history
// says it should be? A robust score per run (how many scaled MADs it lies from the expected value; with an
// hour-of-day profile once there are 3 days of history), and a trigger that needs several of the last runs
// flagged (Datadog's "fraction of the window"), so one slow request does not page anyone.
// Error rates are judged with Wilson intervals instead (rate-anomaly.ts), re-exported here.
import { medianOf, robustScale } from './robust.js';
import { expectedAt, type SeasonalProfile } from './seasonal.js';
import type { MetricUnit, Point } from './series.js';
import {
  type AnomalySettings,
  beyond,
  type Judgement,
  MIN_WINDOW_POINTS,
  settingsProblem,
  tooFewReason,
} from './settings.js';
import { pointsInWindow, splitRecent } from './window.js';

export { detectRateAnomaly, judgeRateSeries, type RateOutcome } from './rate-anomaly.js';
export {
  ANOMALY_DEFAULTS,
  type AnomalySettings,
  beyond,
  MIN_WINDOW_POINTS,
  settingsProblem,
} from './settings.js';

/** One judged run: its value, what was expected, and by how many robust σ it differs (signed). */
export interface JudgedPoint {
  at: number;
  value: number;
  expected: number;
  score: number;
}

export type AnomalyOutcome = Judgement<
  JudgedPoint,
  {
    /** The baseline window's median value. */
    median: number;
    /** The robust σ the scores divide by: the scaled MAD of the values (or their residuals), or its floor. */
    scale: number;
    /** Whether the expected values came from the hour-of-day profile. */
    seasonal: boolean;
  }
>;

export interface AnomalyInput {
  /** The baseline: the window's runs before the recent ones, oldest first. */
  window: Point[];
  /** The last `trigger.of` runs, this one last. */
  recent: Point[];
  settings: AnomalySettings;
  /** The hour-of-day profile; used when it covers every hour the window and the recent runs fall in. */
  profile?: SeasonalProfile | undefined;
  unit: MetricUnit;
  /** The rule's window (ms), for the reasons a skipped rule gives. */
  windowMs?: number | undefined;
  /** Overrides MIN_WINDOW_POINTS (the bench measures what smaller windows cost). */
  minWindowPoints?: number | undefined;
  /** Overrides RELATIVE_SCALE_FLOOR (the bench measures the floor's effect). */
  relativeFloor?: number | undefined;
}

/**
 * Scores the recent runs against the window. Without a profile the expected value is the window's median and
 * the robust σ its scaled MAD; with one, each run's residual from the profile (value − profile at its time)
 * is what is measured: expected = profile + the residuals' median, robust σ = their scaled MAD. Both σ have a
 * floor (robust.ts). A run is flagged when its score passes the sensitivity on the rule's side; the rule
 * triggers when `trigger.flagged` of the last `trigger.of` are.
 */
export function detectAnomaly(input: AnomalyInput): AnomalyOutcome {
  const { settings, unit } = input;
  const problem = settingsProblem(settings);
  if (problem) return { kind: 'skipped', reason: problem };
  const { of } = settings.trigger;
  if (input.recent.length < of)
    return {
      kind: 'skipped',
      reason: `only ${input.recent.length} run${input.recent.length === 1 ? '' : 's'} with a value yet; the trigger ${settings.trigger.flagged}/${of} looks at the last ${of}`,
    };
  const recent = input.recent.slice(-of);
  const window = input.window;
  const need = input.minWindowPoints ?? MIN_WINDOW_POINTS;
  if (window.length < need)
    return { kind: 'skipped', reason: tooFewReason(window.length, need, of, input.windowMs) };

  const values = window.map((point) => point.value);
  const level = medianOf(values);
  const baseline = input.profile ? profileResiduals(input.profile, window, recent) : undefined;
  let expected: (at: number) => number = () => level;
  let measured = values;
  if (baseline) {
    const { profile, residuals } = baseline;
    const offset = medianOf(residuals);
    expected = (at) => (expectedAt(profile, at) as number) + offset;
    measured = residuals;
  }
  const seasonal = baseline !== undefined;
  const spread = robustScale(measured, level, unit, input.relativeFloor);
  if (!spread)
    return {
      kind: 'skipped',
      reason: `all ${window.length} runs in the window have the value ${Number(level.toPrecision(6))}: there is no spread to measure a deviation against (a threshold rule suits a metric that does not move)`,
    };
  const judged = recent.map((point) => {
    const value = expected(point.at);
    const score = (point.value - value) / spread.scale;
    return { at: point.at, value: point.value, expected: value, score, flagged: beyond(score, settings) };
  });
  const flagged = judged.filter((point) => point.flagged).length;
  const last = judged[judged.length - 1] as (typeof judged)[number];
  return {
    kind: 'judged',
    triggered: flagged >= settings.trigger.flagged,
    flagged,
    of,
    latest: { at: last.at, value: last.value, expected: last.expected, score: last.score },
    median: level,
    scale: spread.scale,
    seasonal,
    points: window.length,
    recent: judged,
  };
}

/**
 * Each window point's residual from the profile, or undefined when the profile has no value for the hour of
 * some window or recent point (then the whole judgement goes without it, never half with and half without).
 */
function profileResiduals(
  profile: SeasonalProfile,
  window: readonly Point[],
  recent: readonly Point[],
): { profile: SeasonalProfile; residuals: number[] } | undefined {
  if (recent.some((point) => expectedAt(profile, point.at) === undefined)) return undefined;
  const residuals: number[] = new Array(window.length);
  for (let i = 0; i < window.length; i++) {
    const point = window[i] as Point;
    const expected = expectedAt(profile, point.at);
    if (expected === undefined) return undefined;
    residuals[i] = point.value - expected;
  }
  return { profile, residuals };
}

export interface JudgeOptions {
  profile?: SeasonalProfile | undefined;
  /** Default: plain (no unit floor). */
  unit?: MetricUnit | undefined;
  minWindowPoints?: number | undefined;
  relativeFloor?: number | undefined;
}

/**
 * Judges the run at `now`: the points of `series` (oldest first, ending with this run) in the window of
 * `windowMs` ending at `now`, the last `trigger.of` of them recent and the rest the baseline.
 */
export function judgeSeries(
  series: readonly Point[],
  now: number,
  windowMs: number,
  settings: AnomalySettings,
  options: JudgeOptions = {},
): AnomalyOutcome {
  const { window, recent } = splitRecent(pointsInWindow(series, now, windowMs), settings.trigger.of);
  return detectAnomaly({
    window,
    recent,
    settings,
    profile: options.profile,
    unit: options.unit ?? 'plain',
    windowMs,
    minWindowPoints: options.minWindowPoints,
    relativeFloor: options.relativeFloor,
  });
}
