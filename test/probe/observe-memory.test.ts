import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Sample } from '../../src/model/types.js';
import { MAX_BODY_BYTES } from '../../src/probe/index.js';
import { type Observation, type ObserveSettings, observeHealth } from '../../src/probe/observe.js';
import { jumpingClock } from '../support/clocks.js';
import { type TestDeps, testDeps } from '../support/deps.js';
import { fastProbeSettings } from '../support/settings.js';
import { type SampleApp, startSampleApp } from '../world/sample-app.js';

// A hostile (or just enormous) deployment answers every sample with a health document just under the body cap:
// thousands of services, ~1 MiB of JSON, several MB once parsed. The window must keep timings and statuses per
// sample and only the latest document, so the runner's memory does not grow with `observe`.

const SERVICES = 4300;
const INTERVAL_MS = 15_000;

/** A valid Hemera answer with `count` services, as large as the body cap allows. */
function hugeHemeraBody(count: number): string {
  const now = new Date().toISOString();
  const services: Record<string, unknown> = {};
  for (let i = 0; i < count; i++) {
    const id = String(i).padStart(5, '0');
    services[`service-${id}`] = {
      name: `Service ${id} of a very large health document`,
      status: 'pass',
      responseTime: i % 200,
      details: { provider: `provider-${id}`, region: 'fra1', note: `checked ok ${id}` },
      lastChecked: now,
    };
  }
  return JSON.stringify({
    timestamp: now,
    requestId: 'req_huge',
    deployment: {
      version: '1.0.0',
      deploymentId: 'dpl_huge',
      timestamp: now,
      region: 'fra1',
      status: 'healthy',
    },
    services,
    summary: {
      overallStatus: 'healthy',
      totalChecks: count,
      passedChecks: count,
      failedChecks: 0,
      warningChecks: 0,
    },
  });
}

let app: SampleApp;
let deps: TestDeps;
let body: string;
const clock = jumpingClock();

beforeAll(async () => {
  body = hugeHemeraBody(SERVICES);
  app = await startSampleApp();
  app.route('/api/health/deployment', { status: 200, body });
  deps = testDeps({ clock });
});
afterAll(async () => {
  await app.close();
  await deps.close();
});

/** A window of `samples` samples after the first answer, on the jumping clock (no real waiting). */
function observe(samples: number): Promise<Observation> {
  const settings: ObserveSettings = {
    ...fastProbeSettings({ requestTimeoutMs: 5000 }),
    observeMs: (samples + 1) * INTERVAL_MS - 1,
    observeIntervalMs: INTERVAL_MS,
  };
  const first: Sample = { startedAt: clock.now(), durationMs: 5, httpStatus: 200, status: 'healthy' };
  return observeHealth(app.url, settings, deps, first);
}

describe('observeHealth: memory does not grow with the window', () => {
  it('samples keep timings and the claimed status, never the document; only the latest document is kept', async () => {
    expect(body.length).toBeGreaterThan(0.8 * MAX_BODY_BYTES);
    expect(body.length).toBeLessThan(MAX_BODY_BYTES);

    const { samples, lastDocument, cancelled } = await observe(30);
    expect(cancelled).toBeUndefined();
    expect(samples).toHaveLength(30);
    expect(samples.every((s) => s.httpStatus === 200 && s.status === 'healthy')).toBe(true);
    // The answers were understood in full: thousands of services in the one document kept.
    expect(lastDocument?.services).toHaveLength(SERVICES);

    // A sample is a handful of numbers and words, whatever the body: ~100 characters, not ~1 MB.
    for (const sample of samples) expect(JSON.stringify(sample).length).toBeLessThan(200);
    expect(JSON.stringify(samples).length).toBeLessThan(200 * samples.length);
  });

  it('retains no more heap after 40 samples than after 4 (forced GC)', async () => {
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as () => void;
    const heapAfterGc = () => {
      gc();
      gc();
      return process.memoryUsage().heapUsed;
    };
    const retainedBy = async (samples: number) => {
      const before = heapAfterGc();
      const observation = await observe(samples);
      const after = heapAfterGc();
      // Understood in full (so parsed into a large document), and kept alive until measured.
      expect(observation.samples).toHaveLength(samples);
      expect(observation.lastDocument?.services).toHaveLength(SERVICES);
      return after - before;
    };
    // Warm up (code, sockets, buffers) the same way, so both measured windows start from the same state.
    await retainedBy(2);
    const short = await retainedBy(4);
    const long = await retainedBy(40);
    // One parsed document of this body takes several MB; 36 more of them would be over 50 MB. Without
    // documents, 36 more samples take a few KB.
    const documentBytes = body.length;
    expect(long - short).toBeLessThan(documentBytes);
  });
});
