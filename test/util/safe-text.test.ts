import { describe, expect, it } from 'vitest';
import { registerSecrets } from '../../src/util/mask.js';
import { cut, LOG_LINE_MAX, safeJson, safeLogText, untrusted } from '../../src/util/text.js';
import { HOSTILE_TEXTS, runnerCommands } from '../support/runner-commands.js';

const HOSTILE = HOSTILE_TEXTS;

describe('safe log text', () => {
  it('leaves no workflow command in either of the runner forms, whatever the line ends', () => {
    for (const text of HOSTILE) {
      expect(runnerCommands(safeLogText(text)), text).toEqual([]);
      expect(runnerCommands(untrusted(text)), text).toEqual([]);
      // Embedded after a prefix, as log lines quote remote text.
      expect(runnerCommands(`Health answer: ${untrusted(text)}`), text).toEqual([]);
    }
    expect(runnerCommands(safeLogText(HOSTILE.join('\n')))).toEqual([]);
  });

  it('removes control, C1 and bidi characters but keeps the words', () => {
    const out = safeLogText('bidi \u202eevil\u202c C1 \u009bx zero\u200bwidth');
    expect(out).toBe('bidi evil C1 x zerowidth');
    expect(safeLogText('a ##[add-mask]b')).toBe('a ## [add-mask]b');
  });

  it('is idempotent, so text made safe twice reads the same', () => {
    for (const text of HOSTILE) expect(safeLogText(safeLogText(text))).toBe(safeLogText(text));
  });

  it('cuts every line to the cap with a note, never inside a surrogate pair', () => {
    const long = `${'a'.repeat(LOG_LINE_MAX - 49)}😀${'b'.repeat(300_000)}`;
    const out = safeLogText(long);
    expect(out.length).toBeLessThanOrEqual(LOG_LINE_MAX);
    expect(out).toMatch(/more characters cut\]$/);
    expect(out).not.toMatch(/[\ud800-\udbff](?![\udc00-\udfff])/);
    expect(cut('ab😀c', 4)).toBe('ab…');
    expect(cut('ab😀cd', 5)).toBe('ab😀…');
    expect(untrusted(`${'x'.repeat(9)}😀`, 10)).toBe(`${'x'.repeat(9)}…`);
  });

  it('redacts a registered secret before cutting, so not even its first characters remain', () => {
    const secret = 'bypass-0123456789abcdef';
    registerSecrets([secret]);
    const echoed = `${'x'.repeat(190)}${secret}`;
    expect(untrusted(echoed, 200)).not.toContain('bypass-0');
    expect(untrusted(echoed, 200)).toContain('***');
    // A zero-width character inside the echoed secret does not get it past redaction.
    expect(safeLogText(`key=${secret.slice(0, 5)}\u200b${secret.slice(5)}`)).toBe('key=***');
  });

  it('does not register values too short to be secrets', () => {
    registerSecrets(['1', 'ab']);
    expect(safeLogText('1 ab 12')).toBe('1 ab 12');
  });
});

describe('safe JSON', () => {
  it('parses back to the same value and has no command in it', () => {
    const value = { text: HOSTILE.join('\n'), list: HOSTILE, nested: { '##[x]': '::y::' } };
    const json = safeJson(value, 2);
    expect(JSON.parse(json)).toEqual(value);
    expect(runnerCommands(json)).toEqual([]);
    expect(json).not.toMatch(/[\u0085\u2028\u2029\u202e]/);
  });
});
