import { describe, expect, it } from 'vitest';
import {
  computeMetrics,
  type MetricSource,
  readMetric,
  resolveServiceMetric,
} from '../../../src/evaluate/rules/index.js';
import type { Sample } from '../../../src/model/types.js';
import { answeredAt, documentOf, failedAt, service, T0 } from './support.js';

const SEED_SERVICES = [
  service('database', 'pass', { provider: 'postgresql', responseTimeMs: 45 }),
  service('authentication', 'warn', { provider: 'clerk', responseTimeMs: 12 }),
  service('payment', 'fail', { provider: 'stripe', responseTimeMs: 80 }),
];

const sourceOf = (samples: Sample[], extra: Partial<MetricSource> = {}): MetricSource => ({
  document: documentOf(SEED_SERVICES),
  samples,
  firstAnswerIndex: 0,
  now: T0,
  ...extra,
});

const metricOf = (name: string, source: MetricSource, window?: number) => {
  const reading = readMetric(name, source, window);
  return 'value' in reading ? reading.value : reading.missing;
};

describe('service metrics and their aliases', () => {
  it('matches a service key exactly', () => {
    expect(resolveServiceMetric('database_health', SEED_SERVICES)).toMatchObject({
      aspect: 'health',
      by: 'key',
      service: { key: 'database' },
    });
  });

  it('matches a key prefix: auth → authentication', () => {
    expect(resolveServiceMetric('auth_health', SEED_SERVICES)).toMatchObject({
      by: 'prefix',
      service: { key: 'authentication' },
    });
  });

  it('matches details.provider: stripe → payment', () => {
    expect(resolveServiceMetric('stripe_response_time', SEED_SERVICES)).toMatchObject({
      aspect: 'response_time',
      by: 'provider',
      service: { key: 'payment' },
    });
  });

  it('prefers an exact key over a prefix, and a prefix over a provider', () => {
    const services = [
      service('authentication', 'pass'),
      service('auth', 'fail'),
      service('payment', 'pass', { provider: 'stripe' }),
      service('stripe_connect', 'warn'),
    ];
    expect(resolveServiceMetric('auth_health', services)).toMatchObject({
      by: 'key',
      service: { key: 'auth' },
    });
    expect(resolveServiceMetric('stripe_health', services)).toMatchObject({
      by: 'prefix',
      service: { key: 'stripe_connect' },
    });
  });

  it('explains a name that matches no service, or several', () => {
    const services = [
      service('database', 'pass'),
      service('authentication', 'pass'),
      service('analytics', 'pass'),
    ];
    expect(resolveServiceMetric('stripe_health', services.slice(0, 2))).toEqual({
      aspect: 'health',
      problem: 'no service matches `stripe` (services: database, authentication)',
    });
    expect(resolveServiceMetric('a_health', services)).toMatchObject({
      problem: '`a` is the start of several services (authentication, analytics); write the full key',
    });
    expect(resolveServiceMetric('avg_response_time', services)).toBeUndefined();
  });

  it('reads health as 1, 0.5, 0 and response times in ms', () => {
    const source = sourceOf([]);
    expect(metricOf('database_health', source)).toBe(1);
    expect(metricOf('auth_health', source)).toBe(0.5);
    expect(metricOf('stripe_health', source)).toBe(0);
    expect(metricOf('payment_response_time', source)).toBe(80);
    expect(metricOf('clerk_response_time', source)).toBe(12);
  });

  it('says why a service metric is missing', () => {
    const source = sourceOf([], { document: documentOf([service('database', 'pass')]) });
    expect(metricOf('database_response_time', source)).toBe('`database` reports no response time');
    expect(metricOf('p99_response_time', source)).toBe(
      'no service matches `p99` (services: database); the action measures avg_response_time, p95_response_time and max_response_time itself',
    );
    expect(
      metricOf('database_health', sourceOf([], { document: documentOf([], { format: 'status-code' }) })),
    ).toBe('the health answer lists no services to match `database`');
  });
});

describe('counts and overall status', () => {
  it('takes the counts from the summary when the body states them', () => {
    const source = sourceOf([], {
      document: documentOf(SEED_SERVICES, { summary: { failedChecks: 3, warningChecks: 2 } }),
    });
    expect(metricOf('failed_checks', source)).toBe(3);
    expect(metricOf('warning_checks', source)).toBe(2);
  });

  it('counts the services otherwise, and has no counts without services', () => {
    expect(metricOf('failed_checks', sourceOf([]))).toBe(1);
    expect(metricOf('warning_checks', sourceOf([]))).toBe(1);
    expect(metricOf('failed_checks', sourceOf([], { document: documentOf([]) }))).toMatch(/no check counts/);
  });

  it('reads health_status as 1, 0.5 and 0', () => {
    for (const [status, value] of [
      ['healthy', 1],
      ['degraded', 0.5],
      ['unhealthy', 0],
    ] as const) {
      expect(metricOf('health_status', sourceOf([], { document: documentOf([], { status }) }))).toBe(value);
    }
  });
});

describe('time-window metrics on a fake clock', () => {
  // Ten minutes of samples, one every 30 s: 1000 ms each, except the two of the last minute (2000 ms, one 503).
  const spread: Sample[] = [];
  for (let ago = 600; ago >= 0; ago -= 30) {
    spread.push(ago < 60 ? answeredAt(T0, ago, 2000, ago === 30 ? 503 : 200) : answeredAt(T0, ago, 1000));
  }

  it('looks at all samples without a window', () => {
    const source = sourceOf(spread);
    expect(metricOf('max_response_time', source)).toBe(2000);
    expect(metricOf('avg_response_time', source)).toBeCloseTo((19 * 1000 + 2 * 2000) / 21, 9);
    expect(metricOf('error_rate', source)).toBeCloseTo(100 / 21, 9);
  });

  it('sees only the last minute in a 60 s window', () => {
    const source = sourceOf(spread);
    // Started 60, 30 and 0 s ago: the one 60 s ago is at the boundary, so it counts.
    expect(metricOf('avg_response_time', source, 60)).toBeCloseTo((1000 + 2000 + 2000) / 3, 9);
    expect(metricOf('avg_response_time', source, 59)).toBe(2000);
    expect(metricOf('error_rate', source, 59)).toBe(50);
    const reading = readMetric('error_rate', source, 59);
    expect(reading).toMatchObject({ window: { samples: 2, errors: 1, seconds: 59, observedMs: 32_000 } });
  });

  it('takes p95 by nearest rank and max over the window', () => {
    const durations = [
      100, 200, 300, 400, 500, 600, 700, 800, 900, 1000, 1100, 1200, 1300, 1400, 1500, 1600, 1700, 1800, 1900,
      5000,
    ];
    const samples = durations.map((d, i) => answeredAt(T0, 20 - i, d));
    expect(metricOf('p95_response_time', sourceOf(samples))).toBe(1900);
    expect(metricOf('max_response_time', sourceOf(samples))).toBe(5000);
    expect(metricOf('p95_response_time', sourceOf(samples.slice(0, 1)))).toBe(100);
  });

  it('counts timeouts, transport errors and HTTP ≥ 500 as errors, not 4xx', () => {
    const samples = [
      answeredAt(T0, 40, 100, 200),
      answeredAt(T0, 35, 100, 429),
      answeredAt(T0, 30, 100, 500),
      failedAt(T0, 25, 'timeout'),
      failedAt(T0, 20, 'ECONNRESET', 3),
      answeredAt(T0, 10, 300, 206),
    ];
    expect(metricOf('error_rate', sourceOf(samples))).toBe(50);
    // Response times only from samples that got an HTTP answer.
    expect(metricOf('avg_response_time', sourceOf(samples))).toBe(150);
  });

  it('leaves out the warm-up retries before the first definitive answer', () => {
    const samples = [
      failedAt(T0, 9, 'ECONNREFUSED', 2),
      answeredAt(T0, 8, 40, 502),
      answeredAt(T0, 6, 120, 200),
    ];
    expect(metricOf('error_rate', sourceOf(samples, { firstAnswerIndex: 2 }))).toBe(0);
    expect(metricOf('avg_response_time', sourceOf(samples, { firstAnswerIndex: 2 }))).toBe(120);
    // Counted from the first request, the cold start would look like an error spike.
    expect(metricOf('error_rate', sourceOf(samples, { firstAnswerIndex: 0 }))).toBeCloseTo(200 / 3, 9);
  });

  it('says why a window metric has no value', () => {
    expect(metricOf('avg_response_time', sourceOf([]))).toBe('no health samples were taken');
    expect(metricOf('error_rate', sourceOf([answeredAt(T0, 120, 50)]), 60)).toBe(
      'no health sample started in the last 60 s',
    );
    expect(metricOf('avg_response_time', sourceOf([failedAt(T0, 5)]))).toBe(
      'none of the 1 health samples in the window got an HTTP answer',
    );
    expect(metricOf('error_rate', sourceOf([failedAt(T0, 5)]))).toBe(100);
  });
});

describe('computeMetrics', () => {
  it('lists every metric the deployment has', () => {
    const samples = [failedAt(T0, 20, 'timeout'), answeredAt(T0, 10, 300), answeredAt(T0, 5, 500, 503)];
    const metrics = computeMetrics(sourceOf(samples, { firstAnswerIndex: 1 }));
    expect(metrics).toEqual({
      database_health: 1,
      database_response_time: 45,
      authentication_health: 0.5,
      authentication_response_time: 12,
      payment_health: 0,
      payment_response_time: 80,
      failed_checks: 1,
      warning_checks: 1,
      health_status: 1,
      avg_response_time: 400,
      p95_response_time: 500,
      max_response_time: 500,
      error_rate: 50,
    });
  });

  it('measures over a window when asked, and never lets a service shadow a measured metric', () => {
    const samples = [answeredAt(T0, 120, 900), answeredAt(T0, 10, 300)];
    const source = sourceOf(samples, {
      document: documentOf([service('avg', 'pass', { responseTimeMs: 1 })]),
    });
    expect(computeMetrics(source, 60)).toMatchObject({ avg_response_time: 300, avg_health: 1 });
    expect(computeMetrics(source)).toMatchObject({ avg_response_time: 600 });
    const noAnswers = computeMetrics({ ...source, samples: [failedAt(T0, 1)] });
    expect(noAnswers.avg_response_time).toBeUndefined();
    expect(noAnswers.error_rate).toBe(100);
  });
});
