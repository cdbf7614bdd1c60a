import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/main.js';
import { seedDirHistory, seededRuns } from '../support/seed-history.js';
import { healthyAppLawfulApis, useWorld } from '../support/world.js';

// Baseline rules in the gate, end to end through the CLI: the sample app answers the gate's samples, and
// production's history is a folder the monitor would have written.

const world = useWorld({ afterEach: healthyAppLawfulApis });
const MIN = 60_000;

const CONFIG = `rules:
  - id: slower_than_production
    name: Slower than production
    condition: { metric: p95_response_time, operator: gt, baseline: production, factor: 1.5, window: 24h }
    severity: critical
`;

async function gateRun(history: (root: string) => Promise<void>, config = CONFIG) {
  const cwd = await mkdtemp(join(tmpdir(), 'dhg-baseline-'));
  await writeFile(join(cwd, 'rules.yml'), config);
  await history(join(cwd, 'hist'));
  const lines: string[] = [];
  const report = join(cwd, 'report.json');
  const code = await runCli(
    [
      '--deployment-url',
      world.app.url,
      '--vercel-project',
      'shop',
      '--sha',
      'c0ffee0',
      '--environment',
      'preview',
      '--history',
      'dir:hist',
      '--config',
      'rules.yml',
      '--json',
      report,
    ],
    {
      env: { PATH: process.env.PATH ?? '' },
      cwd,
      stdout: (l) => lines.push(l),
      stderr: (l) => lines.push(l),
      signal: new AbortController().signal,
    },
  );
  const { readFile } = await import('node:fs/promises');
  const json = JSON.parse(await readFile(report, 'utf8'));
  const rule = json.evaluation.rules.find((r: { id: string }) => r.id.startsWith('slower'));
  return { code, log: lines.join('\n'), rule, json };
}

describe('baseline rules in the gate', () => {
  it('fails a preview three times slower than production was, and says by how much', async () => {
    world.app.setMode('slow', { delayMs: 300 });
    const now = Date.now();
    const run = await gateRun((root) =>
      seedDirHistory(
        root,
        seededRuns('shop', now, 24 * 60 * MIN, 5 * MIN, () => 100),
      ),
    );
    expect(run.code, run.log).toBe(1);
    expect(run.rule).toMatchObject({
      state: 'triggered',
      baseline: { against: 'production', factor: 1.5, window: 86_400, target: null },
      threshold: null,
      limit: 150,
    });
    expect(run.rule.value).toBeGreaterThanOrEqual(300);
    // About 288 runs of 3 samples: every run of the last 24 h (the oldest may have just left the window).
    expect(run.rule.note).toMatch(
      /^p95_response_time \d+(\.\d)? ms is [3-9]\.\d× production's 24 h p95_response_time \(100 ms, 8[0-9]{2} samples from 28[0-9] runs of shop\); limit 1\.5× \(150 ms\)$/,
    );
    expect(run.log).toContain("production's 24 h p95_response_time (100 ms");
  });

  it('passes a preview as fast as production', async () => {
    world.app.setMode('slow', { delayMs: 300 });
    const now = Date.now();
    const run = await gateRun((root) =>
      seedDirHistory(
        root,
        seededRuns('shop', now, 24 * 60 * MIN, 5 * MIN, () => 1000),
      ),
    );
    expect(run.code, run.log).toBe(0);
    expect(run.rule).toMatchObject({ state: 'ok', limit: 1500 });
  });

  it('skips the rule with the reason when production has too little history, never guessing', async () => {
    const now = Date.now();
    const run = await gateRun((root) =>
      seedDirHistory(
        root,
        seededRuns('shop', now, 20 * MIN, 5 * MIN, () => 1),
      ),
    );
    expect(run.code, run.log).toBe(0);
    expect(run.rule.state).toBe('skipped');
    expect(run.rule.note).toMatch(/4 runs/);
    expect(run.rule.note).toMatch(/at least/);
  });

  it('says which target it looked for when production has no runs under that name', async () => {
    const now = Date.now();
    const run = await gateRun((root) =>
      seedDirHistory(
        root,
        seededRuns('web-prod', now, 24 * 60 * MIN, 5 * MIN, () => 100),
      ),
    );
    expect(run.rule.state).toBe('skipped');
    expect(run.rule.note).toContain('holds no runs of `shop` in the last 24 h');
    expect(run.rule.note).toContain("rule's `target`");
  });

  it('does not hold a deployment to a multiple of 0: production without errors skips an error-rate baseline', async () => {
    const now = Date.now();
    const run = await gateRun(
      (root) =>
        seedDirHistory(
          root,
          seededRuns('shop', now, 24 * 60 * MIN, 5 * MIN, () => 100),
        ),
      `rules:
  - id: slower_errors
    condition: { metric: error_rate, operator: gt, baseline: production, factor: 2 }
    severity: critical
`,
    );
    expect(run.code, run.log).toBe(0);
    expect(run.rule.state).toBe('skipped');
    expect(run.rule.note).toMatch(/error_rate \(0%, \d+ samples from \d+ runs of shop\) is not above 0/);
  });

  it('skips the rule when no history is given, saying which input to set', async () => {
    const cwd = await mkdtemp(join(tmpdir(), 'dhg-baseline-'));
    await writeFile(join(cwd, 'rules.yml'), CONFIG);
    const report = join(cwd, 'report.json');
    const code = await runCli(
      ['--deployment-url', world.app.url, '--config', 'rules.yml', '--json', report],
      {
        env: { PATH: process.env.PATH ?? '' },
        cwd,
        stdout: () => {},
        stderr: () => {},
        signal: new AbortController().signal,
      },
    );
    expect(code).toBe(0);
    const { readFile } = await import('node:fs/promises');
    const rule = JSON.parse(await readFile(report, 'utf8')).evaluation.rules.find(
      (r: { id: string }) => r.id === 'slower_than_production',
    );
    expect(rule).toMatchObject({ state: 'skipped' });
    expect(rule.note).toContain('no `history` is set');
  });
});
