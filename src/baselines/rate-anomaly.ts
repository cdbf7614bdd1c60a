// Error-rate anomalies. A run takes a handful of samples, so its error rate is 0, 33, 67 or 100 %: a score
// against a median would call one failed request of three a disaster. Instead each recent run's Wilson
// interval is set against the window's pooled rate's interval, both at z = the rule's sensitivity: a run is
// flagged only when even its most favourable reading (the interval's lower bound) lies above the most the
// baseline plausibly is (its upper bound).
import type { RatePoint } from './series.js';
import {
  type AnomalySettings,
  type Judgement,
  MIN_WINDOW_POINTS,
  settingsProblem,
  tooFewReason,
} from './settings.js';
import { type WilsonInterval, wilson } from './wilson.js';
import { pointsInWindow, splitRecent } from './window.js';

/** A rate with its Wilson interval, in percent like the `error_rate` metric. */
export interface RateReading {
  errors: number;
  samples: number;
  /** errors / samples × 100. */
  rate: number;
  low: number;
  high: number;
}

export type RateOutcome = Judgement<
  RateReading & { at: number },
  {
    /** The window's runs pooled: all their errors over all their samples. */
    baseline: RateReading;
  }
>;

const percent = (fraction: number) => fraction * 100;

function reading(errors: number, samples: number, z: number): RateReading {
  const interval = wilson(errors, samples, z) as WilsonInterval;
  return {
    errors,
    samples,
    rate: percent(errors / samples),
    low: percent(interval.low),
    high: percent(interval.high),
  };
}

/** Whether a run's interval lies wholly beyond the baseline's on the rule's side. */
function outside(run: RateReading, baseline: RateReading, direction: AnomalySettings['direction']): boolean {
  const above = run.low > baseline.high;
  const below = run.high < baseline.low;
  return direction === 'above' ? above : direction === 'below' ? below : above || below;
}

/**
 * Judges the recent runs' error counts against the window's. With 3 samples a run and a day of baseline, one
 * error lies above a baseline near 0 % at z = 3; near 1 % it takes two. A drop (`below`) shows only from a
 * high rate: a clean run of 3 samples still has an upper bound of 75 % at z = 3.
 */
export function detectRateAnomaly(input: {
  window: RatePoint[];
  recent: RatePoint[];
  settings: AnomalySettings;
  windowMs?: number | undefined;
  minWindowPoints?: number | undefined;
}): RateOutcome {
  const { settings } = input;
  const problem = settingsProblem(settings);
  if (problem) return { kind: 'skipped', reason: problem };
  const { of } = settings.trigger;
  const counted = (points: RatePoint[]) => points.filter((point) => point.samples > 0);
  const recent = counted(input.recent).slice(-of);
  if (recent.length < of)
    return {
      kind: 'skipped',
      reason: `only ${recent.length} run${recent.length === 1 ? '' : 's'} with samples yet; the trigger ${settings.trigger.flagged}/${of} looks at the last ${of}`,
    };
  const window = counted(input.window);
  const need = input.minWindowPoints ?? MIN_WINDOW_POINTS;
  if (window.length < need)
    return { kind: 'skipped', reason: tooFewReason(window.length, need, of, input.windowMs) };
  const z = settings.sensitivity;
  const pooled = window.reduce(
    (sum, point) => ({ errors: sum.errors + point.errors, samples: sum.samples + point.samples }),
    { errors: 0, samples: 0 },
  );
  const baseline = reading(pooled.errors, pooled.samples, z);
  const judged = recent.map((point) => {
    const run = reading(point.errors, point.samples, z);
    return { ...run, at: point.at, flagged: outside(run, baseline, settings.direction) };
  });
  const flagged = judged.filter((point) => point.flagged).length;
  const last = judged[judged.length - 1] as (typeof judged)[number];
  const { flagged: _flagged, ...latest } = last;
  return {
    kind: 'judged',
    triggered: flagged >= settings.trigger.flagged,
    flagged,
    of,
    baseline,
    latest,
    points: window.length,
    recent: judged,
  };
}

/** `judgeSeries` for error counts: the window of `windowMs` ending at `now`, its last `trigger.of` runs recent. */
export function judgeRateSeries(
  series: readonly RatePoint[],
  now: number,
  windowMs: number,
  settings: AnomalySettings,
  options: { minWindowPoints?: number | undefined } = {},
): RateOutcome {
  const { window, recent } = splitRecent(pointsInWindow(series, now, windowMs), settings.trigger.of);
  return detectRateAnomaly({ window, recent, settings, windowMs, minWindowPoints: options.minWindowPoints });
}
