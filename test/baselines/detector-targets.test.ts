// The defaults against the targets of docs/anomalies.md, on a smaller corpus of the bench's own generator
// (fixed seeds, so the figures are the same on every run): a change of the detector or the defaults that
// loses recall or raises false alerts fails here, not only in the bench's table.
import { describe, expect, it } from 'vitest';
import {
  buildCorpus,
  DEFAULT_CONFIG,
  evaluate,
  type KindResult,
  replay,
  replayDirect,
} from '../../scripts/bench/anomaly.js';
import { generateSeries, RUN_EVERY_MS } from '../../scripts/bench/synthetic-series.js';

const MIN = 60_000;

describe('the synthetic series', () => {
  it('are the same for the same seed and differ for another', () => {
    const a = generateSeries('spike', { seed: 7, days: 2 });
    expect(generateSeries('spike', { seed: 7, days: 2 })).toEqual(a);
    expect(generateSeries('spike', { seed: 8, days: 2 }).records[0]?.samples).not.toEqual(
      a.records[0]?.samples,
    );
  });

  it('look like the monitor’s runs: every 5 minutes, 3 samples 5 s apart, whole milliseconds', () => {
    const { records } = generateSeries('normal', { seed: 1, days: 1 });
    expect(records).toHaveLength(4 * 288);
    for (const [i, record] of records.entries()) {
      expect(record.samples).toHaveLength(3);
      expect(record.samples.map((s) => s.at - record.at)).toEqual([0, 5000, 10_000]);
      expect(record.samples.every((s) => Number.isInteger(s.ms))).toBe(true);
      if (i > 0) expect(record.at - (records[i - 1]?.at ?? 0)).toBeGreaterThan(RUN_EVERY_MS - 30_000);
    }
  });

  it('label spikes of 15–60 minutes at 3× and steps that stay', () => {
    const spikes = generateSeries('spike', { seed: 3, days: 7 });
    expect(spikes.events.length).toBeGreaterThanOrEqual(10);
    for (const event of spikes.events) {
      expect(event.end - event.start).toBeGreaterThanOrEqual(15 * MIN);
      expect(event.end - event.start).toBeLessThanOrEqual(60 * MIN);
    }
    const step = generateSeries('step', { seed: 3 });
    const event = step.events[0] as { start: number; end: number };
    expect(event.end).toBe(step.end);
    const mean = (from: number, to: number) => {
      const ms = step.records
        .filter((r) => r.at >= from && r.at < to)
        .flatMap((r) => r.samples.filter((s) => s.http === 200).map((s) => s.ms));
      return ms.reduce((a, b) => a + b, 0) / ms.length;
    };
    const ratio = mean(event.start, event.end) / mean(event.start - 12 * 60 * MIN, event.start);
    expect(ratio).toBeGreaterThan(2.7);
    expect(ratio).toBeLessThan(3.3);
  });
});

describe('the default anomaly settings on labelled series', () => {
  const corpus = buildCorpus({ weekly: 2, spikes: 3, steps: 20, days: 7, seed: 500 }, [
    'normal',
    'seasonal',
    'spike',
    'seasonal-spike',
    'step',
    'seasonal-step',
    'error-step',
  ]);
  const results = evaluate(corpus, DEFAULT_CONFIG);
  const kind = (name: string) => results.find((r) => r.kind === name) as KindResult;

  it.each(['step', 'seasonal-step', 'spike', 'seasonal-spike', 'error-step'])(
    'catch at least 90 %% of %s events',
    (name) => {
      const r = kind(name);
      expect(r.events).toBeGreaterThanOrEqual(20);
      expect(r.detected / r.events).toBeGreaterThanOrEqual(0.9);
    },
  );

  it.each(['normal', 'seasonal'])('raise at most one false alert a week on %s series', (name) => {
    const r = kind(name);
    expect(r.normalWeeks).toBeGreaterThanOrEqual(2);
    expect(r.falseAlerts / r.normalWeeks).toBeLessThanOrEqual(1);
  });

  it('are what judgeSeries itself decides: the bench’s shared scores change nothing', () => {
    const some = [corpus.find((s) => s.kind === 'seasonal'), corpus.find((s) => s.kind === 'step')];
    for (const series of some) {
      if (!series) throw new Error('missing series');
      for (const sensitivity of [3, 3.5]) {
        const config = { ...DEFAULT_CONFIG, settings: { ...DEFAULT_CONFIG.settings, sensitivity } };
        const shared = replay(series, config);
        const direct = replayDirect(series, config);
        expect(shared).toEqual(direct);
        expect(direct.judged).toBeGreaterThan(100);
      }
    }
  });
});
