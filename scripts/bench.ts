// `npm run bench`: measures the bundle in one run and prints the figures the README quotes.
// Measurements, not pass/fail checks: the aims are printed beside them for the reader to compare.
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { nodeCommand, runBundle } from '../test/support/run-bundle.js';
import { threeMinuteBuild } from '../test/support/three-minute-build.js';
import { startWorld } from '../test/world/index.js';
import { measureAnomalies } from './bench/anomaly.js';
import { dashboardLines, measureDashboard } from './bench/dashboard.js';
import { historyRulesCostLines, measureHistoryRulesCost } from './bench/history-rules-cost.js';
import { historySizeLines, measureHistorySize } from './bench/history-size.js';
import { measureMonitorRun } from './bench/monitor-run.js';
import { median } from './bench/stats.js';
import { measurePeer, measureWeight, weightLines } from './bench/weight.js';

const root = resolve(import.meta.dirname, '..');
const kib = (bytes: number) => `${(bytes / 1024).toFixed(0)} KiB`;
const ms = (value: number) => `${value.toFixed(0)} ms`;

/** Each bundle's JavaScript on disk: its entry and every chunk beside it (not all of it is loaded by a run). */
function bundleSize() {
  const rows = ['dist', 'dist/post', 'dist/cli', 'dist/monitor'].map((folder) => {
    const files = readdirSync(join(root, folder)).filter((file) => file.endsWith('.js'));
    const texts = files.map((file) => readFileSync(join(root, folder, file)));
    const bytes = texts.reduce((sum, text) => sum + text.length, 0);
    const gzip = texts.reduce((sum, text) => sum + gzipSync(text).length, 0);
    return `${folder}/ ${kib(bytes)} in ${files.length} files (gzip ${kib(gzip)})`;
  });
  return rows.join(', ');
}

/**
 * READY (the simulated deployment's state change) → the bundle's verdict (the moment the JSON report records),
 * and → the step's exit (after the check run, the deployment status and the outputs are written).
 */
async function readyToVerdict(runs: number) {
  const world = await startWorld();
  const latencies: number[] = [];
  const exits: number[] = [];
  try {
    for (let i = 0; i < runs; i++) {
      const sha = `${i.toString(16).padStart(8, '0')}${'be'.repeat(16)}`;
      const buildMs = 1500;
      const deployment = world.deploy({ sha, buildMs });
      const run = await runBundle({
        inputs: { ...world.vercelInputs({ sha }), 'github-token': world.githubToken },
        env: world.runnerEnv(),
      });
      const exitedAt = Date.now();
      if (run.outputs.status !== 'healthy')
        throw new Error(`bench run ${i} was ${run.outputs.status}: ${run.stdout}`);
      const readyAt = deployment.createdAt + buildMs;
      const report = JSON.parse(await readFile(run.outputs['report-path'] as string, 'utf8'));
      latencies.push(Date.parse(report.generatedAt) - readyAt);
      exits.push(exitedAt - readyAt);
    }
  } finally {
    await world.close();
  }
  return {
    median: median(latencies),
    min: Math.min(...latencies),
    max: Math.max(...latencies),
    exitMedian: median(exits),
  };
}

/**
 * History size (10 targets, 5-minute cadence), generated rather than waited for. `BENCH_HISTORY_DAYS` chooses the
 * points (default `2,30,90`; the 90-day point simulates 26,000 runs and takes the better part of a minute);
 * `BENCH_HISTORY_DAYS=0` skips the section.
 */
async function historySection() {
  const days = (process.env.BENCH_HISTORY_DAYS ?? '2,30,90')
    .split(',')
    .map((day) => Number(day.trim()))
    .filter((day) => Number.isInteger(day) && day > 0);
  console.log('');
  if (days.length === 0) {
    console.log('history size (10 targets, 5-minute cadence): skipped (BENCH_HISTORY_DAYS=0)');
    return;
  }
  const started = Date.now();
  const points = await measureHistorySize({ checkpoints: days });
  for (const line of historySizeLines(points)) console.log(line);
  console.log(
    `  (simulated in ${((Date.now() - started) / 1000).toFixed(0)} s; BENCH_HISTORY_DAYS=2,30 is quicker, 0 skips it)`,
  );
}

/**
 * Anomaly rules on labelled synthetic series (scripts/bench/anomaly.ts): recall, precision and false alerts a
 * week for the defaults and a sweep; the tables of docs/anomalies.md. About a minute; `BENCH_ANOMALY=0` skips it.
 */
function anomalySection() {
  console.log('');
  if (process.env.BENCH_ANOMALY === '0') {
    console.log('anomaly rules on synthetic series: skipped (BENCH_ANOMALY=0)');
    return;
  }
  console.log('anomaly rules on synthetic series (5-minute runs of 3 samples; docs/anomalies.md):\n');
  const bench = measureAnomalies();
  for (const line of bench.lines) console.log(line);
  console.log(`  (replayed in ${bench.seconds.toFixed(0)} s; BENCH_ANOMALY=0 skips it)`);
}

async function main() {
  const [node, ...flags] = nodeCommand();
  const bundleNode = spawnSync(node as string, [...flags, '--version'], { encoding: 'utf8' }).stdout.trim();
  console.log(`Deployment Health Gate bench · bundle on Node ${bundleNode} · ${new Date().toISOString()}\n`);
  console.log(`bundle size               ${bundleSize()}`);
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

  const monitor = await measureMonitorRun(3);
  console.log(
    `monitor run (1 target, 3 samples 5 s apart, branch history, nothing changes; ${monitor.runs} runs)  ` +
      `wall median ${ms(monitor.wallMs.median)} (max ${ms(monitor.wallMs.max)}); aim < 15 s · ` +
      `GitHub requests median ${monitor.githubRequests.median} (max ${monitor.githubRequests.max}); aim ≤ 8`,
  );
  console.log(`  ${monitor.githubRequests.operations.join(' · ')}`);
  for (const line of historyRulesCostLines(await measureHistoryRulesCost())) console.log(line);

  await historySection();
  anomalySection();

  // The dashboard: page weight and time to first render in headless Chromium (scripts/bench/dashboard.ts).
  console.log('');
  for (const line of dashboardLines(await measureDashboard())) console.log(line);

  const weight = await measureWeight();
  const peerDir = process.env.PEER_ACTION_DIR;
  const peer = peerDir ? { name: basename(resolve(peerDir)), weight: await measurePeer(peerDir) } : undefined;
  console.log('');
  for (const line of weightLines(weight, peer)) console.log(line);
  console.log(
    '\nJavaScript loaded: the .js files the process read, recorded by a module loader hook ' +
      '(scripts/bench/js-loaded.mjs); peak RSS: maxRSS at exit (scripts/rss-probe.mjs). ' +
      'Set PEER_ACTION_DIR to a checkout of another action (with dist/index.js) to measure it beside this one.',
  );
}

await main();
