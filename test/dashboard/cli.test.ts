import { mkdtemp, readdir, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/main.js';
import { SITE_ASSETS } from '../../src/dashboard/assets.generated.js';
import { healthyAppLawfulApis, useWorld } from '../support/world.js';

// `deployment-health-gate dashboard` and `deployment-health-gate monitor --serve`, run in-process.

const world = useWorld({ afterEach: healthyAppLawfulApis });

function cli(argv: string[], cwd: string, signal = new AbortController().signal) {
  const stdout: string[] = [];
  const stderr: string[] = [];
  const done = runCli(argv, {
    env: { PATH: process.env.PATH ?? '' },
    cwd,
    stdout: (line) => stdout.push(line),
    stderr: (line) => stderr.push(line),
    signal,
  });
  return { done, stdout, stderr };
}

async function run(argv: string[], cwd: string) {
  const { done, stdout, stderr } = cli(argv, cwd);
  const code = await done;
  return { code, stdout: stdout.join('\n'), stderr: stderr.join('\n') };
}

async function files(root: string): Promise<string[]> {
  const entries = await readdir(root, { recursive: true, withFileTypes: true });
  return entries
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name).slice(root.length + 1))
    .sort();
}

const monitorFlags = (history: string) => [
  'monitor',
  '--targets',
  `shop=${world.app.url}`,
  '--samples',
  '1',
  '--history',
  history,
  '--incidents',
  'none',
];

describe('deployment-health-gate dashboard', () => {
  it('writes the site and the history’s data into --out, and says how to open it', async () => {
    const cwd = await mkdtemp(join(tmpdir(), 'dhg-dash-cli-'));
    expect((await run([...monitorFlags('dir:hist'), '--dashboard', 'false'], cwd)).code).toBe(0);
    const out = await run(['dashboard', '--history', 'dir:hist', '--out', 'site', '--every', '1m'], cwd);
    expect(out.stderr).toBe('');
    expect(out.code).toBe(0);
    expect(out.stdout).toContain(`Dashboard written to ${join(cwd, 'site')}`);
    expect(out.stdout).toContain(`dashboard --history dir:${join(cwd, 'site')} --serve 127.0.0.1:8080`);
    const written = await files(join(cwd, 'site'));
    const data = (await files(join(cwd, 'hist'))).filter((p) => p.startsWith('data/'));
    expect(data).toContain('data/state.json');
    expect(written).toEqual([...Object.keys(SITE_ASSETS), 'dashboard.json', ...data].sort());
    expect(JSON.parse(await readFile(join(cwd, 'site', 'dashboard.json'), 'utf8'))).toMatchObject({
      schemaVersion: 1,
      refreshSeconds: 30,
      intervalSeconds: 60,
      dispatchUrl: null,
    });
    // Again: nothing changed, nothing written.
    expect((await run(['dashboard', '--history', 'dir:hist', '--out', 'site'], cwd)).stdout).toMatch(
      /\(1 file changed\)/, // dashboard.json: the interval is back at its default
    );
  });

  it('serves a history folder’s dashboard with --serve until Ctrl-C', async () => {
    const cwd = await mkdtemp(join(tmpdir(), 'dhg-dash-serve-'));
    expect((await run([...monitorFlags('dir:hist'), '--dashboard', 'false'], cwd)).code).toBe(0);
    const stop = new AbortController();
    const served = cli(['dashboard', '--history', 'dir:hist', '--serve', '127.0.0.1:0'], cwd, stop.signal);
    const deadline = Date.now() + 5000;
    while (!served.stdout.some((line) => line.includes('http://')) && Date.now() < deadline) {
      await new Promise((done) => setTimeout(done, 20));
    }
    const url = /(http:\/\/127\.0\.0\.1:\d+\/)/.exec(served.stdout.join('\n'))?.[1] ?? '';
    expect(url).not.toBe('');
    const page = await fetch(url);
    expect(page.headers.get('content-security-policy')).toBe("default-src 'self'");
    expect(await page.text()).toContain('assets/dashboard.js');
    const state = await fetch(`${url}data/state.json`);
    expect(state.status).toBe(200);
    expect(await readFile(join(cwd, 'hist', 'data', 'state.json'), 'utf8')).toBe(await state.text());
    stop.abort();
    expect(await served.done).toBe(0);
  });

  it('refuses a branch history, a missing --out and unknown flags, with exit status 2', async () => {
    const cwd = await mkdtemp(join(tmpdir(), 'dhg-dash-cli-'));
    const branch = await run(['dashboard', '--history', 'branch:data', '--out', 'x'], cwd);
    expect(branch.code).toBe(2);
    expect(branch.stderr).toMatch(/--history must be a folder \(dir:PATH\)/);
    const noOut = await run(['dashboard', '--history', 'dir:x'], cwd);
    expect([noOut.code, noOut.stderr]).toEqual([
      2,
      expect.stringMatching(/--out DIR \(where to write the site\) or --serve HOST:PORT is needed/),
    ]);
    expect((await run(['dashboard', '--bogus', '1', '--out', 'x'], cwd)).code).toBe(2);
    const help = await run(['dashboard', '--help'], cwd);
    expect([help.code, help.stdout]).toEqual([0, expect.stringContaining('--history dir:PATH')]);
  });
});

describe('deployment-health-gate monitor --serve', () => {
  it('serves the live page of the history folder, refreshed every second, until Ctrl-C', async () => {
    const cwd = await mkdtemp(join(tmpdir(), 'dhg-serve-cli-'));
    const stop = new AbortController();
    const { done, stdout } = cli([...monitorFlags('dir:live'), '--serve', '127.0.0.1:0'], cwd, stop.signal);
    let url: string | undefined;
    let state: { states?: { target: string }[] } | undefined;
    for (let i = 0; i < 200 && !state?.states?.length; i++) {
      await new Promise((r) => setTimeout(r, 50));
      url ??= /Dashboard: (http:\/\/127\.0\.0\.1:\d+\/)/.exec(stdout.join('\n'))?.[1];
      if (!url) continue;
      const answer = await fetch(new URL('data/state.json', url));
      if (answer.ok) state = (await answer.json()) as typeof state;
    }
    expect(url).toBeDefined();
    expect(state?.states?.map((s) => s.target)).toEqual(['shop']);
    const page = await fetch(url as string);
    expect(page.headers.get('content-security-policy')).toBe("default-src 'self'");
    expect(await page.text()).toBe(SITE_ASSETS['index.html']);
    const config = (await (await fetch(new URL('dashboard.json', url))).json()) as Record<string, unknown>;
    expect(config.refreshSeconds).toBe(1);
    stop.abort();
    expect(await done).toBe(0);
    await expect(fetch(url as string)).rejects.toThrow();
  });

  it('needs a dir: history', async () => {
    const cwd = await mkdtemp(join(tmpdir(), 'dhg-serve-cli-'));
    const out = await run([...monitorFlags('branch:health'), '--serve', '127.0.0.1:0'], cwd);
    expect(out.code).toBe(2);
    expect(out.stderr).toMatch(/--serve serves a history folder: give --history dir:PATH/);
    const bad = await run([...monitorFlags('dir:x'), '--serve', 'nowhere'], cwd);
    expect([bad.code, bad.stderr]).toEqual([2, expect.stringMatching(/--serve is "nowhere"/)]);
  });
});
