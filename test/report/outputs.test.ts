import { describe, expect, it } from 'vitest';
import { outputsFor } from '../../src/report/outputs.js';
import { buildErrorRun, DEPLOYMENT_URL, healthyRun, makeRun, SHA, waitTimeoutRun } from './fixtures.js';

describe('outputsFor', () => {
  it('sets every output for a healthy run, with the report path main passes in', () => {
    expect(outputsFor(healthyRun(), '/tmp/r/report.json')).toEqual({
      status: 'healthy',
      reason: 'ok',
      'deployment-url': DEPLOYMENT_URL,
      'deployment-id': 'dpl_7hK2mQxYz',
      sha: SHA,
      environment: 'preview',
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
});
