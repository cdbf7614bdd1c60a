// `npm run bench`: measures the bundle in one run and prints the figures the README quotes.
// Measurements, not pass/fail checks: the aims are printed beside them for the reader to compare.
import { spawnSync } from 'node:child_process';
import { readFileSync, statSync } from 'node:fs';
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { runBundle } from '../test/support/run-bundle.js';
import { threeMinuteBuild } from '../test/support/three-minute-build.js';
import { startWorld } from '../test/world/index.js';

const root = resolve(import.meta.dirname, '..');
const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
};
const kib = (bytes: number) => `${(bytes / 1024).toFixed(0)} KiB`;
const ms = (value: number) => `${value.toFixed(0)} ms`;

function bundleSize() {
  const rows = ['dist/index.js', 'dist/post/index.js', 'dist/cli/index.js'].map((file) => {
    const bytes = statSync(join(root, file)).size;
    const gzip = gzipSync(readFileSync(join(root, file))).length;
    return `${file} ${kib(bytes)} (gzip ${kib(gzip)})`;
  });
  return rows.join(', ');
}

/** Wall time of a command, median of `runs`. */
function timeCommand(args: string[], env: NodeJS.ProcessEnv, runs: number): number {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const started = process.hrtime.bigint();
    spawnSync(process.execPath, args, { env, stdio: 'ignore' });
    times.push(Number(process.hrtime.bigint() - started) / 1e6);
  }
  return median(times);
}

async function coldStart() {
  const dir = await mkdtemp(join(tmpdir(), 'dhg-bench-'));
  for (const f of ['out', 'summary', 'state']) spawnSync('touch', [join(dir, f)]);
  // An invalid input: the bundle loads completely, parses its inputs, writes its outputs and summary, exits.
  const env = {
    PATH: process.env.PATH,
    'INPUT_FAIL-ON': 'bench',
    GITHUB_OUTPUT: join(dir, 'out'),
    GITHUB_STEP_SUMMARY: join(dir, 'summary'),
    GITHUB_STATE: join(dir, 'state'),
  };
  const bare = timeCommand(['-e', '0'], env, 15);
  const bundle = timeCommand([join(root, 'dist/index.js')], env, 15);
  return { bare, bundle };
}

/**
 * READY (the simulated deployment's state change) → the bundle's verdict (the moment the JSON report records),
 * and → the step's exit (after the check run, the deployment status and the outputs are written).
 */
async function readyToVerdict(runs: number) {
  const world = await startWorld();
  const latencies: number[] = [];
  const exits: number[] = [];
  let rss = 0;
  try {
    for (let i = 0; i < runs; i++) {
      const sha = `${i.toString(16).padStart(8, '0')}${'be'.repeat(16)}`;
      const buildMs = 1500;
      const deployment = world.deploy({ sha, buildMs });
      const rssFile = join(await mkdtemp(join(tmpdir(), 'dhg-rss-')), 'rss');
      const run = await runBundle({
        inputs: { ...world.vercelInputs({ sha }), 'github-token': world.githubToken },
        env: {
          ...world.runnerEnv(),
          NODE_OPTIONS: `--import=${join(root, 'scripts/rss-probe.mjs')}`,
          DHG_RSS_FILE: rssFile,
        },
      });
      const exitedAt = Date.now();
      if (run.outputs.status !== 'healthy')
        throw new Error(`bench run ${i} was ${run.outputs.status}: ${run.stdout}`);
      const readyAt = deployment.createdAt + buildMs;
      const report = JSON.parse(await readFile(run.outputs['report-path'] as string, 'utf8'));
      latencies.push(Date.parse(report.generatedAt) - readyAt);
      exits.push(exitedAt - readyAt);
      rss = Math.max(rss, Number(await readFile(rssFile, 'utf8')));
    }
  } finally {
    await world.close();
  }
  return {
    median: median(latencies),
    min: Math.min(...latencies),
    max: Math.max(...latencies),
    exitMedian: median(exits),
    rssKiB: rss,
  };
}

async function main() {
  console.log(`Deployment Health Gate bench · Node ${process.version} · ${new Date().toISOString()}\n`);
  console.log(`bundle size               ${bundleSize()}`);
  const start = await coldStart();
  console.log(
    `cold start (median of 15) node dist/index.js ${ms(start.bundle)} vs node -e 0 ${ms(start.bare)} (+${ms(start.bundle - start.bare)})`,
  );
  const latency = await readyToVerdict(7);
  console.log(
    `READY → verdict (7 runs)  median ${ms(latency.median)} (min ${ms(latency.min)}, max ${ms(latency.max)}); aim < 1500 ms`,
  );
  console.log(
    `READY → step exit         median ${ms(latency.exitMedian)} (check run, deployment status and outputs written)`,
  );
  const streamed = await threeMinuteBuild({ stream: true, speed: 120 });
  const polled = await threeMinuteBuild({ stream: false, speed: 120 });
  // How long after READY the resolver handed the deployment on, on the scaled clock. The simulator emits state
  // changes on a 10 ms real tick, which is 1.2 s scaled: the stream's figure is that tick, not the gate.
  const lag = (run: typeof streamed) => ms(run.readyLagMs);
  console.log(
    `3-minute build (clock ×120) events stream: ${streamed.apiRequests} Vercel requests, READY acted on after ${lag(streamed)}; ` +
      `polling fallback: ${polled.apiRequests} requests, after ${lag(polled)}; aim ≤ 25 (a 2 s poller: ~90)`,
  );
  console.log(`peak memory (bundle, RSS) ${(latency.rssKiB / 1024).toFixed(1)} MiB`);
}

await main();
