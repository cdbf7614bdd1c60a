import { describe, expect, it } from 'vitest';
import { interpret, readHealthAnswer } from '../../src/formats/index.js';
import { statusCode } from '../../src/formats/status-code.js';
import { jsonAnswer, seedBody } from './fixtures.js';

describe('status-code format', () => {
  it.each([
    [200, 'healthy'],
    [204, 'healthy'],
    [206, 'healthy'],
    [404, 'unhealthy'],
    [500, 'unhealthy'],
    [503, 'unhealthy'],
  ])('HTTP %i is %s, whatever the body says', (code, expected) => {
    const result = statusCode.parse(jsonAnswer(code, seedBody(code < 300 ? 'unhealthy' : 'healthy')));
    expect(result.ok && result.document).toEqual({
      format: 'status-code',
      status: expected,
      services: [],
      warnings: [],
    });
  });

  it('is what interpret gives when asked for explicitly, with the body ignored', () => {
    const meaning = interpret(readHealthAnswer(200, 'text/html', '<html></html>'), 'status-code');
    expect(meaning).toMatchObject({ kind: 'document', bodyIgnored: true, document: { status: 'healthy' } });
  });
});

describe('auto detection', () => {
  it('takes application/health+json as health+json', () => {
    const meaning = interpret(jsonAnswer(200, { status: 'warn' }, 'application/health+json'), 'auto');
    expect(meaning).toMatchObject({
      kind: 'document',
      document: { format: 'health+json', status: 'degraded' },
    });
  });

  it('takes a plain JSON body with a draft status word as health+json', () => {
    const meaning = interpret(jsonAnswer(200, { status: 'pass' }), 'auto');
    expect(meaning).toMatchObject({ kind: 'document', document: { format: 'health+json' } });
  });

  it('takes the original design body as hemera', () => {
    const meaning = interpret(jsonAnswer(206, seedBody('degraded')), 'auto');
    expect(meaning).toMatchObject({
      kind: 'document',
      bodyIgnored: false,
      document: { format: 'hemera', status: 'degraded' },
    });
  });

  it('reports a hemera body with a broken field as broken hemera, not as something else', () => {
    const body = seedBody();
    body.summary.overallStatus = 'great';
    expect(interpret(jsonAnswer(200, body), 'auto')).toEqual({
      kind: 'broken',
      format: 'hemera',
      error: '`summary.overallStatus` is "great"; expected one of healthy, degraded, unhealthy',
    });
  });

  it('never passes JSON of no known shape, or broken JSON, as healthy', () => {
    expect(interpret(jsonAnswer(200, { ok: true }), 'auto')).toMatchObject({
      kind: 'broken',
      format: 'auto',
    });
    expect(interpret(jsonAnswer(200, []), 'auto')).toMatchObject({ kind: 'broken', format: 'auto' });
    expect(interpret(jsonAnswer(200, '{"summary": {"overallStatus": "heal'), 'auto')).toMatchObject({
      kind: 'broken',
      format: 'auto',
      error: expect.stringMatching(/^the body looks like JSON but does not parse/),
    });
    // JSON-looking without a JSON content type is still held to JSON
    expect(interpret(readHealthAnswer(200, 'text/plain', '{"summary":'), 'auto')).toMatchObject({
      kind: 'broken',
    });
  });

  it('judges a non-JSON answer by its HTTP code, and says so', () => {
    const page = interpret(
      readHealthAnswer(200, 'text/html; charset=utf-8', '<!doctype html><p>OK</p>'),
      'auto',
    );
    expect(page).toMatchObject({
      kind: 'document',
      bodyIgnored: true,
      document: { format: 'status-code', status: 'healthy' },
    });
    expect(page.kind === 'document' && page.document.warnings[0]).toMatch(
      /^The health endpoint sent no health document \(text\/html, starting "<!doctype html><p>OK<\/p>"\); judged by HTTP 200 alone\.$/,
    );
    expect(interpret(readHealthAnswer(204, undefined, ''), 'auto')).toMatchObject({
      document: { status: 'healthy' },
    });
    expect(interpret(readHealthAnswer(410, 'text/plain', 'gone'), 'auto')).toMatchObject({
      document: { status: 'unhealthy' },
    });
  });

  it('holds an explicit format to its shape', () => {
    expect(interpret(jsonAnswer(200, { status: 'pass' }), 'hemera')).toMatchObject({
      kind: 'broken',
      format: 'hemera',
    });
    expect(interpret(jsonAnswer(200, seedBody()), 'health+json')).toMatchObject({
      kind: 'broken',
      format: 'health+json',
      error: expect.stringContaining('`status` is missing'),
    });
  });
});
