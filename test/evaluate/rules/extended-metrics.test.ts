import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../../src/config/index.js';
import {
  computeMetrics,
  extendedMetricValues,
  type MetricSource,
  readMetric,
  rulesEvaluator,
} from '../../../src/evaluate/rules/index.js';
import type { HealthDocument, ServiceHealth } from '../../../src/model/types.js';
import { answeredAt, configOf, contextOf, documentOf, ruleOf, service, T0 } from './support.js';

const database = service('database', 'pass', {
  provider: 'postgresql',
  responseTimeMs: 45,
  values: {
    poolUsage: { value: 0.72 },
    connections: { value: 12, unit: 'connections' },
    queryTime: { value: 250, unit: 'ms' },
  },
});
const cache = service('cache_hit', 'pass', { values: { rate: { value: 0.93, unit: 'percent' } } });
const cacheShort = service('cache', 'pass', { values: { hit_rate: { value: 0.5 } } });

const METRICS_OBJECT: HealthDocument['metrics'] = {
  cpu: { value: 0.42 },
  cpuUsage: { value: 0.5, unit: 'percent' },
  memory: { value: 512, unit: 'MB' },
};

const sourceOf = (services: ServiceHealth[], extra: Partial<HealthDocument> = {}): MetricSource => ({
  document: documentOf(services, { metrics: METRICS_OBJECT, ...extra }),
  samples: [answeredAt(T0, 10, 300)],
  firstAnswerIndex: 0,
  now: T0,
});

const read = (name: string, source = sourceOf([database])) => readMetric(name, source);

describe('reading extended metrics', () => {
  it("reads `metrics_<name>` from the body's metrics, with its unit and canonical name", () => {
    expect(read('metrics_cpu')).toEqual({ value: 0.42, unit: 'plain', canonical: 'metrics_cpu' });
    expect(read('metrics_memory')).toEqual({
      value: 512,
      unit: 'plain',
      unitLabel: 'MB',
      canonical: 'metrics_memory',
    });
    // case and `_`/`-` do not matter in the fallback; the canonical name is the body's spelling
    expect(read('metrics_cpu_usage')).toMatchObject({
      value: 0.5,
      unit: 'percent',
      canonical: 'metrics_cpuUsage',
    });
    expect(read('metrics_MEMORY')).toMatchObject({ value: 512, canonical: 'metrics_memory' });
  });

  it('reads `<service>_<detail>` by key, key prefix and provider, under the canonical name', () => {
    expect(read('database_poolUsage')).toMatchObject({
      value: 0.72,
      unit: 'plain',
      canonical: 'database_poolUsage',
      match: { by: 'key', service: { key: 'database' } },
    });
    expect(read('data_connections')).toMatchObject({
      value: 12,
      unitLabel: 'connections',
      canonical: 'database_connections',
      match: { by: 'prefix' },
    });
    expect(read('postgresql_query_time')).toMatchObject({
      value: 250,
      unit: 'ms',
      canonical: 'database_queryTime',
      match: { by: 'provider' },
    });
  });

  it('prefers the longest head that is a service key, then other matches', () => {
    const source = sourceOf([cacheShort, cache]);
    expect(read('cache_hit_rate', source)).toMatchObject({ value: 0.93, canonical: 'cache_hit_rate' });
    // `cache_hit` has no `hit_rate`, so the cut after `cache` is tried next
    expect(read('cache_hitRate', source)).toMatchObject({ value: 0.5, canonical: 'cache_hit_rate' });
    const prefixOnly = sourceOf([cache]);
    expect(read('cache_rate', prefixOnly)).toMatchObject({ value: 0.93, match: { by: 'prefix' } });
  });

  it('never lets a value shadow a fixed or standard service metric', () => {
    const avg = service('avg', 'fail', { values: { response_time: { value: 1 } } });
    const shadowing = service('database', 'warn', {
      responseTimeMs: 45,
      values: { health: { value: 7 }, response_time: { value: 9 } },
    });
    const source = sourceOf([avg, shadowing], { metrics: { health: { value: 3 } } });
    expect(read('avg_response_time', source)).toMatchObject({ value: 300, canonical: 'avg_response_time' });
    expect(read('database_health', source)).toMatchObject({ value: 0.5, canonical: 'database_health' });
    expect(read('database_response_time', source)).toMatchObject({ value: 45 });
    expect(read('data_health', source)).toMatchObject({ value: 0.5, canonical: 'database_health' });

    const metrics = computeMetrics(source);
    expect(metrics).toMatchObject({
      avg_response_time: 300,
      database_health: 0.5,
      database_response_time: 45,
      metrics_health: 3,
    });
    // a value listed is the one a rule reading its name gets
    expect(extendedMetricValues(source.document)).toEqual({ metrics_health: 3 });
    const sameValue = service('database', 'pass', { values: { health: { value: 1 } } });
    expect(extendedMetricValues(documentOf([sameValue]))).toEqual({});
  });

  it('says what a service does report, with a did-you-mean', () => {
    expect(read('database_poolUsag')).toEqual({
      missing:
        'service `database` reports no value `poolUsag` (it reports poolUsage, connections, queryTime); did you mean `database_poolUsage`?',
    });
    expect(read('database_helt')).toMatchObject({
      missing: expect.stringMatching(/did you mean `database_health`\?$/),
    });
    expect(read('cache_hitRate', sourceOf([service('cache', 'pass')]))).toEqual({
      missing: 'service `cache` reports no values',
    });
    expect(read('redis_hitRate')).toEqual({ missing: 'no service matches `redis` (services: database)' });
    expect(read('databse_poolUsage')).toEqual({
      missing: 'no service matches `databse` (services: database); did you mean `database_poolUsage`?',
    });
    const ambiguous = service('db', 'pass', {
      values: { pool_usage: { value: 1 }, poolUsage: { value: 2 } },
    });
    expect(read('db_poolusage', sourceOf([ambiguous]))).toMatchObject({
      missing: expect.stringMatching(/several values that `poolusage` may mean \(pool_usage, poolUsage\)/),
    });
  });

  it("says what the body's metrics hold, or that there are none", () => {
    expect(read('metrics_cpuu')).toEqual({
      missing:
        "the health answer's `metrics` reports no value `cpuu` (it reports cpu, cpuUsage, memory); did you mean `metrics_cpu`?",
    });
    expect(read('metrics_cpu', sourceOf([database], { metrics: undefined }))).toEqual({
      missing: 'the health answer has no `metrics` object to read `metrics_` metrics from',
    });
  });

  it('keeps the reasons of the standard metrics', () => {
    expect(read('redis_health')).toEqual({ missing: 'no service matches `redis` (services: database)' });
    expect(read('p99_response_time')).toEqual({
      missing:
        'no service matches `p99` (services: database); the action measures avg_response_time, p95_response_time and max_response_time itself',
    });
  });

  it('gives fixed and service metrics their canonical names too', () => {
    expect(read('error_rate')).toMatchObject({ value: 0, canonical: 'error_rate' });
    expect(read('health_status')).toMatchObject({ value: 1, canonical: 'health_status' });
    expect(read('postgresql_response_time')).toMatchObject({
      value: 45,
      canonical: 'database_response_time',
    });
  });
});

describe('listing extended metrics', () => {
  it("lists the body's metrics, then each service's values, under canonical names", () => {
    const metrics = computeMetrics(sourceOf([database]));
    expect(metrics).toEqual({
      metrics_cpu: 0.42,
      metrics_cpuUsage: 0.5,
      metrics_memory: 512,
      database_poolUsage: 0.72,
      database_connections: 12,
      database_queryTime: 250,
      database_health: 1,
      database_response_time: 45,
      failed_checks: 0,
      warning_checks: 0,
      health_status: 1,
      avg_response_time: 300,
      p95_response_time: 300,
      max_response_time: 300,
      error_rate: 0,
    });
  });

  it('is bounded, and leaves out services whose key no rule could write', () => {
    const many = Array.from({ length: 100 }, (_, i) =>
      service(`s${i}`, 'pass', { values: { a: { value: i }, b: { value: i } } }),
    );
    const listed = extendedMetricValues(documentOf(many), 40);
    expect(Object.keys(listed)).toHaveLength(40);
    expect(listed).toMatchObject({ s0_a: 0, s19_b: 19 });
    const odd = service('my db\n::x', 'pass', { values: { a: { value: 1 } } });
    const proto = service('_', 'pass', { values: { proto__: { value: 1 } } });
    expect(extendedMetricValues(documentOf([odd, proto]))).toEqual({});
  });
});

describe('rules on extended metrics', () => {
  it('triggers `database_poolUsage gt 0.9` and shows the value in the message', async () => {
    const full = service('database', 'pass', { values: { poolUsage: { value: 0.95 } } });
    const config = configOf([
      ruleOf('pool', { metric: 'database_poolUsage', operator: 'gt', threshold: 0.9 }),
      ruleOf('memory', { metric: 'metrics_memory', operator: 'gt', threshold: 500 }),
    ]);
    const evaluation = await rulesEvaluator(config).evaluate(
      contextOf(documentOf([full], { metrics: METRICS_OBJECT })),
    );
    expect(evaluation.rules?.map((r) => [r.rule.id, r.state, r.value])).toEqual([
      ['pool', 'triggered', 0.95],
      ['memory', 'triggered', 512],
    ]);
    expect(evaluation.findings?.map((f) => f.message)).toEqual([
      expect.stringMatching(/^pool: database_poolUsage is 0\.95 \(> 0\.9\), warning/),
      'memory: metrics_memory is 512 MB (> 500 MB), warning',
    ]);
    expect(evaluation.metrics).toMatchObject({ database_poolUsage: 0.95, metrics_memory: 512 });
  });

  it('compares a duration with a value in ms, and skips it against a value in another unit', async () => {
    const { rules } = parseConfig(
      'rules:\n' +
        '  - { id: slow, severity: warning, condition: { metric: database_queryTime, operator: gt, threshold: 0.2s } }\n' +
        '  - { id: pool, severity: warning, condition: { metric: database_poolUsage, operator: gt, threshold: 2s } }\n' +
        '  - { id: cpu, severity: warning, condition: { metric: metrics_cpuUsage, operator: gte, threshold: 0.5% } }\n' +
        '  - { id: mem, severity: warning, condition: { metric: metrics_memory, operator: gt, threshold: 5% } }\n',
      'rules.yml',
    );
    const mine = rules.filter((rule) => rule.origin === 'config');
    expect(mine.map((rule) => [rule.condition.threshold, rule.condition.thresholdUnit])).toEqual([
      [200, 'ms'],
      [2000, 'ms'],
      [0.5, 'percent'],
      [5, 'percent'],
    ]);
    const evaluation = await rulesEvaluator(configOf(mine)).evaluate(
      contextOf(documentOf([database], { metrics: METRICS_OBJECT })),
    );
    expect(evaluation.rules?.map((r) => [r.rule.id, r.state, r.note])).toEqual([
      ['slow', 'triggered', undefined],
      [
        'pool',
        'skipped',
        'the threshold is a duration, but the health answer reports database_poolUsage without a unit (0.72); write the threshold as a plain number in that unit',
      ],
      ['cpu', 'triggered', undefined],
      [
        'mem',
        'skipped',
        'the threshold is a percentage, but the health answer reports metrics_memory in MB (512 MB); write the threshold as a plain number in that unit',
      ],
    ]);
  });

  it('skips a rule on a value the answer does not have, saying what it has', async () => {
    const config = configOf([
      ruleOf('pool', { metric: 'database_poolUsag', operator: 'gt', threshold: 0.9 }),
    ]);
    const evaluation = await rulesEvaluator(config).evaluate(contextOf(documentOf([database])));
    expect(evaluation.rules?.[0]).toMatchObject({
      state: 'skipped',
      note: expect.stringContaining('did you mean `database_poolUsage`?'),
    });
  });
});
