import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/main.js';
import { openHistoryStore } from '../../src/history/open-store.js';
import { testDeps } from '../support/deps.js';
import { healthyAppLawfulApis, useWorld } from '../support/world.js';

const world = useWorld({ afterEach: healthyAppLawfulApis });

async function gate(flags: string[], cwd: string) {
  const lines: string[] = [];
  const code = await runCli(flags, {
    env: { PATH: process.env.PATH ?? '' },
    cwd,
    stdout: (l) => lines.push(l),
    stderr: (l) => lines.push(l),
    signal: new AbortController().signal,
  });
  return { code, log: lines.join('\n') };
}

describe('the gate’s history input', () => {
  it('records a verdict on a production deployment as a deployment marker of its project', async () => {
    const cwd = await mkdtemp(join(tmpdir(), 'dhg-gate-marker-'));
    const base = ['--deployment-url', world.app.url, '--vercel-project', 'Shop', '--sha', 'c0ffee0'];
    const run = await gate([...base, '--environment', 'production', '--history', 'dir:hist'], cwd);
    expect(run.code, run.log).toBe(0);
    const deps = testDeps();
    const { snapshot } = await openHistoryStore(`dir:${join(cwd, 'hist')}`, { deps }).read({ rollUps: true });
    await deps.close();
    expect(snapshot.markers.shop).toMatchObject([
      { source: 'gate', target: 'shop', status: 'healthy', reason: 'ok', sha: 'c0ffee0', url: world.app.url },
    ]);
  });

  it('records nothing for a preview, and nothing at all by default', async () => {
    const cwd = await mkdtemp(join(tmpdir(), 'dhg-gate-marker-'));
    const base = ['--deployment-url', world.app.url, '--vercel-project', 'shop', '--sha', 'c0ffee0'];
    expect((await gate([...base, '--environment', 'preview', '--history', 'dir:hist'], cwd)).code).toBe(0);
    const deps = testDeps();
    const { snapshot } = await openHistoryStore(`dir:${join(cwd, 'hist')}`, { deps }).read({ rollUps: true });
    await deps.close();
    expect(snapshot.markers).toEqual({});
    await expect(gate([...base, '--environment', 'production'], cwd)).resolves.toMatchObject({ code: 0 });
  });

  it('refuses a history value it cannot use, naming the input', async () => {
    const run = await gate(['--deployment-url', world.app.url, '--history', 'git:x'], tmpdir());
    expect(run.code).toBe(2);
    expect(run.log).toContain('`--history` is "git:x"');
  });
});
