// The robust centre and spread of a window of values: the median and the scaled median absolute deviation
// (MAD), with a floor under the spread. One slow run moves neither, where it would drag a mean and a standard
// deviation along with it.
import { mean, median, medianAbsoluteDeviation } from 'simple-statistics';
import type { MetricUnit } from './series.js';

/** 1.4826 × MAD estimates the standard deviation of normally distributed values (1 / Φ⁻¹(3/4)). */
export const MAD_TO_SIGMA = 1.4826;
/** 1.2533 × the mean absolute deviation estimates it too (√(π/2)): the fallback when the MAD is 0. */
export const MEAN_AD_TO_SIGMA = 1.2533;

/**
 * The smallest spread, as a fraction of the window's median: 5 %. A metric that hardly moves (a gauge
 * that reads 512 MB for hours, a cached endpoint) has a MAD near 0, and every wiggle of a percent would be
 * "many σ". With 5 % and the default sensitivity of 3.5, a run is flagged only when it lies more than 17.5 %
 * from the expected value, however quiet the metric was. From the bench's floor table (docs/anomalies.md):
 * on a quiet gauge 0 % raised 10 false alerts a week and 1 % nearly 4; 2 % was the least with none; 5 % leaves
 * room for gauges noisier than that one while a +25 % step still lies 5 σ out; 10 % missed every such step.
 * Ordinary latency series (a spread of 10–20 % of the median) never reach it.
 */
export const RELATIVE_SCALE_FLOOR = 0.05;

/**
 * The smallest spread in the metric's own unit, for values near 0 where a fraction of the median is nothing:
 * 1 ms, the resolution the history keeps response times in; half a percentage point for percentages (a
 * rate of 0.1 % moving to 0.4 % is not worth waking anyone for). Plain numbers have no unit to say what is
 * small: only the relative floor and the fallback below apply.
 */
export const UNIT_SCALE_FLOOR: Record<MetricUnit, number> = { ms: 1, percent: 0.5, plain: 0 };

/** The floor under the spread of a metric whose typical value is `level`. */
export function scaleFloor(level: number, unit: MetricUnit, relative = RELATIVE_SCALE_FLOOR): number {
  return Math.max(relative * Math.abs(level), UNIT_SCALE_FLOOR[unit]);
}

/** 1.4826 × the median absolute deviation from the median (simple-statistics). */
export function scaledMad(values: readonly number[]): number {
  // simple-statistics copies before it selects: the caller's array is not reordered.
  return MAD_TO_SIGMA * medianAbsoluteDeviation(values as number[]);
}

export interface RobustScale {
  /** What a score divides by: the scaled MAD, or the floor when that is larger. */
  scale: number;
  /** The scaled MAD itself. */
  mad: number;
  /** Which one `scale` is: the MAD, the floor, or the mean absolute deviation (MAD 0, no floor). */
  source: 'mad' | 'floor' | 'mean-deviation';
}

/**
 * The spread of `values` (a window's values, or their residuals from a seasonal profile) for a metric whose
 * typical value is `level`: max(1.4826 × MAD, floor); `relativeFloor` is for the bench, which measures it. When both are 0 (a plain metric that sat at 0 nearly
 * all the time) the mean absolute deviation stands in (Iglewicz and Hoaglin's fallback for a MAD of 0), so a
 * rare non-zero value still has a measure. Undefined when every value is the same: there is no spread to
 * measure a deviation against.
 */
export function robustScale(
  values: readonly number[],
  level: number,
  unit: MetricUnit,
  relativeFloor = RELATIVE_SCALE_FLOOR,
): RobustScale | undefined {
  if (values.length === 0) return undefined;
  const mad = scaledMad(values);
  const floor = scaleFloor(level, unit, relativeFloor);
  if (mad > 0 || floor > 0)
    return mad >= floor ? { scale: mad, mad, source: 'mad' } : { scale: floor, mad, source: 'floor' };
  const center = median(values as number[]);
  const meanDeviation = MEAN_AD_TO_SIGMA * mean(values.map((value) => Math.abs(value - center)));
  return meanDeviation > 0 ? { scale: meanDeviation, mad, source: 'mean-deviation' } : undefined;
}

/** The median (simple-statistics), for callers that should not import it twice under other names. */
export function medianOf(values: readonly number[]): number {
  return median(values as number[]);
}
