import { describe, expect, it } from 'vitest';
import { backoffDelay } from '../../src/clients/backoff.js';
import { serverRequestedDelay } from '../../src/clients/retry-after.js';
import { abortableSleep } from '../../src/util/clock.js';
import { redact } from '../../src/util/mask.js';
import { formatDuration, safeLogText, tableCell, untrusted } from '../../src/util/text.js';

describe('backoffDelay', () => {
  const policy = { initialMs: 1000, factor: 2, maxMs: 8000, jitter: 0.5 };

  it('grows exponentially up to the cap', () => {
    expect([0, 1, 2, 3, 4, 9].map((n) => backoffDelay(n, policy, () => 1))).toEqual([
      1000, 2000, 4000, 8000, 8000, 8000,
    ]);
  });

  it('keeps at least (1 - jitter) of the nominal delay', () => {
    expect(backoffDelay(1, policy, () => 0)).toBe(1000);
    expect(backoffDelay(1, policy, () => 0.5)).toBe(1500);
  });
});

describe('serverRequestedDelay', () => {
  const now = Date.parse('2026-11-27T12:00:00Z');

  it('reads Retry-After in seconds and as an HTTP date', () => {
    expect(serverRequestedDelay({ 'retry-after': '3' }, now)).toBe(3000);
    expect(serverRequestedDelay({ 'retry-after': 'Fri, 27 Nov 2026 12:00:05 GMT' }, now)).toBe(5000);
  });

  it('reads an exhausted rate limit window', () => {
    expect(
      serverRequestedDelay(
        { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String(now / 1000 + 7) },
        now,
      ),
    ).toBe(7000);
    expect(
      serverRequestedDelay({ 'x-ratelimit-remaining': '10', 'x-ratelimit-reset': '1' }, now),
    ).toBeUndefined();
  });
});

describe('abortableSleep', () => {
  it('rejects promptly with the abort reason', async () => {
    const controller = new AbortController();
    const started = Date.now();
    const sleeping = abortableSleep(10_000, controller.signal);
    setTimeout(() => controller.abort(new Error('stop')), 20);
    await expect(sleeping).rejects.toThrow('stop');
    expect(Date.now() - started).toBeLessThan(1000);
  });
});

describe('remote text', () => {
  it('cannot start a workflow command or span lines', () => {
    const text = untrusted('ok\n::set-output name=status::healthy\r\n::add-mask::x');
    expect(text).not.toContain('\n');
    expect(text).not.toContain('::');
  });

  it('is escaped for Markdown tables', () => {
    expect(tableCell('a|b<script>')).toBe('a\\|b&lt;script&gt;');
  });

  it('is cut to length', () => {
    expect(untrusted('x'.repeat(500), 10)).toHaveLength(10);
  });
});

describe('runner logger helpers', () => {
  it('redacts secrets and neutralises command lines', () => {
    expect(redact('token abcd1234 used', ['abcd1234'])).toBe('token *** used');
    expect(safeLogText('fine\n  ::error::boom')).toBe('fine\n  : :error::boom');
  });
});

describe('formatDuration', () => {
  it('reads as a person writes it, and rounding never shows 60 s or 1000 ms', () => {
    expect(formatDuration(850)).toBe('850 ms');
    expect(formatDuration(999.6)).toBe('1.0 s');
    expect(formatDuration(4200)).toBe('4.2 s');
    expect(formatDuration(59_960)).toBe('1 min');
    expect(formatDuration(119_600)).toBe('2 min');
    expect(formatDuration(185_000)).toBe('3 min 5 s');
    expect(formatDuration(3_599_700)).toBe('60 min');
  });
});
