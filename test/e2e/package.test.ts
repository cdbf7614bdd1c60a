import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { runNode } from '../support/run-bundle.js';

// The npm package, as someone installs it: `npm pack` makes the tarball, a fresh project installs it with
// `--offline` (dist/ is a bundle, so the package declares no runtime dependencies and needs no registry), and
// its bin answers `--version` and `--help`.
const root = resolve(import.meta.dirname, '..', '..');
const run = promisify(execFile);

describe('the npm package', () => {
  it('packs dist/ and the docs, installs offline, and its bin runs', async () => {
    const work = await mkdtemp(join(tmpdir(), 'dhg-pack-'));
    const { stdout } = await run('npm', ['pack', '--json', '--pack-destination', work], { cwd: root });
    const [packed] = JSON.parse(stdout) as [{ filename: string; files: { path: string }[] }];
    const files = packed.files.map((file) => file.path);
    expect(files).toEqual(
      expect.arrayContaining([
        'package.json',
        'README.md',
        'LICENSE',
        'action.yml',
        'dist/index.js',
        'dist/post/index.js',
        'dist/cli/index.js',
        'dist/cli/index.js.map',
      ]),
    );
    expect(files.filter((file) => !/^(dist\/|[^/]+$)/.test(file))).toEqual([]);

    const project = join(work, 'project');
    await mkdir(project);
    await writeFile(join(project, 'package.json'), JSON.stringify({ name: 'try-it', private: true }));
    await run('npm', ['install', '--offline', '--no-audit', '--no-fund', join(work, packed.filename)], {
      cwd: project,
    });
    const pkg = JSON.parse(await readFile(join(root, 'package.json'), 'utf8')) as { version: string };
    const bin = join(project, 'node_modules', '.bin', 'deployment-health-gate');

    // As npx runs it: the bin link, through its `#!/usr/bin/env node` line.
    const direct = await run(bin, ['--version'], { cwd: project });
    expect(direct.stdout.trim()).toBe(pkg.version);

    // And under the Node of this test run (NODE_BIN: Node 24 in CI's second pass).
    const env = { PATH: process.env.PATH ?? '', HOME: project };
    const version = await runNode([bin, '--version'], { cwd: project, env });
    expect(version).toMatchObject({ code: 0, stdout: `${pkg.version}\n` });
    const help = await runNode([bin, '--help'], { cwd: project, env });
    expect(help.code).toBe(0);
    expect(help.stdout).toContain(`deployment-health-gate ${pkg.version}`);
    expect(help.stdout).toContain('--deployment-url');
  }, 120_000);
});
