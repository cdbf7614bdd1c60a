import { execFileSync } from 'node:child_process';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseArgs } from '../../src/cli/args.js';
import { localContext } from '../../src/cli/local-context.js';

describe('parseArgs', () => {
  it('reads inputs as `--name value` and `--name=value`, switches alone, and `--json -`', () => {
    const args = parseArgs([
      '--deployment-url',
      'https://web.vercel.app',
      '--health-path=/healthz',
      '--promote',
      '--force-check',
      'false',
      '--json',
      '-',
    ]);
    expect(Object.fromEntries(args.inputs)).toEqual({
      'deployment-url': 'https://web.vercel.app',
      'health-path': '/healthz',
      promote: 'true',
      'force-check': 'false',
    });
    expect(args.json).toBe('-');
  });

  it('refuses what it does not know, naming the nearest flag, and a flag without its value', () => {
    expect(() => parseArgs(['--vercel-projet', 'web'])).toThrow(
      /unknown flag --vercel-projet \(did you mean "vercel-project"\?\)/,
    );
    expect(() => parseArgs(['web'])).toThrow(/"web" is not a flag/);
    expect(() => parseArgs(['--sha'])).toThrow(/--sha needs a value/);
  });
});

describe('localContext', () => {
  it('takes GITHUB_SHA when a runner sets it, else the checked-out commit', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'dhg-git-'));
    const git = (...args: string[]) =>
      execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.com', ...args], {
        cwd: dir,
        encoding: 'utf8',
      }).trim();
    git('init', '-q');
    git('commit', '-q', '--allow-empty', '-m', 'first');
    const head = git('rev-parse', 'HEAD');
    expect(localContext({}, dir)).toMatchObject({ sha: head, workspace: dir, owner: '' });
    expect(localContext({ GITHUB_SHA: 'a'.repeat(40) }, dir).sha).toBe('a'.repeat(40));
    expect(localContext({}, tmpdir()).sha).toBe('');
  });
});
