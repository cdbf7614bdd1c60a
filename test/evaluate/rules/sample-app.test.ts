import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { defaultConfig } from '../../../src/config/index.js';
import type { Evaluation } from '../../../src/evaluate/evaluation.js';
import { rulesEvaluator } from '../../../src/evaluate/rules/index.js';
import { probeHealth } from '../../../src/probe/index.js';
import { type TestDeps, testDeps } from '../../support/deps.js';
import { fastProbeSettings as fastSettings } from '../../support/settings.js';
import { type Mode, type ModeOptions, type SampleApp, startSampleApp } from '../../world/sample-app.js';

// The original design's five standard rules against what the sample app really answers over HTTP.

let app: SampleApp;
let deps: TestDeps;

beforeAll(async () => {
  app = await startSampleApp();
});
afterAll(async () => {
  await app.close();
});
afterEach(async () => {
  await deps?.close();
});

async function evaluateDefaults(mode: Mode, options: ModeOptions = {}): Promise<Partial<Evaluation>> {
  app.setMode(mode, options);
  app.clearRequests();
  deps = testDeps();
  const probe = await probeHealth(app.url, fastSettings(), deps);
  if (probe.kind !== 'answered') throw new Error(`the sample app did not answer: ${probe.message}`);
  return rulesEvaluator(defaultConfig()).evaluate({
    deployment: { url: app.url, sha: 'abc1234', environment: 'preview', source: 'input' },
    document: probe.document,
    samples: probe.samples,
    firstAnswerIndex: probe.samples.length - 1,
    deps,
  });
}

const states = (evaluation: Partial<Evaluation>) =>
  Object.fromEntries((evaluation.rules ?? []).map((r) => [r.rule.id, r.state]));

describe('the standard rules against the sample app', () => {
  it('healthy: nothing triggers, and the windows note how little was observed', async () => {
    const evaluation = await evaluateDefaults('healthy');
    expect(states(evaluation)).toEqual({
      database_connection_failure: 'ok',
      authentication_service_down: 'ok',
      payment_service_degraded: 'ok',
      high_response_time: 'ok',
      error_rate_spike: 'ok',
    });
    expect(evaluation.findings).toEqual([]);
    const high = evaluation.rules?.find((r) => r.rule.id === 'high_response_time');
    expect(high?.note).toMatch(/^observed \d+(\.\d)? s of a 300 s window/);
    expect(evaluation.metrics).toMatchObject({
      database_health: 1,
      authentication_response_time: 12,
      payment_response_time: 80,
      failed_checks: 0,
      health_status: 1,
      error_rate: 0,
    });
  });

  it('degraded (payment fails): stripe_health finds the payment service by its provider', async () => {
    const evaluation = await evaluateDefaults('degraded');
    expect(states(evaluation)).toMatchObject({
      payment_service_degraded: 'triggered',
      error_rate_spike: 'ok',
    });
    expect(evaluation.findings?.map((f) => [f.id, f.status])).toEqual([
      ['payment_service_degraded', 'degraded'],
    ]);
    expect(evaluation.findings?.[0]?.message).toMatch(
      /^Payment Service Degraded: stripe_health \(service payment\) is 0 \(== 0\), warning; check the STRIPE_SECRET_KEY/,
    );
  });

  it('unhealthy (database fails, HTTP 503): the database rule fires, and so does the error rate', async () => {
    const evaluation = await evaluateDefaults('unhealthy');
    expect(evaluation.findings?.map((f) => [f.id, f.status])).toEqual([
      ['database_connection_failure', 'unhealthy'],
      // The answer itself is a 503, which counts as an error sample (SPEC: HTTP ≥ 500).
      ['error_rate_spike', 'unhealthy'],
    ]);
    expect(states(evaluation)).toMatchObject({
      authentication_service_down: 'ok',
      payment_service_degraded: 'ok',
    });
  });

  it('flaky (two 502s, then healthy): the warm-up retries do not count as an error spike', async () => {
    const evaluation = await evaluateDefaults('flaky', { failures: 2 });
    expect(app.healthRequests()).toHaveLength(3);
    expect(states(evaluation)).toMatchObject({ error_rate_spike: 'ok', high_response_time: 'ok' });
    expect(evaluation.rules?.find((r) => r.rule.id === 'error_rate_spike')?.value).toBe(0);
    expect(evaluation.findings).toEqual([]);
  });

  it('health+json without providers: the stripe rule is skipped with the services it looked at', async () => {
    const evaluation = await evaluateDefaults('health+json', { healthJsonStatus: 'fail' });
    expect(states(evaluation)).toMatchObject({
      database_connection_failure: 'triggered',
      authentication_service_down: 'ok',
      payment_service_degraded: 'skipped',
    });
    expect(evaluation.rules?.find((r) => r.rule.id === 'payment_service_degraded')?.note).toBe(
      'no service matches `stripe` (services: database, authentication, payment, monitoring, analytics)',
    );
  });
});
