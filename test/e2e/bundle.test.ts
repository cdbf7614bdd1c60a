import { mkdir, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runBundle, visibleLog } from '../support/run-bundle.js';
import { useWorld } from '../support/world.js';

// The bundle is minified and split into chunks that are loaded when a run needs them. These tests hold the two
// promises that come with it: a stack trace still names src/ files and lines, and a run loads only what it
// uses (`npm run bench` measures how much that is).
const root = resolve(import.meta.dirname, '..', '..');
const rootPattern = root.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const world = useWorld();

/** The line of `text` in a src/ file, 1-based. */
async function lineOf(file: string, text: string): Promise<number> {
  const lines = (await readFile(join(root, file), 'utf8')).split('\n');
  const index = lines.findIndex((line) => line.includes(text));
  if (index < 0) throw new Error(`${text} is not in ${file}`);
  return index + 1;
}

/** Every source (node_modules/…, src/…) of the bundle files a run loaded, from their source maps. */
async function sourcesLoaded(inputs: Record<string, string>): Promise<string[]> {
  const dir = await mkdtemp(join(tmpdir(), 'dhg-loaded-'));
  const list = join(dir, 'loaded.txt');
  await writeFile(list, '');
  await runBundle({
    inputs,
    dir,
    env: {
      NODE_OPTIONS: `--import=${join(root, 'scripts/bench/js-loaded.mjs')}`,
      DHG_JS_FILE: list,
    },
  });
  const files = [...new Set((await readFile(list, 'utf8')).split('\n'))].filter((f) => f.includes('/dist/'));
  expect(files.length).toBeGreaterThan(0);
  const sources = new Set<string>();
  for (const file of files) {
    const map = JSON.parse(await readFile(`${file}.map`, 'utf8')) as { sources: string[] };
    for (const source of map.sources) sources.add(source.replace(/^(\.\.\/)+/, ''));
  }
  return [...sources];
}

describe('the minified bundle', () => {
  it('names src/ files and lines in a stack trace', async () => {
    // The runner's output file is a folder: writing an output fails, a bug as far as the gate can tell.
    const dir = await mkdtemp(join(tmpdir(), 'dhg-stack-'));
    const folder = join(dir, 'output-is-a-folder');
    await mkdir(folder);
    const run = await runBundle({ dir, env: { GITHUB_OUTPUT: folder } });
    const log = visibleLog(run);
    expect(log).toContain('stopped on an unexpected error: Error: EISDIR');
    const append = await lineOf('src/action/core.ts', 'appendFileSync(file, ');
    expect(log).toMatch(
      new RegExp(`at issueFileCommand \\(${rootPattern}/src/action/core\\.ts:${append}:\\d+\\)`),
    );
    expect(log).toMatch(new RegExp(`at gate \\(${rootPattern}/src/action/main\\.ts:\\d+:\\d+\\)`));
    expect(log).not.toMatch(/dist\/\d+\.index\.js/);
  });

  it('loads neither the Rollbar SDK, YAML, the Vercel gate nor all of undici for a plain healthy run', async () => {
    const sources = await sourcesLoaded({ 'deployment-url': world.app.url, 'health-timeout': '5s' });
    expect(sources).toContain('src/probe/http.ts');
    const unused = [
      'node_modules/rollbar/',
      'node_modules/yaml/',
      'src/config/parse.ts',
      'src/sinks/vercel-gate/gate.ts',
      'node_modules/undici/index.js',
      'node_modules/@actions/core/',
      'node_modules/@octokit/plugin-rest-endpoint-methods/',
    ];
    expect(sources.filter((source) => unused.some((prefix) => source.startsWith(prefix)))).toEqual([]);
  });

  it('reports a configuration error without loading the engine', async () => {
    const sources = await sourcesLoaded({ 'fail-on': 'sometimes' });
    expect(sources).toContain('src/settings/inputs.ts');
    expect(
      sources.filter((source) => /^(src\/app\/engine|src\/probe\/|node_modules\/undici\/)/.test(source)),
    ).toEqual([]);
  });
});
