import { describe, expect, it } from 'vitest';
import {
  ANOMALY_DEFAULTS,
  type AnomalySettings,
  detectAnomaly,
  judgeSeries,
  MIN_WINDOW_POINTS,
} from '../../src/baselines/anomaly.js';
import type { SeasonalProfile } from '../../src/baselines/seasonal.js';
import { expectedAt } from '../../src/baselines/seasonal.js';
import { DAY, HOUR, MIN, points, T0 } from './fixtures.js';

const settings = (over: Partial<AnomalySettings> = {}): AnomalySettings => ({
  sensitivity: 3.5,
  trigger: { flagged: 3, of: 4 },
  direction: 'above',
  ...over,
});

// 20 values: 80, 90, 100, 110, 120 four times. Median 100; deviations 20 ×8, 10 ×8, 0 ×4 → MAD 10, so the
// robust σ is 14.826 (above the floor, 5 % of 100 = 5), and 160 lies (160 − 100) / 14.826 = 4.05 σ above.
const WINDOW = points(Array.from({ length: 20 }, (_, i) => 80 + (i % 5) * 10));
const recent = (values: number[]) => points(values, T0 + 20 * 5 * MIN);

describe('detectAnomaly', () => {
  it('scores each recent run against the median and scaled MAD of the window', () => {
    const outcome = detectAnomaly({
      window: WINDOW,
      recent: recent([160, 100, 170, 180]),
      settings: settings(),
      unit: 'ms',
    });
    expect(outcome).toMatchObject({
      kind: 'judged',
      triggered: true,
      flagged: 3,
      of: 4,
      median: 100,
      seasonal: false,
      points: 20,
    });
    if (outcome.kind !== 'judged') return;
    expect(outcome.scale).toBeCloseTo(14.826, 6);
    expect(outcome.latest.value).toBe(180);
    expect(outcome.latest.expected).toBe(100);
    expect(outcome.latest.score).toBeCloseTo(80 / 14.826, 6);
    expect(outcome.recent.map((p) => p.flagged)).toEqual([true, false, true, true]);
  });

  it('triggers only when enough of the last runs are flagged', () => {
    // 150 is 3.37 σ: not flagged at 3.5. Two of four flagged is not three.
    const two = detectAnomaly({
      window: WINDOW,
      recent: recent([160, 100, 150, 180]),
      settings: settings(),
      unit: 'ms',
    });
    expect(two).toMatchObject({ kind: 'judged', triggered: false, flagged: 2 });
    const lenient = detectAnomaly({
      window: WINDOW,
      recent: recent([160, 100, 150, 180]),
      settings: settings({ sensitivity: 3 }),
      unit: 'ms',
    });
    expect(lenient).toMatchObject({ triggered: true, flagged: 3 });
    const oneOfOne = detectAnomaly({
      window: WINDOW,
      recent: recent([180]),
      settings: settings({ trigger: { flagged: 1, of: 1 } }),
      unit: 'ms',
    });
    expect(oneOfOne).toMatchObject({ triggered: true, flagged: 1, of: 1 });
  });

  it('flags on the rule’s side only', () => {
    const low = recent([40, 40, 40, 100]);
    expect(detectAnomaly({ window: WINDOW, recent: low, settings: settings(), unit: 'ms' })).toMatchObject({
      flagged: 0,
    });
    expect(
      detectAnomaly({ window: WINDOW, recent: low, settings: settings({ direction: 'below' }), unit: 'ms' }),
    ).toMatchObject({ flagged: 3, triggered: true });
    const mixed = recent([40, 180, 40, 100]);
    expect(
      detectAnomaly({ window: WINDOW, recent: mixed, settings: settings({ direction: 'both' }), unit: 'ms' }),
    ).toMatchObject({ flagged: 3, triggered: true });
  });

  it('does not flag the wiggles of a flat series: the spread has a floor', () => {
    const flat = points(Array.from({ length: 30 }, () => 200));
    // MAD 0; the floor is 5 % of 200 = 10 ms: 230 is 3 σ, 240 is 4 σ.
    const calm = detectAnomaly({
      window: flat,
      recent: recent([230, 230, 230, 230]),
      settings: settings(),
      unit: 'ms',
    });
    expect(calm).toMatchObject({ kind: 'judged', scale: 10, flagged: 0 });
    const slow = detectAnomaly({
      window: flat,
      recent: recent([240, 240, 240, 240]),
      settings: settings(),
      unit: 'ms',
    });
    expect(slow).toMatchObject({ flagged: 4, triggered: true });
  });

  it('is skipped, saying why, without enough history or with settings that cannot be met', () => {
    const short = detectAnomaly({
      window: WINDOW.slice(0, MIN_WINDOW_POINTS - 1),
      recent: recent([160, 170, 180, 190]),
      settings: settings(),
      unit: 'ms',
      windowMs: 24 * HOUR,
    });
    expect(short).toEqual({
      kind: 'skipped',
      reason:
        'the 24 h window holds 19 runs with a value before the last 4; an anomaly needs at least 20 to measure against: wait for the history to fill, or widen the window',
    });
    expect(
      detectAnomaly({ window: WINDOW, recent: recent([160, 170]), settings: settings(), unit: 'ms' }),
    ).toEqual({
      kind: 'skipped',
      reason: 'only 2 runs with a value yet; the trigger 3/4 looks at the last 4',
    });
    const impossible = detectAnomaly({
      window: WINDOW,
      recent: recent([1, 2, 3, 4]),
      settings: settings({ trigger: { flagged: 5, of: 4 } }),
      unit: 'ms',
    });
    expect(impossible).toMatchObject({
      kind: 'skipped',
      reason: expect.stringContaining('5/4 cannot be met'),
    });
    const zeros = detectAnomaly({
      window: points(Array.from({ length: 25 }, () => 0)),
      recent: recent([3, 3, 3, 3]),
      settings: settings(),
      unit: 'plain',
    });
    expect(zeros).toMatchObject({
      kind: 'skipped',
      reason: expect.stringContaining('all 25 runs in the window have the value 0'),
    });
  });

  describe('with an hour-of-day profile', () => {
    // The usual value climbs 40 ms an hour; the window's runs lie −20…+20 around it (residual MAD 10).
    const profile: SeasonalProfile = {
      metric: 'avg_response_time',
      hours: Array.from({ length: 24 }, (_, h) => 100 + 40 * h),
      days: 3,
      spanMs: 3 * DAY,
    };
    const start = T0 + 2 * HOUR;
    const window = Array.from({ length: 20 }, (_, i) => {
      const at = start + i * 5 * MIN;
      return { at, value: (expectedAt(profile, at) as number) + ((i % 5) - 2) * 10 };
    });
    const later = (offsets: number[]) =>
      offsets.map((offset, i) => {
        const at = start + (20 + i) * 5 * MIN;
        return { at, value: (expectedAt(profile, at) as number) + offset };
      });

    it('measures each run against the profile at its time plus the residuals’ median', () => {
      const outcome = detectAnomaly({
        window,
        recent: later([60, 0, 60, 60]),
        settings: settings(),
        profile,
        unit: 'ms',
      });
      expect(outcome).toMatchObject({ kind: 'judged', seasonal: true, flagged: 3, triggered: true });
      if (outcome.kind !== 'judged') return;
      expect(outcome.scale).toBeCloseTo(14.826, 6);
      expect(outcome.latest.expected).toBeCloseTo(expectedAt(profile, outcome.latest.at) as number, 9);
      expect(outcome.latest.score).toBeCloseTo(60 / 14.826, 6);
      // Without the profile the climb itself is the spread, and the same runs are nothing special.
      const plain = detectAnomaly({
        window,
        recent: later([60, 0, 60, 60]),
        settings: settings(),
        unit: 'ms',
      });
      expect(plain).toMatchObject({ kind: 'judged', seasonal: false, triggered: false });
    });

    it('goes without the profile when it has no value for an hour the runs fall in', () => {
      const holes = { ...profile, hours: profile.hours.map((v, h) => (h === 3 ? undefined : v)) };
      const outcome = detectAnomaly({
        window,
        recent: later([60, 0, 60, 60]),
        settings: settings(),
        profile: holes,
        unit: 'ms',
      });
      expect(outcome).toMatchObject({ kind: 'judged', seasonal: false });
    });
  });
});

describe('judgeSeries', () => {
  it('takes the window ending at now, the last `of` runs as the recent ones, and nothing after now', () => {
    const series = points([
      ...Array.from({ length: 40 }, (_, i) => 80 + (i % 5) * 10),
      500,
      500,
      500,
      500,
      500,
    ]);
    const now = (series[42] as { at: number }).at;
    // 2 h before now to now: 25 runs (both ends included), the last 4 recent (three of them 500).
    const outcome = judgeSeries(series, now, 2 * HOUR, settings(), { unit: 'ms' });
    expect(outcome).toMatchObject({
      kind: 'judged',
      points: 21,
      flagged: 3,
      triggered: true,
      latest: { at: now },
    });
    const before = judgeSeries(series, (series[41] as { at: number }).at, 2 * HOUR, settings(), {
      unit: 'ms',
    });
    expect(before).toMatchObject({ kind: 'judged', flagged: 2, triggered: false });
    expect(judgeSeries(series, now, HOUR, settings())).toMatchObject({
      kind: 'skipped',
      reason: expect.stringContaining('the 1 h window holds 9 runs'),
    });
  });

  it('has defaults as documented', () => {
    expect(ANOMALY_DEFAULTS).toEqual({
      sensitivity: 3.5,
      errorRateSensitivity: 3,
      window: 86_400,
      trigger: { flagged: 3, of: 4 },
      direction: 'above',
    });
  });
});
