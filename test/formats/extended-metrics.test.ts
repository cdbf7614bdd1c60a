import { describe, expect, it } from 'vitest';
import { healthJson } from '../../src/formats/health-json.js';
import { hemera } from '../../src/formats/hemera.js';
import {
  MAX_VALUES,
  metricValue,
  readMetricValue,
  readMetricValues,
} from '../../src/formats/metric-values.js';
import type { HealthDocument } from '../../src/model/types.js';
import { jsonAnswer, type LooseBody, seedBody } from './fixtures.js';

const documentOf = (result: ReturnType<typeof hemera.parse>): HealthDocument => {
  if (!result.ok) throw new Error(result.error);
  return result.document;
};
const hemeraDocument = (body: LooseBody) => documentOf(hemera.parse(jsonAnswer(200, body)));
const healthJsonDocument = (body: LooseBody) =>
  documentOf(healthJson.parse(jsonAnswer(200, body, 'application/health+json')));
const serviceOf = (document: HealthDocument, key: string) => document.services.find((s) => s.key === key);

describe('a number and its unit', () => {
  it.each([
    [250, 'ms', { value: 250, unit: 'ms' }],
    [1.5, 's', { value: 1500, unit: 'ms' }],
    [2, 'sec', { value: 2000, unit: 'ms' }],
    [3, 'Seconds', { value: 3000, unit: 'ms' }],
    [1500, 'us', { value: 1.5, unit: 'ms' }],
    [1500, 'µs', { value: 1.5, unit: 'ms' }],
    [1500, 'μs', { value: 1.5, unit: 'ms' }],
    [2_000_000, 'ns', { value: 2, unit: 'ms' }],
    [2, 'min', { value: 120_000, unit: 'ms' }],
    [72, '%', { value: 72, unit: 'percent' }],
    [72, 'Percent', { value: 72, unit: 'percent' }],
    [512, 'MB', { value: 512, unit: 'MB' }],
    [12, ' connections ', { value: 12, unit: 'connections' }],
    [40, 'req/s', { value: 40, unit: 'req/s' }],
    [0.42, undefined, { value: 0.42 }],
    [0.42, '', { value: 0.42 }],
    [0.42, 7, { value: 0.42 }],
    [-3, 'ms', { value: -3, unit: 'ms' }],
  ])('%s %s', (value, unit, expected) => {
    expect(metricValue(value, unit)).toEqual(expected);
  });

  it('keeps an unknown unit word bounded and free of markup and control characters', () => {
    expect(metricValue(1, '<b>MB</b>\n::warning::x')).toEqual({ value: 1, unit: 'bMB/bwarningx' });
    expect(metricValue(1, 'x'.repeat(500))?.unit).toHaveLength(24);
    expect(metricValue(1, '<>{}')).toEqual({ value: 1 });
  });

  it('is no value for NaN, infinities, booleans, strings, null, or a time that overflows when converted', () => {
    for (const raw of [Number.NaN, Number.POSITIVE_INFINITY, true, '0.72', null, undefined, [1], {}]) {
      expect(readMetricValue(raw)).toBeUndefined();
    }
    expect(readMetricValue({ value: '12', unit: 'MB' })).toBeUndefined();
    expect(metricValue(1e308, 'h')).toBeUndefined();
    expect(readMetricValue({ value: 512, unit: 'MB' })).toEqual({ value: 512, unit: 'MB' });
    expect(readMetricValue(3)).toEqual({ value: 3 });
  });

  it('keeps the first values with usable keys, and counts those beyond the bound', () => {
    const entries: Array<[string, unknown]> = [
      ['__proto__', 1],
      ['constructor', 2],
      ['prototype', 3],
      ['has space', 4],
      ['x'.repeat(65), 5],
      ['', 6],
      ['ok.key-1_b', 7],
      ['provider', 8],
    ];
    const read = readMetricValues(entries, (key) => key === 'provider');
    expect(read).toEqual({ values: { 'ok.key-1_b': { value: 7 } }, dropped: 0 });
    expect(Object.getPrototypeOf(read.values)).toBe(Object.prototype);

    const many = Array.from({ length: 40 }, (_, i): [string, unknown] => [`v${i}`, i]);
    const bounded = readMetricValues(many);
    expect(Object.keys(bounded.values ?? {})).toHaveLength(MAX_VALUES);
    expect(bounded.values?.v31).toEqual({ value: 31 });
    expect(bounded.dropped).toBe(8);
    expect(readMetricValues([['a', 'text']])).toEqual({ values: undefined, dropped: 0 });
  });
});

describe('extended metrics in the Hemera format', () => {
  it("reads a service's numeric details and the body's metrics, with their units", () => {
    const body = seedBody();
    body.services.database.details = {
      provider: 'postgresql',
      connection: 'verified',
      poolUsage: 0.72,
      connections: { value: 12, unit: 'connections' },
      queryTime: { value: 0.25, unit: 's' },
      replicated: true,
      lag: Number.NaN, // JSON turns it into null: no value
    };
    body.metrics = {
      cpu: 0.42,
      memory: { value: 512, unit: 'MB' },
      disk: { value: 81, unit: '%' },
      up: 'yes',
    };
    const document = hemeraDocument(body);
    expect(serviceOf(document, 'database')?.values).toEqual({
      poolUsage: { value: 0.72 },
      connections: { value: 12, unit: 'connections' },
      queryTime: { value: 250, unit: 'ms' },
    });
    // `provider` still makes the alias, and the table line still shows every detail
    expect(serviceOf(document, 'database')?.provider).toBe('postgresql');
    expect(serviceOf(document, 'database')?.detail).toContain('poolUsage=0.72');
    expect(document.metrics).toEqual({
      cpu: { value: 0.42 },
      memory: { value: 512, unit: 'MB' },
      disk: { value: 81, unit: 'percent' },
    });
    expect(document.warnings).toEqual([]);
    // services without numbers have no values at all
    expect(serviceOf(document, 'payment')).not.toHaveProperty('values');
  });

  it('leaves numbers under secret-looking keys out, as the table does', () => {
    const body = seedBody();
    body.services.payment.details = { provider: 'stripe', apiKey: 12345, tokenCount: 3, fees: 2 };
    expect(serviceOf(hemeraDocument(body), 'payment')?.values).toEqual({ fees: { value: 2 } });
  });

  it("leaves numbers under secret-looking keys out of the body's metrics and of health+json too", () => {
    const body = { ...seedBody(), metrics: { cpu: 0.3, password: 1234, apiKey: 99 } };
    expect(hemeraDocument(body).metrics).toEqual({ cpu: { value: 0.3 } });
    const document = healthJsonDocument({
      status: 'pass',
      checks: { 'db:password': [{ observedValue: 31337 }], 'db:connections': [{ observedValue: 4 }] },
    });
    expect(serviceOf(document, 'db')?.values).toEqual({ connections: { value: 4 } });
  });

  it('survives a hostile body: 10 000 details, prototype keys, a `metrics` of the wrong shape', () => {
    const body = seedBody();
    const details: Record<string, unknown> = { provider: 'postgresql' };
    for (let i = 0; i < 10_000; i++) details[`d${i}`] = i;
    body.services.database.details = details;
    const document = hemeraDocument(body);
    const values = serviceOf(document, 'database')?.values ?? {};
    expect(Object.keys(values)).toHaveLength(MAX_VALUES);
    expect(document.warnings).toEqual([
      `Only the first ${MAX_VALUES} numbers of a service's \`details\` and of \`metrics\` become metrics; ${10_000 - MAX_VALUES} more were ignored.`,
    ]);

    const polluted = hemera.parse(
      jsonAnswer(
        200,
        '{"summary":{"overallStatus":"healthy"},"services":{"db":{"status":"pass","details":{"__proto__":{"value":1},"constructor":2,"ok":3}}},"metrics":{"__proto__":5,"cpu":1}}',
      ),
    );
    const doc = documentOf(polluted);
    expect(serviceOf(doc, 'db')?.values).toEqual({ ok: { value: 3 } });
    expect(doc.metrics).toEqual({ cpu: { value: 1 } });
    expect(({} as Record<string, unknown>).value).toBeUndefined();

    const wrong = seedBody();
    wrong.metrics = [1, 2];
    const wrongDoc = hemeraDocument(wrong);
    expect(wrongDoc.metrics).toBeUndefined();
    expect(wrongDoc.warnings).toEqual([
      '`metrics` is an array; expected an object of numbers; no `metrics_` metric is read.',
    ]);
  });
});

describe('extended metrics in the health+json format', () => {
  it("makes each measurement's observed value a value of its component, but not its response time", () => {
    const document = healthJsonDocument({
      status: 'pass',
      checks: {
        'database:connections': [{ observedValue: 12, observedUnit: 'connections' }],
        'database:responseTime': [{ observedValue: 0.25, observedUnit: 's' }],
        'database:poolUsage': [{ observedValue: 0.72 }],
        'cpu:utilization': [
          { componentId: 'node-1', observedValue: 85, observedUnit: 'percent' },
          { componentId: 'node-2', observedValue: 99, observedUnit: 'percent' },
          { componentId: 'node-3', observedValue: 120, observedUnit: 'MB' },
        ],
        uptime: [{ observedValue: 1209600.245, observedUnit: 's' }],
        'cache:state': [{ observedValue: 'warm' }, { observedValue: true }],
        'odd:has space': [{ observedValue: 1 }],
      },
    });
    expect(serviceOf(document, 'database')).toMatchObject({
      responseTimeMs: 250,
      values: { connections: { value: 12, unit: 'connections' }, poolUsage: { value: 0.72 } },
    });
    expect(serviceOf(document, 'database')?.values).not.toHaveProperty('responseTime');
    // several entries of one measurement: the largest in the first entry's unit
    expect(serviceOf(document, 'cpu')?.values).toEqual({ utilization: { value: 99, unit: 'percent' } });
    // a check without a measurement is the component's `value`
    expect(serviceOf(document, 'uptime')?.values).toEqual({ value: { value: 1209600245, unit: 'ms' } });
    expect(serviceOf(document, 'cache')).not.toHaveProperty('values');
    expect(serviceOf(document, 'odd')).not.toHaveProperty('values');
  });

  it('keeps at most the bound of values per component', () => {
    const checks: Record<string, unknown> = {};
    for (let i = 0; i < 1000; i++) checks[`db:m${i}`] = [{ observedValue: i }];
    const values = serviceOf(healthJsonDocument({ status: 'pass', checks }), 'db')?.values ?? {};
    expect(Object.keys(values)).toHaveLength(MAX_VALUES);
    expect(values.m0).toEqual({ value: 0 });
  });
});
