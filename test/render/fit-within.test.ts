import { describe, expect, it } from 'vitest';
import { fitWithin, renderServices, summarySections } from '../../src/render/summary.js';
import { manyServicesRun } from '../support/runs.js';

const NOTE = '> ✂️ Truncated; see the JSON report.';

function table(rows: number, width = 40): string {
  return [
    '### Services',
    '',
    '| Status | Service |',
    '|---|---|',
    ...Array.from(
      { length: rows },
      (_, i) => `| ✅ pass | service-${String(i).padStart(4, '0')} ${'x'.repeat(width)} |`,
    ),
  ].join('\n');
}

describe('fitWithin', () => {
  it('returns the sections joined by blank lines, untouched, when they fit', () => {
    expect(fitWithin(['## A', '', 'b\nc'], 100, NOTE)).toBe('## A\n\nb\nc');
  });

  it('drops whole rows from the end of the longest section and appends the note after a blank line', () => {
    const head = '## 🔴 Unhealthy — endpoint\n\nThe database is down.';
    const tail = '### Timings\n\n| | |\n|---|---|\n| Total | 4.2 s |';
    const services = table(100);
    const result = fitWithin([head, services, tail], 2000, NOTE);

    expect(result.length).toBeLessThanOrEqual(2000);
    expect(result.endsWith(`\n\n${NOTE}`)).toBe(true);
    // The short sections survive whole; only the long table lost rows, and only from its end.
    expect(
      result.startsWith(
        `${head}\n\n### Services\n\n| Status | Service |\n|---|---|\n| ✅ pass | service-0000`,
      ),
    ).toBe(true);
    expect(result).toContain(tail);
    const originalLines = new Set(services.split('\n'));
    const keptRows = result.split('\n').filter((l) => l.startsWith('| ✅ pass'));
    expect(keptRows.length).toBeGreaterThan(5);
    expect(keptRows.length).toBeLessThan(100);
    for (const row of keptRows) expect(originalLines.has(row)).toBe(true);
    expect(keptRows).toEqual(
      services
        .split('\n')
        .filter((l) => l.startsWith('| ✅ pass'))
        .slice(0, keptRows.length),
    );
  });

  it('never cuts a line, whatever the limit', () => {
    const sections = ['## Head\n\nmessage', table(60, 13), '- one\n- two\n- three', table(30, 77)];
    const original = new Set(sections.flatMap((s) => s.split('\n')));
    const whole = sections.join('\n\n');
    expect(fitWithin(sections, whole.length, NOTE)).toBe(whole);
    for (let limit = NOTE.length + 2; limit < whole.length; limit += 53) {
      const result = fitWithin(sections, limit, NOTE);
      expect(result.length).toBeLessThanOrEqual(limit);
      expect(result.endsWith(NOTE)).toBe(true);
      for (const line of result.split('\n')) {
        if (line !== NOTE) expect(original.has(line)).toBe(true);
      }
    }
  });

  it('cuts a kept section only once every other section is gone, and then whole rows from its end', () => {
    const rules = table(20, 60).replace('### Services', '### Alert rules');
    const services = table(100);
    const whole = fitWithin(['## Head', services, { text: rules, keep: true }], 100_000, NOTE);
    expect(whole).toBe(`## Head\n\n${services}\n\n${rules}`);

    // Room for the rules but not for the services: the (longer) services table shrinks, the rules stay whole.
    const spared = fitWithin(['## Head', services, { text: rules, keep: true }], rules.length + 800, NOTE);
    expect(spared).toContain(rules);
    expect(spared.endsWith(`\n\n${NOTE}`)).toBe(true);

    // Not even room for the rules: everything else goes, then the rules lose rows from the end.
    const cut = fitWithin(['## Head', services, { text: rules, keep: true }], 800, NOTE);
    expect(cut.length).toBeLessThanOrEqual(800);
    expect(cut).not.toContain('### Services');
    expect(
      cut.startsWith('### Alert rules\n\n| Status | Service |\n|---|---|\n| ✅ pass | service-0000'),
    ).toBe(true);
    for (const line of cut.split('\n')) if (line !== NOTE) expect(rules.split('\n')).toContain(line);
  });

  it('returns only the (cut) note when even the note does not fit', () => {
    expect(fitWithin(['a'.repeat(50)], 10, NOTE)).toBe(NOTE.slice(0, 10));
  });

  it('fits a real summary with all 500 services into the check-run limit without breaking a row', () => {
    const run = manyServicesRun(500, 3, 'detail '.repeat(25));
    const sections = summarySections(run).map((s) =>
      s.startsWith('### Services') ? renderServices(run, 500) : s,
    );
    expect(sections.join('\n\n').length).toBeGreaterThan(65_535);

    const result = fitWithin(sections, 65_535, NOTE);
    expect(result.length).toBeLessThanOrEqual(65_535);
    expect(result.endsWith(`\n\n${NOTE}`)).toBe(true);
    // The failing services were sorted first, so they are the rows that survive.
    expect(result).toContain('| ❌ fail | Svc0497');
    expect(result).toContain('### Timings');
    for (const line of result.split('\n').filter((l) => l.startsWith('|'))) {
      expect(line.endsWith('|')).toBe(true);
    }
  });
});
