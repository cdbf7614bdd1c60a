import { describe, expect, it } from 'vitest';
import { endpointEvaluator } from '../../src/evaluate/endpoint.js';
import type { EvaluationContext } from '../../src/evaluate/evaluator.js';
import type { HealthDocument, ServiceHealth } from '../../src/model/types.js';
import { systemClock } from '../../src/util/clock.js';

const service = (key: string, status: ServiceHealth['status'], provider?: string): ServiceHealth => ({
  key,
  name: key,
  status,
  provider,
});

const contextWith = (document: HealthDocument): EvaluationContext => ({
  deployment: { url: 'http://127.0.0.1:1', sha: 'abc1234', environment: 'preview', source: 'input' },
  document,
  samples: [],
  firstAnswerIndex: 0,
  deps: {
    clock: systemClock,
    logger: { debug() {}, info() {}, warning() {}, error() {} },
    dispatcher: undefined as never,
    random: Math.random,
    signal: new AbortController().signal,
  },
});

describe('endpointEvaluator', () => {
  it('finds nothing when the endpoint says healthy', async () => {
    const evaluation = await endpointEvaluator.evaluate(
      contextWith({
        format: 'hemera',
        status: 'healthy',
        services: [service('database', 'pass')],
        warnings: [],
      }),
    );
    expect(evaluation).toEqual({});
  });

  it('blames failing services first and gives the original design troubleshooting step', async () => {
    const { findings: [finding] = [] } = await endpointEvaluator.evaluate(
      contextWith({
        format: 'hemera',
        status: 'unhealthy',
        services: [service('payment', 'warn', 'stripe'), service('database', 'fail', 'postgresql')],
        warnings: [],
      }),
    );
    expect(finding).toMatchObject({ source: 'endpoint', status: 'unhealthy' });
    expect(finding?.message).toMatch(
      /^The health endpoint reports unhealthy: database is failing \(check the DATABASE_URL/,
    );
    expect(finding?.message).toContain('payment is warning (check the STRIPE_SECRET_KEY');
  });

  it('finds the hint by provider when the key is unfamiliar', async () => {
    const { findings: [finding] = [] } = await endpointEvaluator.evaluate(
      contextWith({
        format: 'hemera',
        status: 'degraded',
        services: [service('login', 'fail', 'clerk')],
        warnings: [],
      }),
    );
    expect(finding?.message).toContain('CLERK_SECRET_KEY');
  });
});
