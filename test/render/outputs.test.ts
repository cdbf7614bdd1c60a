import { describe, expect, it } from 'vitest';
import { outputsFor } from '../../src/render/outputs.js';
import {
  buildErrorRun,
  DEPLOYMENT_URL,
  evaluatedRun,
  healthyRun,
  METRICS,
  makeRun,
  SHA,
  waitTimeoutRun,
} from '../support/runs.js';

describe('outputsFor', () => {
  it('sets every output for a healthy run, with the report path main passes in', () => {
    expect(outputsFor(healthyRun(), '/tmp/r/report.json')).toEqual({
      status: 'healthy',
      reason: 'ok',
      'deployment-url': DEPLOYMENT_URL,
      'deployment-id': 'dpl_7hK2mQxYz',
      sha: SHA,
      environment: 'preview',
      // No evaluation metrics in this fixture: unknown, not zero.
      'avg-response-time': '',
      'error-rate': '',
      alerts: '[]',
      'report-path': '/tmp/r/report.json',
    });
  });

  it('keeps what a stopped run learnt and leaves the rest empty', () => {
    expect(outputsFor(buildErrorRun())).toMatchObject({
      status: 'unhealthy',
      reason: 'deployment-error',
      'deployment-url': DEPLOYMENT_URL,
      'deployment-id': 'dpl_7hK2mQxYz',
      'report-path': '',
    });
    expect(outputsFor(waitTimeoutRun())['deployment-url']).toBe('');
  });

  it('falls back to the deployment-url input and the run’s environment when nothing was resolved', () => {
    const run = makeRun({
      inputs: { 'deployment-url': 'http://127.0.0.1:4321/app' },
      resolve: undefined,
      probe: undefined,
      environment: 'production',
      verdict: { status: 'unhealthy', reason: 'config', message: 'bad config', findings: [] },
      gateFailed: true,
    });
    expect(outputsFor(run)).toMatchObject({
      reason: 'config',
      'deployment-url': 'http://127.0.0.1:4321/app',
      'deployment-id': '',
      environment: 'production',
    });
  });

  it('gives the window metrics: average in whole ms, error rate to two decimals', () => {
    const outputs = outputsFor(evaluatedRun());
    expect(outputs['avg-response-time']).toBe('231');
    expect(outputs['error-rate']).toBe('8.33');

    const round = outputsFor(
      evaluatedRun({ metrics: { ...METRICS, avg_response_time: 1999.5, error_rate: 0 } }),
    );
    expect(round['avg-response-time']).toBe('2000');
    expect(round['error-rate']).toBe('0');
    // An evaluation without those metrics leaves them unknown rather than inventing a zero.
    const unknown = outputsFor(
      evaluatedRun({ metrics: { database_health: 1, avg_response_time: Number.NaN } }),
    );
    expect(unknown['avg-response-time']).toBe('');
    expect(unknown['error-rate']).toBe('');
  });

  it('lists exactly the triggered rules in `alerts`, as JSON, worst first', () => {
    const alerts: unknown = JSON.parse(outputsFor(evaluatedRun()).alerts ?? '');
    expect(alerts).toEqual([
      {
        id: 'error_rate_spike',
        name: 'Error Rate Spike',
        severity: 'critical',
        metric: 'error_rate',
        value: 8.333333,
        operator: 'gt',
        threshold: 5,
        limit: 5,
      },
      {
        id: 'high_response_time',
        name: 'High Response Time',
        severity: 'warning',
        metric: 'avg_response_time',
        value: 231.4,
        operator: 'gt',
        threshold: 200,
        limit: 200,
      },
      {
        id: 'release_note',
        name: 'Release note',
        severity: 'info',
        metric: 'health_status',
        value: 1,
        operator: 'gte',
        threshold: 0,
        limit: 0,
      },
    ]);
  });

  it('says `[]` when no rule triggered, and when the run stopped before any rule ran', () => {
    const calm = evaluatedRun({
      rules: evaluatedRun().evaluation.rules.filter((r) => r.state !== 'triggered'),
    });
    expect(outputsFor(calm).alerts).toBe('[]');
    expect(outputsFor(buildErrorRun())).toMatchObject({
      alerts: '[]',
      'avg-response-time': '',
      'error-rate': '',
    });
  });
});
