// The action's weight: how much JavaScript a full healthy run loads, how fast the bundle starts against
// `node -e 0`, and its peak resident memory. Measurements, not pass/fail checks: each figure is printed beside
// its target for the reader to compare.
//
// "JavaScript loaded" is counted, not estimated from file sizes: the run gets `--import js-loaded.mjs`, which
// records every file module the process loads (a module loader hook sees the ES modules, the entry and each
// chunk it imports; `require.cache` holds the CommonJS ones, such as a peer action's bundle), and the figure is
// the sum of those files' sizes. Node's own modules are built into the binary and read from no file. Peak
// memory is `process.resourceUsage().maxRSS` at exit (rss-probe.mjs), from runs without the loader hook.
import { spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { nodeCommand, runBundle } from '../../test/support/run-bundle.js';
import { startWorld } from '../../test/world/index.js';
import { median } from './stats.js';

const root = resolve(import.meta.dirname, '..', '..');
const jsProbe = join(import.meta.dirname, 'js-loaded.mjs');
const rssProbe = join(root, 'scripts', 'rss-probe.mjs');

/** The targets. */
export const TARGETS = { jsBytes: 1_500_000, startRatio: 2.5, rssBytes: 90_000_000 };

export interface Weight {
  /** JavaScript files a full healthy run loaded, and their size in bytes. */
  js: { bytes: number; files: string[] };
  /** Cold start: median wall time of the bundle and of `node -e 0` (same binary, interleaved runs). */
  start: { bundleMs: number; bareMs: number; ratio: number; runs: number };
  /** Largest `maxRSS` over the full healthy runs, in bytes. */
  rssBytes: number;
}

/** Sum of the sizes of the JavaScript files named in a js-loaded.mjs list. */
async function jsLoaded(listFile: string): Promise<Weight['js']> {
  const files = [...new Set((await readFile(listFile, 'utf8')).split('\n'))]
    .filter((file) => /\.[cm]?js$/.test(file) && existsSync(file))
    .sort();
  return { bytes: files.reduce((sum, file) => sum + statSync(file).size, 0), files };
}

/**
 * Median wall time of `node <args>` and of `node -e 0`, `runs` times each, interleaved so that a busy moment
 * of the machine weighs on both alike.
 */
function coldStart(args: string[], env: NodeJS.ProcessEnv, runs: number): Weight['start'] {
  const [command, ...prefix] = nodeCommand();
  const time = (what: string[]) => {
    const started = process.hrtime.bigint();
    spawnSync(command as string, [...prefix, ...what], { env, stdio: 'ignore' });
    return Number(process.hrtime.bigint() - started) / 1e6;
  };
  const bare: number[] = [];
  const bundle: number[] = [];
  time(args); // One run first, so the files are in the page cache for every measured run.
  for (let i = 0; i < runs; i++) {
    bare.push(time(['-e', '0']));
    bundle.push(time(args));
  }
  const bundleMs = median(bundle);
  const bareMs = median(bare);
  return { bundleMs, bareMs, ratio: bundleMs / bareMs, runs };
}

/** Runner files for a run of the bundle outside the simulated world (the cold start). */
async function runnerEnv(extra: Record<string, string>): Promise<NodeJS.ProcessEnv> {
  const dir = await mkdtemp(join(tmpdir(), 'dhg-bench-'));
  for (const file of ['out', 'summary', 'state']) await writeFile(join(dir, file), '');
  return {
    PATH: process.env.PATH,
    GITHUB_OUTPUT: join(dir, 'out'),
    GITHUB_STEP_SUMMARY: join(dir, 'summary'),
    GITHUB_STATE: join(dir, 'state'),
    ...extra,
  };
}

/**
 * The figures for this action. A full healthy run is the bench's usual one: a Vercel deployment (1.5 s build)
 * waited for through the Vercel API, probed, and reported with a check run and a deployment status. The cold
 * start is `node dist/index.js` with an invalid input, as the README has always measured it: the bundle loads,
 * reads its inputs, writes its outputs and summary, and exits.
 */
export async function measureWeight(options: { runs?: number; startRuns?: number } = {}): Promise<Weight> {
  const runs = options.runs ?? 3;
  const world = await startWorld();
  let js: Weight['js'] | undefined;
  let rssBytes = 0;
  try {
    for (let i = 0; i <= runs; i++) {
      // The first run counts the JavaScript (the loader hook costs memory); the others measure memory.
      const counting = i === 0;
      const sha = `${i.toString(16).padStart(8, '0')}${'3e'.repeat(16)}`;
      world.deploy({ sha, buildMs: 1500 });
      const dir = await mkdtemp(join(tmpdir(), 'dhg-weight-'));
      const probeFile = join(dir, counting ? 'js' : 'rss');
      await writeFile(probeFile, '');
      const run = await runBundle({
        inputs: { ...world.vercelInputs({ sha }), 'github-token': world.githubToken },
        env: {
          ...world.runnerEnv(),
          NODE_OPTIONS: `--import=${counting ? jsProbe : rssProbe}`,
          ...(counting ? { DHG_JS_FILE: probeFile } : { DHG_RSS_FILE: probeFile }),
        },
      });
      if (run.outputs.status !== 'healthy' || !run.outputs['check-run-id'])
        throw new Error(`weight run ${i} was not a full healthy run: ${run.stdout}${run.stderr}`);
      if (counting) js = await jsLoaded(probeFile);
      else rssBytes = Math.max(rssBytes, Number(await readFile(probeFile, 'utf8')) * 1024);
    }
  } finally {
    await world.close();
  }
  const env = await runnerEnv({ 'INPUT_FAIL-ON': 'bench' });
  const start = coldStart([join(root, 'dist/index.js')], env, options.startRuns ?? 15);
  return { js: js as Weight['js'], start, rssBytes };
}

/**
 * The same figures for a peer action (`PEER_ACTION_DIR`, a checkout with dist/index.js), from runs without any
 * input: the bundle loads, finds its required inputs missing, fails and exits. That is its cold start, and the
 * least JavaScript and memory any run of it needs; a full run of it would need the real GitHub and Vercel APIs.
 */
export async function measurePeer(dir: string, options: { startRuns?: number } = {}): Promise<Weight> {
  const entry = join(resolve(dir), 'dist', 'index.js');
  if (!existsSync(entry)) throw new Error(`PEER_ACTION_DIR has no dist/index.js: ${entry}`);
  const [command, ...prefix] = nodeCommand();
  const work = await mkdtemp(join(tmpdir(), 'dhg-peer-'));
  const jsFile = join(work, 'js');
  const rssFile = join(work, 'rss');
  await writeFile(jsFile, '');
  const base = await runnerEnv({});
  spawnSync(command as string, [...prefix, entry], {
    env: { ...base, NODE_OPTIONS: `--import=${jsProbe}`, DHG_JS_FILE: jsFile },
    stdio: 'ignore',
  });
  spawnSync(command as string, [...prefix, entry], {
    env: { ...base, NODE_OPTIONS: `--import=${rssProbe}`, DHG_RSS_FILE: rssFile },
    stdio: 'ignore',
  });
  return {
    js: await jsLoaded(jsFile),
    start: coldStart([entry], base, options.startRuns ?? 15),
    rssBytes: Number(await readFile(rssFile, 'utf8')) * 1024,
  };
}

const mb = (bytes: number) => `${(bytes / 1e6).toFixed(2)} MB`;
const files = (count: number) => `${count} ${count === 1 ? 'file' : 'files'}`;

/** The weight rows, each beside its target (and beside the peer's figure when there is one). */
export function weightLines(ours: Weight, peer?: { name: string; weight: Weight }): string[] {
  const row = (what: string, figure: string, target: string, peerFigure?: string) =>
    `${what.padEnd(24)}${figure.padEnd(56)}${target.padEnd(12)}${peerFigure ?? ''}`.trimEnd();
  const start = (w: Weight) =>
    `${w.start.ratio.toFixed(2)}× (${w.start.bundleMs.toFixed(0)} ms vs ${w.start.bareMs.toFixed(0)} ms, medians of ${w.start.runs})`;
  return [
    row('weight', 'this action', 'target', peer ? `${peer.name} (start-up run, no inputs)` : undefined),
    row(
      'JavaScript loaded',
      `${mb(ours.js.bytes)} (${ours.js.bytes.toLocaleString('en')} bytes) in ${files(ours.js.files.length)}, full healthy run`,
      `≤ ${mb(TARGETS.jsBytes)}`,
      peer && `${mb(peer.weight.js.bytes)} in ${files(peer.weight.js.files.length)}`,
    ),
    row('cold start / node -e 0', start(ours), `≤ ${TARGETS.startRatio}×`, peer && start(peer.weight)),
    row(
      'peak RSS',
      `${mb(ours.rssBytes)}, full healthy runs (the largest)`,
      `≤ ${mb(TARGETS.rssBytes)}`,
      peer && mb(peer.weight.rssBytes),
    ),
  ];
}
