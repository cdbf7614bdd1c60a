// What an anomaly rule is judged with: its settings, the defaults, the least history it needs, and the words
// for a rule that cannot be judged yet. Shared by the latency detector (anomaly.ts) and the error-rate one.
import { windowText } from './window.js';

export interface AnomalySettings {
  /** How many robust σ (scaled MADs) from the expected value flag a run; for error rates the Wilson z. */
  sensitivity: number;
  /** Triggered when at least `flagged` of the last `of` runs (this one included) are flagged. */
  trigger: { flagged: number; of: number };
  /** Which side of the expected value is anomalous. */
  direction: 'above' | 'below' | 'both';
}

/**
 * The defaults, chosen from the bench (docs/anomalies.md; scripts/bench/anomaly.ts): with 3.5 and 3 of 4
 * every 3× step and 3× spike of 15 minutes or more was caught while noisy-but-normal and daily-cycle series
 * of 5-minute runs raised well under one false alert a week (2 of 4 raise several a week; 3.0 nears one a
 * week on the daily cycle). `error_rate` rules compare Wilson intervals of 3-sample runs instead, where z = 3.5
 * missed a quarter of the steps to 30 % errors and z = 3 none, with no false alert in the bench: their
 * default sensitivity is `errorRateSensitivity`.
 */
export const ANOMALY_DEFAULTS: {
  sensitivity: number;
  /** The sensitivity (Wilson z) of an `error_rate` anomaly rule that does not set one. */
  errorRateSensitivity: number;
  /** Seconds. */
  window: number;
  trigger: { flagged: number; of: number };
  direction: 'above';
} = {
  sensitivity: 3.5,
  errorRateSensitivity: 3,
  window: 24 * 3600,
  trigger: { flagged: 3, of: 4 },
  direction: 'above',
};

/**
 * Fewer runs than this in the baseline window (the runs before the last `of`) and the rule is skipped: the
 * median and the MAD of a handful of values move with every run. 20 is what a 2 h window of 5-minute runs
 * holds before the default trigger's last 4. In the bench a 2 h window raised a false alert every week or
 * two and a 1 h window (8 runs) six a week (docs/anomalies.md, "Window length").
 */
export const MIN_WINDOW_POINTS = 20;

/** Why the settings cannot be judged with, or undefined. */
export function settingsProblem(settings: AnomalySettings): string | undefined {
  const { flagged, of } = settings.trigger;
  if (!Number.isInteger(of) || !Number.isInteger(flagged) || of < 1 || flagged < 1 || flagged > of)
    return `the trigger ${flagged}/${of} cannot be met: write flagged/of with 1 ≤ flagged ≤ of (e.g. 3/4)`;
  if (!(settings.sensitivity > 0))
    return `the sensitivity ${settings.sensitivity} must be a positive number (e.g. 3.5)`;
  return undefined;
}

/** Whether a signed score is beyond the sensitivity on the rule's side. */
export function beyond(score: number, settings: AnomalySettings): boolean {
  if (settings.direction === 'above') return score > settings.sensitivity;
  if (settings.direction === 'below') return score < -settings.sensitivity;
  return Math.abs(score) > settings.sensitivity;
}

/** The reason a rule is skipped for too short a history, in words a person can act on. */
export function tooFewReason(have: number, need: number, of: number, windowMs: number | undefined): string {
  const where = windowMs === undefined ? 'the window' : `the ${windowText(windowMs)} window`;
  return (
    `${where} holds ${have} run${have === 1 ? '' : 's'} with a value before the last ${of}; ` +
    `an anomaly needs at least ${need} to measure against: wait for the history to fill, or widen the window`
  );
}

/**
 * What a detector says of the recent runs: skipped with the reason, or judged: each recent run (oldest first,
 * this run last) with whether it was flagged, and whether enough were to trigger. `extra` is the detector's
 * own account of the baseline (a median and spread, or a pooled rate).
 */
export type Judgement<Run, Extra> =
  | { kind: 'skipped'; reason: string }
  | ({
      kind: 'judged';
      triggered: boolean;
      /** Recent runs flagged, of the `of` judged. */
      flagged: number;
      of: number;
      /** This run (the newest). */
      latest: Run;
      /** Runs in the baseline window. */
      points: number;
      /** Each recent run, oldest first, with whether it was flagged. */
      recent: (Run & { flagged: boolean })[];
    } & Extra);
