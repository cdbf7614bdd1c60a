import { spawn } from 'node:child_process';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { nodeCommand } from '../support/run-bundle.js';
import { useWorld } from '../support/world.js';

// `deployment-health-gate … 2>&1 | head -1`: the reader closes the pipe after one line. The verdict's exit
// code must not change because nobody reads the rest.
const root = resolve(import.meta.dirname, '..', '..');
const world = useWorld({
  afterEach: (world) => {
    world.app.setMode('healthy');
  },
});

/** Runs the CLI and closes both of its pipes as soon as it has printed its first bytes. */
async function cliWithClosedPipes(args: string[]): Promise<{ code: number | null; firstBytes: string }> {
  const cwd = await mkdtemp(join(tmpdir(), 'dhg-pipes-'));
  const [command, ...prefix] = nodeCommand();
  const child = spawn(command as string, [...prefix, join(root, 'dist/cli/index.js'), ...args], {
    cwd,
    env: { PATH: process.env.PATH ?? '', HOME: cwd, GIT_CEILING_DIRECTORIES: tmpdir() },
    stdio: 'pipe',
  });
  let firstBytes = '';
  const closeBoth = (chunk: Buffer) => {
    firstBytes ||= chunk.toString();
    child.stdout.destroy();
    child.stderr.destroy();
  };
  child.stdout.once('data', closeBoth);
  child.stderr.once('data', closeBoth);
  const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
  const code = await new Promise<number | null>((done) => child.on('exit', (c) => done(c)));
  clearTimeout(timer);
  return { code, firstBytes };
}

describe('the CLI behind a pipe that closes early', () => {
  it('still exits 0 for a healthy deployment', async () => {
    const run = await cliWithClosedPipes(['--deployment-url', world.app.url, '--health-timeout', '5s']);
    expect(run.firstBytes).not.toBe('');
    expect(run.code).toBe(0);
  });

  it('still exits 1 for an unhealthy one', async () => {
    world.app.setMode('unhealthy');
    const run = await cliWithClosedPipes(['--deployment-url', world.app.url, '--health-timeout', '5s']);
    expect(run.code).toBe(1);
  });
});
