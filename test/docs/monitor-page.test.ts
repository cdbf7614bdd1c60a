import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import {
  HOURLY_RETENTION_MS,
  hourlyPath,
  LONG_RETENTION_MS,
  RAW_RETENTION_MS,
  runsPath,
  STATE_PATH,
} from '../../src/history/layout.js';
import { HISTORY_SCHEMA_VERSION } from '../../src/history/types.js';
import { MONITOR_INPUTS } from '../../src/monitor/inputs.js';

// docs/monitor.md states numbers and names the code also holds: the inputs and outputs (generated tables),
// the history's paths, retention and schema version, the commit message's `[skip ci]`, and the arithmetic of
// the Actions-minutes table. Here they are held together.
const root = join(import.meta.dirname, '../..');
const page = readFileSync(join(root, 'docs/monitor.md'), 'utf8');
const action = parse(readFileSync(join(root, 'monitor/action.yml'), 'utf8')) as {
  inputs: Record<string, unknown>;
  outputs: Record<string, unknown>;
};
const between = (name: string) =>
  page.slice(page.indexOf(`<!-- ${name}:start -->`), page.indexOf(`<!-- ${name}:end -->`));

describe('docs/monitor.md', () => {
  it('lists every input and output of monitor/action.yml in its generated tables', () => {
    const inputs = between('monitor-inputs');
    const outputs = between('monitor-outputs');
    expect(Object.keys(action.inputs)).toEqual(MONITOR_INPUTS.map((input) => input.name).sort(byAction));
    for (const name of Object.keys(action.inputs)) expect(inputs).toContain(`| \`${name}\` |`);
    for (const name of Object.keys(action.outputs)) expect(outputs).toContain(`| \`${name}\` |`);
  });

  it("describes the history's layout, retention and schema version as the code has them", () => {
    const at = Date.UTC(2025, 9, 12, 10, 5);
    expect(runsPath(at)).toBe('data/runs/2025-10-12/10.json');
    expect(hourlyPath(at)).toBe('data/hourly/2025-10-12.json');
    for (const path of [
      STATE_PATH,
      'data/runs/<YYYY-MM-DD>/<HH>.json',
      'data/hourly/<YYYY-MM-DD>.json',
      'data/daily/<YYYY-MM>.json',
      'data/markers/<YYYY-MM>.json',
      'data/incidents/<YYYY-MM>.json',
    ]) {
      expect(page).toContain(`| \`${path}\` |`);
    }
    expect(RAW_RETENTION_MS / 3_600_000).toBe(48);
    expect(HOURLY_RETENTION_MS / 86_400_000).toBe(90);
    expect(Math.round(LONG_RETENTION_MS / (365 * 86_400_000))).toBe(2);
    expect(page).toContain('| 48 hours |');
    expect(page).toContain('| 90 days |');
    expect(page).toContain('| 2 years |');
    expect(page).toContain(`"schemaVersion": ${HISTORY_SCHEMA_VERSION}`);
    expect(page).toContain('[skip ci]');
  });

  it('has an Actions-minutes table whose numbers add up: one billed minute a run, 30 days', () => {
    const rows = [...page.matchAll(/^\| every (\d+) minutes \| (\d+) \| ([\d,]+) \|$/gm)];
    expect(rows.map((row) => Number(row[1]))).toEqual([5, 10, 15, 30]);
    for (const [, every, runs, minutes] of rows) {
      expect(Number(runs)).toBe((24 * 60) / Number(every));
      expect(Number(minutes?.replace(',', ''))).toBe(Number(runs) * 30);
    }
  });
});

/** monitor/action.yml's order, for comparing the two lists as sets with a readable diff. */
function byAction(a: string, b: string): number {
  const order = Object.keys(action.inputs);
  return order.indexOf(a) - order.indexOf(b);
}
