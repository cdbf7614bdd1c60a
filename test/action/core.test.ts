import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as actionsCore from '@actions/core';
import { afterEach, describe, expect, it, vi } from 'vitest';
import * as core from '../../src/action/core.js';
import { parseFileCommand } from '../support/run-bundle.js';

// src/action/core.ts speaks to the runner in place of `@actions/core` (which is not bundled): for every call the
// action makes, it must write exactly what `@actions/core` writes. Each scenario runs against both, and the
// transcripts (standard output, the files of the file commands, the exit code, what was returned or thrown)
// must be the same, but for the random delimiter of the file commands.

type Core = typeof core;

/** What a scenario left behind: everything the runner would read. */
interface Transcript {
  stdout: string;
  files: Record<string, string>;
  exitCode: number | string | undefined;
  results: unknown[];
}

const savedEnv = { ...process.env };
const savedExitCode = process.exitCode;
afterEach(() => {
  for (const name of Object.keys(process.env)) if (!(name in savedEnv)) delete process.env[name];
  Object.assign(process.env, savedEnv);
  process.exitCode = savedExitCode;
});

async function transcript(
  impl: Core,
  env: Record<string, string | undefined>,
  scenario: (impl: Core) => Promise<unknown[]> | unknown[],
): Promise<Transcript> {
  const dir = await mkdtemp(join(tmpdir(), 'dhg-core-'));
  const files = { GITHUB_OUTPUT: 'output', GITHUB_STATE: 'state', GITHUB_STEP_SUMMARY: 'summary' };
  for (const [name, file] of Object.entries(files)) {
    await writeFile(join(dir, file), '');
    process.env[name] = join(dir, file);
  }
  for (const [name, value] of Object.entries(env)) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
  process.exitCode = undefined;
  // `@actions/core` remembers the summary's path after its first write; each scenario starts afresh.
  (impl.summary as unknown as { _filePath?: string })._filePath = undefined;
  let stdout = '';
  const write = process.stdout.write;
  process.stdout.write = ((chunk: string) => {
    stdout += chunk;
    return true;
  }) as typeof process.stdout.write;
  let results: unknown[];
  try {
    results = await scenario(impl);
  } catch (error) {
    results = [`threw: ${(error as Error).message}`];
  } finally {
    process.stdout.write = write;
  }
  const written: Record<string, string> = {};
  for (const file of Object.values(files)) written[file] = await readFile(join(dir, file), 'utf8');
  const delimiters = (text: string) => text.replace(/ghadelimiter_[0-9a-f-]{36}/g, 'ghadelimiter_…');
  return {
    stdout: delimiters(stdout.replaceAll(dir, '<dir>')),
    files: Object.fromEntries(Object.entries(written).map(([file, text]) => [file, delimiters(text)])),
    exitCode: process.exitCode,
    results: results.map((result) => (typeof result === 'string' ? result.replaceAll(dir, '<dir>') : result)),
  };
}

async function expectSameAsActionsCore(
  scenario: (impl: Core) => Promise<unknown[]> | unknown[],
  env: Record<string, string | undefined> = {},
) {
  const ours = await transcript(core, env, scenario);
  const theirs = await transcript(actionsCore as unknown as Core, env, scenario);
  expect(ours).toEqual(theirs);
  return ours;
}

const awkward = 'a % b\r\nc: d, e\n::set-output name=x::y';

describe('the runner interface writes what @actions/core writes', () => {
  it('reads inputs as the runner passes them, trimmed', async () => {
    const ours = await expectSameAsActionsCore(
      (c) => [c.getInput('deployment-url'), c.getInput('with space'), c.getInput('missing')],
      { 'INPUT_DEPLOYMENT-URL': '  https://x.example \n', INPUT_WITH_SPACE: 'v' },
    );
    expect(ours.results).toEqual(['https://x.example', 'v', '']);
  });

  it('masks, logs and annotates with the same commands and escaping', async () => {
    await expectSameAsActionsCore((c) => {
      c.setSecret(awkward);
      c.info(awkward);
      c.debug(awkward);
      c.warning(awkward);
      c.error(awkward, { title: awkward });
      c.notice(awkward, { title: '' });
      c.warning('at a place', { title: 't', file: 'a.yml', startLine: 3, endLine: 4, startColumn: 1 });
      return [];
    });
  });

  it('fails the step: an error annotation and exit code 1', async () => {
    const ours = await expectSameAsActionsCore((c) => {
      c.setFailed(awkward);
      return [];
    });
    expect(ours.exitCode).toBe(1);
  });

  it('writes outputs and state to the file commands, values of any shape', async () => {
    const ours = await expectSameAsActionsCore((c) => {
      c.setOutput('status', 'healthy');
      c.setOutput('multi', awkward);
      c.setOutput('json', { a: [1, 2] });
      c.setOutput('empty', '');
      c.saveState('finished', 'true');
      c.saveState('web:check-run-id', 42);
      return [];
    });
    expect(ours.files.output).toContain('status<<ghadelimiter_…');
  });

  it('falls back to the old commands where the runner has no files', async () => {
    await expectSameAsActionsCore(
      (c) => {
        c.setOutput('status', awkward);
        c.saveState('finished', 'true');
        return [];
      },
      { GITHUB_OUTPUT: undefined, GITHUB_STATE: undefined },
    );
  });

  it('reads the state the main step saved', async () => {
    await expectSameAsActionsCore((c) => [c.getState('finished'), c.getState('absent')], {
      STATE_finished: 'true',
    });
  });

  it('appends to the job summary, and fails the same way without one', async () => {
    const ours = await expectSameAsActionsCore(async (c) => {
      await c.summary
        .addHeading('🔴 Deployment health gate: configuration error', 2)
        .addRaw('\n\nbody')
        .write();
      await c.summary.addRaw('more\n').write();
      return [];
    });
    expect(ours.files.summary).toContain('<h2>🔴 Deployment health gate: configuration error</h2>');
    await expectSameAsActionsCore(
      async (c) => {
        await c.summary.addRaw('x').write();
        return [];
      },
      { GITHUB_STEP_SUMMARY: undefined },
    );
    await expectSameAsActionsCore(
      async (c) => {
        await c.summary.addRaw('x').write();
        return [];
      },
      { GITHUB_STEP_SUMMARY: join(tmpdir(), 'no-such-folder-dhg', 'summary.md') },
    );
  });

  it('never uses a delimiter the value contains, so a value cannot end its entry early', async () => {
    // The first delimiter drawn is all zeros; the value holds it, as if it had been guessed.
    const guessed = 'ghadelimiter_00000000-0000-4000-8000-000000000000';
    const value = `x\n${guessed}\ninjected=true`;
    const random = vi.spyOn(Math, 'random');
    for (let i = 0; i < 32; i++) random.mockReturnValueOnce(0);
    try {
      const output = join(await mkdtemp(join(tmpdir(), 'dhg-core-')), 'output');
      await writeFile(output, '');
      process.env.GITHUB_OUTPUT = output;
      core.setOutput('status', value);
      expect(parseFileCommand(await readFile(output, 'utf8'))).toEqual({ status: value });
    } finally {
      random.mockRestore();
    }
  });
});
