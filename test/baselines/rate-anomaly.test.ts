import { describe, expect, it } from 'vitest';
import { detectRateAnomaly, judgeRateSeries } from '../../src/baselines/anomaly.js';
import type { RatePoint } from '../../src/baselines/series.js';
import type { AnomalySettings } from '../../src/baselines/settings.js';
import { HOUR, MIN, T0 } from './fixtures.js';

const settings = (over: Partial<AnomalySettings> = {}): AnomalySettings => ({
  sensitivity: 3,
  trigger: { flagged: 3, of: 4 },
  direction: 'above',
  ...over,
});
const runs = (errors: number[], start = T0): RatePoint[] =>
  errors.map((e, i) => ({ at: start + i * 5 * MIN, errors: e, samples: 3 }));

// A day of clean runs: 0 errors of 864 samples. At z = 3 its upper bound is (9/864) / (1 + 9/864) = 1.031 %.
const CLEAN_DAY = runs(Array.from({ length: 288 }, () => 0));
const following = (errors: number[]) => runs(errors, T0 + 288 * 5 * MIN);

describe('detectRateAnomaly', () => {
  it('flags a run whose Wilson lower bound lies above the baseline’s upper bound', () => {
    const outcome = detectRateAnomaly({
      window: CLEAN_DAY,
      recent: following([1, 0, 1, 2]),
      settings: settings(),
    });
    expect(outcome).toMatchObject({ kind: 'judged', triggered: true, flagged: 3, of: 4, points: 288 });
    if (outcome.kind !== 'judged') return;
    expect(outcome.baseline).toMatchObject({ errors: 0, samples: 864, rate: 0, low: 0 });
    expect(outcome.baseline.high).toBeCloseTo(1.031, 3);
    // 1 of 3 at z = 3: centre 0.4583, half 0.4270 → lower bound 3.14 %, above 1.03 %.
    expect(outcome.recent[0]?.low).toBeCloseTo(3.138, 2);
    expect(outcome.latest).toMatchObject({ errors: 2, samples: 3 });
    expect(outcome.latest.rate).toBeCloseTo(66.667, 2);
    expect(outcome.latest.low).toBeCloseTo(11.47, 1);
    expect(outcome.recent.map((r) => r.flagged)).toEqual([true, false, true, true]);
  });

  it('does not flag one error in three against a baseline that already has errors now and then', () => {
    // 27 errors of 864 (3.1 %): upper bound 5.4 % at z = 3, above the 3.14 % lower bound of 1 of 3.
    const noisy = runs(Array.from({ length: 288 }, (_, i) => (i % 11 === 0 ? 1 : 0)));
    const outcome = detectRateAnomaly({
      window: noisy,
      recent: following([1, 1, 1, 1]),
      settings: settings(),
    });
    expect(outcome).toMatchObject({ kind: 'judged', flagged: 0, triggered: false });
    // Three errors of three still is: lower bound 25 %.
    expect(
      detectRateAnomaly({ window: noisy, recent: following([3, 3, 3, 0]), settings: settings() }),
    ).toMatchObject({
      flagged: 3,
      triggered: true,
    });
  });

  it('judges a drop only when the baseline is far from 0', () => {
    const failing = runs(Array.from({ length: 288 }, () => 3));
    const below = settings({ direction: 'below' });
    expect(
      detectRateAnomaly({ window: failing, recent: following([0, 0, 0, 3]), settings: below }),
    ).toMatchObject({
      flagged: 3,
      triggered: true,
    });
    expect(
      detectRateAnomaly({ window: CLEAN_DAY, recent: following([0, 0, 0, 0]), settings: below }),
    ).toMatchObject({
      flagged: 0,
    });
  });

  it('is skipped, saying why, with too few runs', () => {
    expect(
      detectRateAnomaly({
        window: CLEAN_DAY.slice(0, 5),
        recent: following([1, 1, 1, 1]),
        settings: settings(),
      }),
    ).toEqual({
      kind: 'skipped',
      reason:
        'the window holds 5 runs with a value before the last 4; an anomaly needs at least 20 to measure against: wait for the history to fill, or widen the window',
    });
    const noSamples = following([0, 0, 0]).map((p) => ({ ...p, samples: 0 }));
    expect(detectRateAnomaly({ window: CLEAN_DAY, recent: noSamples, settings: settings() })).toMatchObject({
      kind: 'skipped',
      reason: 'only 0 runs with samples yet; the trigger 3/4 looks at the last 4',
    });
  });
});

describe('judgeRateSeries', () => {
  it('splits the window ending at now', () => {
    const series = [...CLEAN_DAY, ...following([3, 3, 3])];
    const now = (series[series.length - 1] as RatePoint).at;
    expect(judgeRateSeries(series, now, 24 * HOUR, settings())).toMatchObject({
      kind: 'judged',
      flagged: 3,
      triggered: true,
      // 24 h back from the last run: 289 runs, the last 4 recent.
      points: 285,
    });
  });
});
