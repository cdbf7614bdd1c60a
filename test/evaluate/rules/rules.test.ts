import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../../src/config/index.js';
import type { Operator } from '../../../src/config/types.js';
import { compare, rulesEvaluator } from '../../../src/evaluate/rules/index.js';
import { answeredAt, configOf, contextOf, documentOf, failedAt, ruleOf, service, T0 } from './support.js';

const SEED_SERVICES = [
  service('database', 'fail', { provider: 'postgresql', responseTimeMs: 45 }),
  service('authentication', 'pass', { provider: 'clerk', responseTimeMs: 12 }),
  service('payment', 'warn', { provider: 'stripe', responseTimeMs: 80 }),
];

describe('compare', () => {
  const cases: Array<[number, Operator, number, boolean]> = [
    [3, 'gt', 2, true],
    [2, 'gt', 2, false],
    [1, 'gt', 2, false],
    [3, 'gte', 2, true],
    [2, 'gte', 2, true],
    [1, 'gte', 2, false],
    [1, 'lt', 2, true],
    [2, 'lt', 2, false],
    [3, 'lt', 2, false],
    [1, 'lte', 2, true],
    [2, 'lte', 2, true],
    [3, 'lte', 2, false],
    [0, 'eq', 0, true],
    [0.5, 'eq', 0, false],
    [0.5, 'neq', 0, true],
    [0, 'neq', 0, false],
  ];
  it.each(cases)('%d %s %d is %s', (value, operator, threshold, expected) => {
    expect(compare(value, operator, threshold)).toBe(expected);
  });

  it('treats float noise at the boundary as equal', () => {
    const average = (0.1 + 0.2) / 2; // 0.15000000000000002
    expect(average).not.toBe(0.15);
    expect(compare(average, 'lte', 0.15)).toBe(true);
    expect(compare(average, 'gt', 0.15)).toBe(false);
    expect(compare(average, 'eq', 0.15)).toBe(true);
    expect(compare(100 / 3, 'gte', 33.333333333333336)).toBe(true);
  });
});

describe('rulesEvaluator', () => {
  it('reports each rule as triggered, ok, skipped or disabled', async () => {
    const config = configOf([
      ruleOf('db', { metric: 'database_health', operator: 'eq', threshold: 0 }, { severity: 'critical' }),
      ruleOf('auth', { metric: 'auth_health', operator: 'eq', threshold: 0 }),
      ruleOf('redis', { metric: 'redis_health', operator: 'eq', threshold: 0 }),
      ruleOf('off', { metric: 'database_health', operator: 'eq', threshold: 0 }, { enabled: false }),
    ]);
    const evaluation = await rulesEvaluator(config).evaluate(contextOf(documentOf(SEED_SERVICES)));
    expect(evaluation.rules?.map((r) => [r.rule.id, r.state, r.value, r.note])).toEqual([
      ['db', 'triggered', 0, undefined],
      ['auth', 'ok', 1, undefined],
      [
        'redis',
        'skipped',
        undefined,
        'no service matches `redis` (services: database, authentication, payment)',
      ],
      ['off', 'disabled', undefined, undefined],
    ]);
    expect(evaluation.findings).toHaveLength(1);
  });

  it('words a triggered rule with value, operator, threshold, severity and the next step', async () => {
    const config = configOf([
      ruleOf(
        'database_connection_failure',
        { metric: 'database_health', operator: 'eq', threshold: 0 },
        { name: 'Database Connection Failure', severity: 'critical' },
      ),
      ruleOf(
        'payment_service_degraded',
        { metric: 'stripe_health', operator: 'lte', threshold: 0.5 },
        { name: 'Payment Service Degraded', severity: 'warning' },
      ),
    ]);
    const { findings } = await rulesEvaluator(config).evaluate(contextOf(documentOf(SEED_SERVICES)));
    expect(findings).toEqual([
      {
        source: 'rule',
        id: 'database_connection_failure',
        title: 'Database Connection Failure',
        status: 'unhealthy',
        message:
          'Database Connection Failure: database_health is 0 (== 0), critical; check the DATABASE_URL environment variable on Vercel, network connectivity to PostgreSQL, and the Prisma client configuration',
        blame: 'deployment',
      },
      {
        source: 'rule',
        id: 'payment_service_degraded',
        title: 'Payment Service Degraded',
        status: 'degraded',
        message:
          'Payment Service Degraded: stripe_health (service payment) is 0.5 (<= 0.5), warning; check the STRIPE_SECRET_KEY environment variable on Vercel and the Stripe account status',
        blame: 'deployment',
      },
    ]);
  });

  it('maps severities to verdicts: critical → unhealthy, warning → degraded, info → healthy', async () => {
    const config = configOf(
      (['critical', 'warning', 'info'] as const).map((severity) =>
        ruleOf(severity, { metric: 'health_status', operator: 'lt', threshold: 1 }, { severity }),
      ),
    );
    const { findings } = await rulesEvaluator(config).evaluate(
      contextOf(documentOf([], { status: 'degraded' })),
    );
    expect(findings?.map((f) => [f.id, f.status])).toEqual([
      ['critical', 'unhealthy'],
      ['warning', 'degraded'],
      ['info', 'healthy'],
    ]);
  });

  it('fires a custom rule exactly at its threshold boundary', async () => {
    const config = parseConfig(
      `defaults: false
rules:
  - id: at_least
    severity: warning
    condition: { metric: avg_response_time, operator: gte, threshold: 1.5s }
  - id: above
    severity: warning
    condition: { metric: avg_response_time, operator: gt, threshold: 1500ms }
  - id: rate_at
    severity: critical
    condition: { metric: error_rate, operator: gte, threshold: 25% }
`,
      '.github/deployment-health.yml',
    );
    const samples = [
      answeredAt(T0, 30, 1000),
      answeredAt(T0, 20, 2000),
      answeredAt(T0, 15, 1000, 503),
      answeredAt(T0, 10, 2000),
    ];
    const evaluation = await rulesEvaluator(config).evaluate(contextOf(documentOf([]), { samples }));
    expect(evaluation.rules?.map((r) => [r.rule.id, r.state, r.value])).toEqual([
      ['at_least', 'triggered', 1500],
      ['above', 'ok', 1500],
      ['rate_at', 'triggered', 25],
    ]);
    expect(evaluation.findings?.[0]?.message).toBe(
      'at_least: avg_response_time is 1500 ms (>= 1500 ms) over 4 health samples, warning',
    );
    expect(evaluation.findings?.[1]?.message).toBe(
      'rate_at: error_rate is 25% (>= 25%) over 4 health samples (1 failed: transport error, timeout or HTTP ≥ 500), critical',
    );
  });

  it('measures each rule over its own window and notes a window observed only in part', async () => {
    const config = configOf([
      ruleOf('last_minute', { metric: 'max_response_time', operator: 'gt', threshold: 1000, timeWindow: 60 }),
      ruleOf('five_minutes', {
        metric: 'max_response_time',
        operator: 'gt',
        threshold: 1000,
        timeWindow: 300,
      }),
    ]);
    // 45 s of samples: from 45 s ago (slow) to just now.
    const samples = [answeredAt(T0, 45, 3000), answeredAt(T0, 20, 200), answeredAt(T0, 0.5, 500)];
    const evaluation = await rulesEvaluator(config).evaluate(contextOf(documentOf([]), { samples }));
    const [lastMinute, fiveMinutes] = evaluation.rules ?? [];
    expect(lastMinute).toMatchObject({
      state: 'triggered',
      value: 3000,
      windowSeconds: 45,
      note: expect.stringMatching(/^observed 45 s of a 60 s window/),
    });
    expect(fiveMinutes?.note).toBe(
      'observed 45 s of a 300 s window (set `observe` to 300s to measure all of it)',
    );
    expect(evaluation.findings?.[0]?.message).toContain('; observed 45 s of a 60 s window');

    // Two minutes later the slow sample has left the last minute, but is still inside five minutes.
    const later = await rulesEvaluator(config).evaluate(
      contextOf(documentOf([]), {
        samples: [...samples, answeredAt(T0 + 120_000, 1, 300)],
        now: T0 + 120_000,
      }),
    );
    expect(later.rules?.map((r) => [r.rule.id, r.state, r.value])).toEqual([
      ['last_minute', 'ok', 300],
      ['five_minutes', 'triggered', 3000],
    ]);
  });

  it('adds no note when the samples cover the window', async () => {
    const config = configOf([
      ruleOf('rate', { metric: 'error_rate', operator: 'gt', threshold: 5, timeWindow: 60 }),
    ]);
    const samples = [answeredAt(T0, 60, 100), answeredAt(T0, 30, 100), failedAt(T0, 1, 'timeout', 900)];
    const { rules } = await rulesEvaluator(config).evaluate(contextOf(documentOf([]), { samples }));
    expect(rules?.[0]).toMatchObject({ state: 'triggered', windowSeconds: 59.9, note: undefined });
  });

  it('returns every metric of the deployment beside the rules', async () => {
    const samples = [answeredAt(T0, 3, 250)];
    const { metrics } = await rulesEvaluator(configOf([])).evaluate(
      contextOf(documentOf(SEED_SERVICES), { samples }),
    );
    expect(metrics).toMatchObject({
      database_health: 0,
      authentication_health: 1,
      payment_health: 0.5,
      payment_response_time: 80,
      avg_response_time: 250,
      error_rate: 0,
      health_status: 1,
    });
  });
});
