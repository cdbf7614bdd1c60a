import { describe, expect, it } from 'vitest';
import { healthJson } from '../../src/formats/health-json.js';
import { jsonAnswer, type LooseBody } from './fixtures.js';

const HJ = 'application/health+json';

/** Shaped after the draft's own example (draft-inadarei-api-health-check). */
function draftBody(status = 'pass'): LooseBody {
  return {
    status,
    version: '1',
    releaseId: '1.2.2',
    notes: [''],
    output: '',
    serviceId: 'f03e522f-1f44-4062-9b55-9587f91c9c41',
    description: 'health of authz service',
    checks: {
      'cassandra:responseTime': [
        {
          componentId: 'dfd6cf2b-1b6e-4412-a0b8-f6f7797a60d2',
          componentType: 'datastore',
          observedValue: 250,
          observedUnit: 'ms',
          status: 'pass',
          affectedEndpoints: ['/users/{userId}'],
          time: '2018-01-17T03:36:48Z',
          output: '',
        },
      ],
      'cassandra:connections': [
        {
          componentId: 'dfd6cf2b-1b6e-4412-a0b8-f6f7797a60d2',
          componentType: 'datastore',
          observedValue: 75,
          status: 'warn',
          time: '2018-01-17T03:36:49Z',
          output: 'connection pool nearly full',
        },
      ],
      uptime: [{ componentType: 'system', observedValue: 1209600.245, observedUnit: 's', status: 'pass' }],
      'cpu:utilization': [
        { componentId: 'node-1', observedValue: 85, observedUnit: 'percent', status: 'pass' },
        { componentId: 'node-2', observedValue: 99, observedUnit: 'percent', status: 'fail' },
      ],
      'api:latency': [{ observedValue: 0.4, observedUnit: 's' }],
    },
    links: { about: 'http://api.example.com/about/authz' },
  };
}

const parse = (status: number, body: unknown, type = HJ) => healthJson.parse(jsonAnswer(status, body, type));

describe('health+json format', () => {
  it('reads the draft example: one service per component, worst status, response time in ms', () => {
    const result = parse(200, draftBody());
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const doc = result.document;
    expect(doc).toMatchObject({
      format: 'health+json',
      status: 'healthy',
      app: { version: '1' },
      warnings: [],
    });
    expect(doc.services.map((s) => s.key)).toEqual(['cassandra', 'uptime', 'cpu', 'api']);
    const cassandra = doc.services[0];
    expect(cassandra).toMatchObject({
      key: 'cassandra',
      name: 'cassandra',
      status: 'warn',
      responseTimeMs: 250,
    });
    expect(cassandra?.lastChecked).toBe('2018-01-17T03:36:49Z');
    expect(cassandra?.detail).toContain('responseTime=250 ms');
    expect(cassandra?.detail).toContain('connection pool nearly full');
    expect(doc.services.find((s) => s.key === 'cpu')?.status).toBe('fail');
    // a latency in seconds becomes milliseconds; entries without a status share the document's
    expect(doc.services.find((s) => s.key === 'api')).toMatchObject({ status: 'pass', responseTimeMs: 400 });
  });

  it.each([
    ['pass', 'healthy'],
    ['ok', 'healthy'],
    ['up', 'healthy'],
    ['UP', 'healthy'],
    ['warn', 'degraded'],
  ])('reads status %s with HTTP 200 as %s, without a warning', (word, expected) => {
    const result = parse(200, { status: word });
    expect(result.ok && result.document.status).toBe(expected);
    expect(result.ok && result.document.warnings).toEqual([]);
  });

  it.each(['fail', 'error', 'down'])('reads status %s with HTTP 503 as unhealthy', (word) => {
    const result = parse(503, { status: word, output: 'database unreachable' });
    expect(result.ok && result.document.status).toBe('unhealthy');
    expect(result.ok && result.document.warnings).toEqual(["The endpoint's `output`: database unreachable"]);
  });

  it('keeps going past unknown fields', () => {
    const body = draftBody();
    body.vendorExtension = { anything: true };
    body.checks['cassandra:responseTime'][0].shard = 7;
    expect(parse(200, body).ok).toBe(true);
  });

  it.each([
    ['status missing', (b: LooseBody) => delete b.status, '`status` is missing; expected pass, warn or fail'],
    ['status unknown', (b: LooseBody) => (b.status = 'great'), '`status` is "great"'],
    [
      'checks not an object',
      (b: LooseBody) => (b.checks = ['x']),
      '`checks` is an array; expected an object of arrays',
    ],
    [
      'check not an array',
      (b: LooseBody) => (b.checks['cassandra:responseTime'] = { status: 'pass' }),
      '`checks["cassandra:responseTime"]` is an object',
    ],
    ['entry not an object', (b: LooseBody) => (b.checks.uptime = [5]), '`checks.uptime[0]` is 5'],
    [
      'entry status',
      (b: LooseBody) => (b.checks['cpu:utilization'][1].status = 'meh'),
      '`checks["cpu:utilization"][1].status` is "meh"',
    ],
  ])('names the broken field: %s', (_name, breakIt, message) => {
    const body = draftBody();
    breakIt(body);
    const result = parse(200, body);
    expect(result.ok).toBe(false);
    expect(!result.ok && result.error).toContain(message);
  });

  it('takes the worse of HTTP code and body, and warns when they disagree', () => {
    const okButFail = parse(200, { status: 'fail' });
    expect(okButFail.ok && okButFail.document.status).toBe('unhealthy');
    expect(okButFail.ok && okButFail.document.warnings[0]).toMatch(/^HTTP 200 but the body says unhealthy/);

    const downButPass = parse(503, { status: 'pass' });
    expect(downButPass.ok && downButPass.document.status).toBe('unhealthy');
    expect(downButPass.ok && downButPass.document.warnings[0]).toMatch(/^HTTP 503 but the body says healthy/);
  });

  it('claims its media type, or a JSON object with a draft status word', () => {
    expect(healthJson.claims(jsonAnswer(200, 'not even json', HJ))).toBe(true);
    expect(healthJson.claims(jsonAnswer(200, { status: 'pass' }, 'application/json'))).toBe(true);
    expect(healthJson.claims(jsonAnswer(200, { status: 'down' }, 'application/json'))).toBe(true);
    expect(healthJson.claims(jsonAnswer(200, { status: 'healthy' }, 'application/json'))).toBe(false);
    expect(healthJson.claims(jsonAnswer(200, { summary: { overallStatus: 'healthy' } }))).toBe(false);
  });
});
