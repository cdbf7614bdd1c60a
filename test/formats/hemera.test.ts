import { describe, expect, it } from 'vitest';
import { hemera } from '../../src/formats/hemera.js';
import { readHealthAnswer } from '../../src/formats/index.js';
import { jsonAnswer, type LooseBody, seedBody } from './fixtures.js';

const parse = (status: number, body: unknown) => hemera.parse(jsonAnswer(status, body));

describe('hemera format', () => {
  it('reads the original design example: status, five services, providers, response times, app facts', () => {
    const result = parse(200, seedBody());
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const doc = result.document;
    expect(doc).toMatchObject({ format: 'hemera', status: 'healthy', warnings: [] });
    expect(doc.services.map((s) => s.key)).toEqual([
      'database',
      'authentication',
      'payment',
      'monitoring',
      'analytics',
    ]);
    expect(doc.services[0]).toEqual({
      key: 'database',
      name: 'database',
      status: 'pass',
      responseTimeMs: 45,
      provider: 'postgresql',
      detail: 'provider=postgresql, connection=verified',
      lastChecked: '2025-10-12T10:30:00.000Z',
    });
    expect(doc.summary).toEqual({ totalChecks: 5, passedChecks: 5, failedChecks: 0, warningChecks: 0 });
    expect(doc.app).toEqual({ version: '1.0.0', deploymentId: 'dpl_123456789', region: 'fra1' });
  });

  it('reads 206 degraded and 503 unhealthy as the original design defines them, without warnings', () => {
    const degraded = seedBody('degraded');
    degraded.services.payment.status = 'fail';
    const r206 = parse(206, degraded);
    expect(r206.ok && r206.document.status).toBe('degraded');
    expect(r206.ok && r206.document.warnings).toEqual([]);
    expect(r206.ok && r206.document.services.find((s) => s.key === 'payment')?.status).toBe('fail');

    const r503 = parse(503, seedBody('unhealthy'));
    expect(r503.ok && r503.document.status).toBe('unhealthy');
    expect(r503.ok && r503.document.warnings).toEqual([]);
  });

  it('keeps going past unknown fields at every level', () => {
    const body = seedBody();
    body.extra = { nested: [1, 2, 3] };
    body.summary.flavour = 'vanilla';
    body.services.database.shards = 4;
    body.services.cache = { status: 'warn', region: 'fra1' };
    const result = parse(200, body);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.document.services.find((s) => s.key === 'cache')).toMatchObject({
      key: 'cache',
      name: 'cache',
      status: 'warn',
    });
  });

  it.each([
    ['summary', (b: LooseBody) => delete b.summary, '`summary` is missing'],
    [
      'summary.overallStatus',
      (b: LooseBody) => (b.summary.overallStatus = 'great'),
      '`summary.overallStatus` is "great"',
    ],
    [
      'summary.overallStatus missing',
      (b: LooseBody) => delete b.summary.overallStatus,
      '`summary.overallStatus` is missing',
    ],
    [
      'summary.totalChecks',
      (b: LooseBody) => (b.summary.totalChecks = 'five'),
      '`summary.totalChecks` is "five"',
    ],
    ['services', (b: LooseBody) => (b.services = []), '`services` is an array'],
    ['services.<key>', (b: LooseBody) => (b.services.payment = 'ok'), '`services.payment` is "ok"'],
    [
      'services.<key>.status',
      (b: LooseBody) => (b.services.database.status = 'ok'),
      '`services.database.status` is "ok"',
    ],
    [
      'services.<key>.responseTime',
      (b: LooseBody) => (b.services.authentication.responseTime = 'fast'),
      '`services.authentication.responseTime` is "fast"',
    ],
    [
      'services.<key>.name',
      (b: LooseBody) => (b.services.analytics.name = 42),
      '`services.analytics.name` is 42',
    ],
    [
      'odd key',
      (b: LooseBody) => (b.services['db:main'] = { status: 'bad' }),
      '`services["db:main"].status` is "bad"',
    ],
  ])('names the broken field: %s', (_name, breakIt, message) => {
    const body = seedBody();
    breakIt(body);
    const result = parse(200, body);
    expect(result.ok).toBe(false);
    expect(!result.ok && result.error).toContain(message);
  });

  it('refuses a body that is not JSON, or not valid JSON, saying which', () => {
    const html = hemera.parse(readHealthAnswer(200, 'text/html', '<!DOCTYPE html><html></html>'));
    expect(!html.ok && html.error).toMatch(/^the body is not JSON \(text\/html, starting "<!DOCTYPE html>/);
    const broken = hemera.parse(readHealthAnswer(200, 'application/json', '{"summary": {'));
    expect(!broken.ok && broken.error).toMatch(/^the body is not valid JSON/);
  });

  it('takes the worse of HTTP code and body, and warns when they disagree', () => {
    const okButUnhealthy = parse(200, seedBody('unhealthy'));
    expect(okButUnhealthy.ok && okButUnhealthy.document.status).toBe('unhealthy');
    expect(okButUnhealthy.ok && okButUnhealthy.document.warnings[0]).toMatch(
      /^HTTP 200 but the body says unhealthy; taking the worse \(unhealthy\)/,
    );

    const downButHealthy = parse(503, seedBody('healthy'));
    expect(downButHealthy.ok && downButHealthy.document.status).toBe('unhealthy');
    expect(downButHealthy.ok && downButHealthy.document.warnings[0]).toMatch(
      /^HTTP 503 but the body says healthy/,
    );

    const partialButHealthy = parse(206, seedBody('healthy'));
    expect(partialButHealthy.ok && partialButHealthy.document.status).toBe('degraded');

    const okButDegraded = parse(200, seedBody('degraded'));
    expect(okButDegraded.ok && okButDegraded.document.status).toBe('degraded');
    expect(okButDegraded.ok && okButDegraded.document.warnings).toHaveLength(1);
  });

  it('flattens details into one escaped line and hides secret-looking values', () => {
    const body = seedBody();
    body.services.payment.details = {
      provider: 'stripe',
      note: 'line one\n::set-output name=x::y',
      apiKey: 'sk_live_abc',
      nested: { a: 1 },
    };
    const result = parse(200, body);
    const payment = result.ok ? result.document.services.find((s) => s.key === 'payment') : undefined;
    expect(payment?.provider).toBe('stripe');
    expect(payment?.detail).toContain('provider=stripe');
    expect(payment?.detail).toContain('apiKey=[redacted]');
    expect(payment?.detail).toContain('nested={"a":1}');
    expect(payment?.detail).not.toContain('sk_live_abc');
    expect(payment?.detail).not.toContain('\n');
    expect(payment?.detail).not.toContain('::');
  });

  it('accepts a summary-only body, with a warning that no service can be named', () => {
    const result = parse(200, { summary: { overallStatus: 'healthy' } });
    expect(result.ok && result.document.services).toEqual([]);
    expect(result.ok && result.document.warnings.join(' ')).toContain('no `services`');
  });

  it('claims bodies with summary.overallStatus or services, and nothing else', () => {
    expect(hemera.claims(jsonAnswer(200, seedBody()))).toBe(true);
    expect(hemera.claims(jsonAnswer(200, { services: {} }))).toBe(true);
    expect(hemera.claims(jsonAnswer(200, { summary: { overallStatus: 'x' } }))).toBe(true);
    expect(hemera.claims(jsonAnswer(200, { status: 'pass' }))).toBe(false);
    expect(hemera.claims(readHealthAnswer(200, 'text/html', '<p>services</p>'))).toBe(false);
  });
});
