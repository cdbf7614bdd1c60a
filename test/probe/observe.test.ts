import { describe, expect, it } from 'vitest';
import type { Clock } from '../../src/model/deps.js';
import type { Sample } from '../../src/model/types.js';
import { type ObserveSettings, observeHealth } from '../../src/probe/observe.js';
import { systemClock } from '../../src/util/clock.js';
import { jumpingClock } from '../support/clocks.js';
import type { TestDeps } from '../support/deps.js';
import { appForTest, depsForTest } from '../support/per-test.js';
import { fastProbeSettings } from '../support/settings.js';
import type { SampleApp } from '../world/sample-app.js';

let app: SampleApp | undefined;
let deps: TestDeps | undefined;

async function setup(options: Parameters<typeof appForTest>[0] = {}, clock: Clock = systemClock) {
  deps = depsForTest({ clock });
  app = await appForTest(options);
  return { app, deps };
}

function settings(overrides: Partial<ObserveSettings> = {}): ObserveSettings {
  return { ...fastProbeSettings(), observeMs: 500, observeIntervalMs: 100, ...overrides };
}

/** The first definitive answer, as the probe would hand it over: it started now and took a few ms. */
function firstAnswer(clock: Clock): Sample {
  return { startedAt: clock.now(), durationMs: 5, httpStatus: 200 };
}

describe('observeHealth: the observation window', () => {
  it('samples start to start on the interval, so a slow answer does not push the schedule', async () => {
    // Each answer takes 60 ms; spaced end to start, samples would be 1060 ms apart instead of 1000.
    const clock = jumpingClock();
    const { app, deps } = await setup({ mode: 'slow', modeOptions: { delayMs: 60 } }, clock);
    const first = firstAnswer(clock);
    const { samples } = await observeHealth(
      app.url,
      settings({ observeMs: 5000, observeIntervalMs: 1000 }),
      deps,
      first,
    );

    expect(samples).toHaveLength(4); // at +1 s, +2 s, +3 s, +4 s; +5 s is the end of the window
    samples.forEach((s, i) => {
      const offset = s.startedAt - first.startedAt;
      expect(offset).toBeGreaterThanOrEqual((i + 1) * 1000);
      expect(offset).toBeLessThan((i + 1) * 1000 + 20);
    });
    expect(samples.every((s) => s.durationMs >= 55)).toBe(true);
    // The waits shrink by what each answer took: start to start, not end to start.
    expect(clock.slept[0]).toBeGreaterThan(950);
    for (const wait of clock.slept.slice(1)) expect(wait).toBeLessThan(946);
    expect(samples.every((s) => s.httpStatus === 200 && s.status === 'healthy')).toBe(true);
    expect(app.healthRequests()).toHaveLength(4);
  });

  it('holds the same spacing in real time', async () => {
    const { app, deps } = await setup({ mode: 'slow', modeOptions: { delayMs: 40 } });
    const first = firstAnswer(deps.clock);
    const { samples } = await observeHealth(
      app.url,
      settings({ observeMs: 750, observeIntervalMs: 250, requestTimeoutMs: 2000 }),
      deps,
      first,
    );
    expect(samples.length).toBeGreaterThanOrEqual(1);
    expect(samples.length).toBeLessThanOrEqual(2); // +250, +500 (a very busy machine may skip a slot)
    for (const s of samples) {
      const offset = s.startedAt - first.startedAt;
      expect(offset % 250).toBeLessThan(60); // on a slot, not 40 ms after the previous answer's end
    }
  });

  it('covers a five-minute window at the default 15 s interval', async () => {
    const clock = jumpingClock();
    const { app, deps } = await setup({}, clock);
    const first = firstAnswer(clock);
    const { samples, cancelled } = await observeHealth(
      app.url,
      settings({ observeMs: 300_000, observeIntervalMs: 15_000 }),
      deps,
      first,
    );
    expect(cancelled).toBeUndefined(); // the window ran to its end
    expect(samples).toHaveLength(19); // +15 s … +285 s
    expect(samples.map((s) => Math.round((s.startedAt - first.startedAt) / 15_000))).toEqual(
      Array.from({ length: 19 }, (_, i) => i + 1),
    );
  });

  it('skips slots an answer overran instead of firing a burst, and stays on the grid', async () => {
    // Answers take 170 ms on a 100 ms grid: a sample can only start on every other slot. Started right after
    // the previous answer instead, a sample would sit ~70 ms past a slot.
    const clock = jumpingClock();
    const { app, deps } = await setup({ mode: 'slow', modeOptions: { delayMs: 170 } }, clock);
    const first = firstAnswer(clock);
    const { samples } = await observeHealth(app.url, settings({ observeMs: 600 }), deps, first);
    expect(samples.length).toBeGreaterThanOrEqual(2);
    expect(samples.length).toBeLessThanOrEqual(3); // +100, +300, +500
    for (const s of samples) {
      const offset = s.startedAt - first.startedAt;
      expect(offset % 100).toBeLessThan(40); // started on a slot, not right after the previous answer
      expect(offset).toBeLessThan(600);
    }
    // Never two requests in flight.
    for (let i = 1; i < samples.length; i++) {
      const previous = samples[i - 1] as Sample;
      expect((samples[i] as Sample).startedAt).toBeGreaterThanOrEqual(
        previous.startedAt + previous.durationMs,
      );
    }
    expect(deps.logger.text()).toMatch(/skipped \d sample slot\(s\)/);
  });

  it('never starts a sample at or after the end of the window', async () => {
    const clock = jumpingClock();
    const { app, deps } = await setup({}, clock);
    const first = firstAnswer(clock);
    const { samples } = await observeHealth(app.url, settings({ observeMs: 300 }), deps, first);
    // +300 would be the end of the window itself.
    expect(samples.map((s) => Math.round((s.startedAt - first.startedAt) / 100))).toEqual([1, 2]);
    expect(samples.every((s) => s.startedAt < first.startedAt + 300)).toBe(true);
  });

  it('does not start a sample when the clock wakes up past the end of the window', async () => {
    // A clock whose sleeps overshoot by a second (a suspended runner): the window is over on waking.
    let offset = 0;
    const clock: Clock = {
      now: () => Date.now() + offset,
      sleep: async (ms, signal) => {
        await systemClock.sleep(ms, signal);
        offset += 1000;
      },
    };
    const { app, deps } = await setup({}, clock);
    const { samples } = await observeHealth(app.url, settings(), deps, firstAnswer(clock));
    expect(samples).toEqual([]);
    expect(app.healthRequests()).toHaveLength(0);
  });

  it('with observe 0 makes no request at all', async () => {
    const { app, deps } = await setup();
    const { samples } = await observeHealth(
      app.url,
      settings({ observeMs: 0 }),
      deps,
      firstAnswer(deps.clock),
    );
    expect(samples).toEqual([]);
    expect(app.requests).toHaveLength(0);
    expect(deps.logger.lines).toHaveLength(0);
  });

  it('stops promptly when cancelled between samples, returning what it has', async () => {
    const { app, deps } = await setup();
    const first = firstAnswer(deps.clock);
    let abortedAt = 0;
    setTimeout(() => {
      abortedAt = Date.now();
      deps.abort.abort(new Error('SIGTERM'));
    }, 500);
    const { samples, cancelled } = await observeHealth(
      app.url,
      settings({ observeMs: 5000, observeIntervalMs: 200, requestTimeoutMs: 2000 }),
      deps,
      first,
    );
    expect(Date.now() - abortedAt).toBeLessThan(150);
    expect(samples.length).toBeGreaterThanOrEqual(1); // +200, +400
    expect(samples.length).toBeLessThanOrEqual(2);
    expect(samples.every((s) => s.httpStatus === 200)).toBe(true);
    expect(cancelled?.message).toMatch(/^The run was cancelled \d+ ms into the 5\.0 s observation window/);
  });

  it('stops promptly when cancelled during a hanging request, and drops that non-sample', async () => {
    const { app, deps } = await setup({ mode: 'hanging' });
    let abortedAt = 0;
    setTimeout(() => {
      abortedAt = Date.now();
      deps.abort.abort(new Error('SIGTERM'));
    }, 200);
    const { samples, cancelled } = await observeHealth(
      app.url,
      settings({ observeMs: 5000, requestTimeoutMs: 4000 }),
      deps,
      firstAnswer(deps.clock),
    );
    expect(Date.now() - abortedAt).toBeLessThan(150);
    expect(samples).toEqual([]);
    expect(cancelled?.message).toMatch(/ after 1 sample; the deployment was not fully checked/);
    expect(app.healthRequests()).toHaveLength(1);
  });

  it('a cancel inside the window marks it cut short, says how far it got and what to do', async () => {
    // SIGINT (a user's cancel, `timeout-minutes`) while waiting for the third slot of a 10-minute window.
    const clock = jumpingClock({
      beforeSleep: () => {
        if ((app?.healthRequests().length ?? 0) >= 2) deps?.abort.abort(new Error('received SIGINT'));
      },
    });
    const { app: server, deps: d } = await setup({}, clock);
    const observation = await observeHealth(
      server.url,
      settings({ observeMs: 600_000, observeIntervalMs: 15_000 }),
      d,
      firstAnswer(clock),
    );
    expect(observation.samples.map((s) => s.status)).toEqual(['healthy', 'healthy']);
    expect(observation.lastDocument?.status).toBe('healthy');
    expect(observation.cancelled?.message).toMatch(
      /^The run was cancelled 30\.\d s into the 10 min observation window \(`observe`\) after 3 samples; the deployment was not fully checked, so the gate does not pass it\. Re-run the job to check the deployment\.$/,
    );
    expect(server.healthRequests()).toHaveLength(2);
  });

  it('keeps only the latest document; each sample keeps the status its answer claimed', async () => {
    // Healthy for two samples, then degraded: the window ends on a degraded answer.
    const clock = jumpingClock({
      beforeSleep: () => {
        if (app?.healthRequests().length === 2) app.setMode('degraded');
      },
    });
    const { app: server, deps: d } = await setup({}, clock);
    const { samples, lastDocument, cancelled } = await observeHealth(
      server.url,
      settings({ observeMs: 5000, observeIntervalMs: 1000 }),
      d,
      firstAnswer(clock),
    );
    expect(cancelled).toBeUndefined();
    expect(samples.map((s) => [s.httpStatus, s.status])).toEqual([
      [200, 'healthy'],
      [200, 'healthy'],
      [206, 'degraded'],
      [206, 'degraded'],
    ]);
    expect(samples.some((s) => 'document' in s)).toBe(false);
    expect(lastDocument).toMatchObject({ format: 'hemera', status: 'degraded' });
    expect(lastDocument?.services.some((s) => s.status !== 'pass')).toBe(true);
  });

  it('records errors as samples, so a flaky endpoint shows an error rate', async () => {
    // Every third health request fails with a 502.
    const clock = jumpingClock();
    const { app, deps } = await setup({ mode: 'flaky', modeOptions: { failEvery: 3, failWith: 502 } }, clock);
    const { samples } = await observeHealth(
      app.url,
      settings({ observeMs: 6500, observeIntervalMs: 1000 }),
      deps,
      firstAnswer(clock),
    );
    expect(samples.map((s) => s.httpStatus)).toEqual([200, 200, 502, 200, 200, 502]);
    expect(samples.filter((s) => s.status === undefined)).toHaveLength(2);
  });

  it('records timeouts as samples', async () => {
    const clock = jumpingClock();
    const { deps, app } = await setup({ mode: 'hanging' }, clock);
    const { samples } = await observeHealth(
      app.url,
      settings({ observeMs: 3000, observeIntervalMs: 1000, requestTimeoutMs: 50 }),
      deps,
      firstAnswer(clock),
    );
    expect(samples.map((s) => s.error)).toEqual(['timeout', 'timeout']);
  });

  it('logs one info line for the window and one debug line per sample', async () => {
    const clock = jumpingClock();
    const { app, deps } = await setup({ mode: 'flaky', modeOptions: { failEvery: 2, failWith: 503 } }, clock);
    await observeHealth(
      app.url,
      settings({ observeMs: 25_000, observeIntervalMs: 10_000 }),
      deps,
      firstAnswer(clock),
    );
    const infos = deps.logger.lines.filter((l) => l.level === 'info').map((l) => l.message);
    expect(infos).toEqual([
      'Observing the health endpoint for 25.0 s, one sample every 10.0 s (`observe`, `observe-interval`).',
    ]);
    const ours = deps.logger.lines.filter((l) => l.message.startsWith('Observation sample'));
    expect(ours.map((l) => [l.level, l.message.replace(/\d+ ms$/, 'N ms')])).toEqual([
      ['debug', 'Observation sample 1: HTTP 200 healthy in N ms'],
      ['debug', 'Observation sample 2: HTTP 503 (no health document) in N ms'],
    ]);
    expect(deps.logger.lines.some((l) => l.level === 'warning' || l.level === 'error')).toBe(false);
  });
});
