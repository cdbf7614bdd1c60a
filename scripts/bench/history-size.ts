// The history's steady-state size: 10 targets checked every 5 minutes (3 samples, 4 services each) for N days,
// generated through `applyChange` in memory (the same code the stores run), not waited for. Printed: the bytes
// of the files at 2, 30 and 90 days, gzip-compressed as a stand-in for git's zlib objects, and what one commit
// adds. With `history-squash: 24h` the data branch holds one snapshot plus at most a day of commits.
import { gzipSync } from 'node:zlib';
import { applyChange } from '../../src/history/apply.js';
import { MemoryFiles } from '../../src/history/files.js';
import type { HistoryChange, RunRecord, TargetState } from '../../src/history/types.js';

const MIN = 60_000;
const DAY = 24 * 60 * MIN;

export interface HistorySizePoint {
  days: number;
  files: number;
  /** The files' bytes as written. */
  bytes: number;
  /** Each file gzip-compressed on its own (git stores each object zlib-compressed). */
  gzipBytes: number;
  /** Mean over the last simulated day: bytes of the files one commit writes, raw and compressed. */
  commitBytes: number;
  commitGzipBytes: number;
  /** A branch squashed daily: the snapshot plus one day of commits (compressed). */
  squashedBranchBytes: number;
}

export interface HistorySizeOptions {
  targets?: number;
  everyMinutes?: number;
  samples?: number;
  services?: number;
  /** The days at which to measure; the simulation runs to the last. */
  checkpoints?: number[];
  /** Called after each simulated run is applied (tests look at what was written and at the files). */
  onRun?: ((change: HistoryChange, files: MemoryFiles) => void) | undefined;
}

/** Runs the simulation and returns one point per checkpoint. */
export async function measureHistorySize(options: HistorySizeOptions = {}): Promise<HistorySizePoint[]> {
  const targets = Array.from({ length: options.targets ?? 10 }, (_, i) => `service-${i + 1}`);
  const every = (options.everyMinutes ?? 5) * MIN;
  const samples = options.samples ?? 3;
  const services = options.services ?? 4;
  const checkpoints = [...(options.checkpoints ?? [2, 30, 90])].sort((a, b) => a - b);
  const start = Date.UTC(2025, 0, 1);
  const files = new MemoryFiles();
  const points: HistorySizePoint[] = [];
  let random = 7;
  const next = () => {
    random = (random * 16807) % 2147483647;
    return random / 2147483647;
  };
  let dayCommits: number[] = [];
  let dayCommitsGz: number[] = [];
  const lastDay = checkpoints[checkpoints.length - 1] ?? 0;
  for (let at = start, run = 0; at < start + lastDay * DAY; at += every, run++) {
    const records = targets.map((target) => runRecord(target, at, run, samples, services, next));
    const change: HistoryChange = {
      at: at + 20_000,
      records,
      states: records.map((r) => state(r)),
      markers: [],
      incidents: [],
    };
    const result = await applyChange(files, change);
    files.apply(result);
    options.onRun?.(change, files);
    const written = [...result.write.values()];
    dayCommits.push(written.reduce((sum, text) => sum + Buffer.byteLength(text), 0));
    dayCommitsGz.push(written.reduce((sum, text) => sum + gzipSync(text).length, 0));
    const elapsed = at + every - start;
    if (elapsed % DAY === 0) {
      const days = elapsed / DAY;
      if (checkpoints.includes(days)) {
        let bytes = 0;
        let gzipBytes = 0;
        for (const text of files.files.values()) {
          bytes += Buffer.byteLength(text);
          gzipBytes += gzipSync(text).length;
        }
        const mean = (list: number[]) => Math.round(list.reduce((a, b) => a + b, 0) / list.length);
        points.push({
          days,
          files: files.files.size,
          bytes,
          gzipBytes,
          commitBytes: mean(dayCommits),
          commitGzipBytes: mean(dayCommitsGz),
          squashedBranchBytes: gzipBytes + dayCommitsGz.reduce((a, b) => a + b, 0),
        });
      }
      dayCommits = [];
      dayCommitsGz = [];
    }
  }
  return points;
}

/** The points as lines for `npm run bench`. */
export function historySizeLines(points: HistorySizePoint[]): string[] {
  const kb = (n: number) => `${(n / 1024).toFixed(0)} KiB`;
  const mb = (n: number) => `${(n / 1024 / 1024).toFixed(1)} MiB`;
  return [
    'history size (10 targets, 5-minute cadence; 3 samples and 4 services each), after:',
    ...points.map(
      (p) =>
        `  ${String(p.days).padStart(3)} days: ${p.files} files, ${mb(p.bytes)} (${mb(p.gzipBytes)} compressed); ` +
        `one commit writes ${kb(p.commitBytes)} (${kb(p.commitGzipBytes)} compressed); ` +
        `branch squashed daily ≈ ${mb(p.squashedBranchBytes)}`,
    ),
  ];
}

function runRecord(
  target: string,
  at: number,
  run: number,
  samples: number,
  services: number,
  random: () => number,
): RunRecord {
  const failing = random() < 0.02;
  return {
    id: `${9_000_000_000 + run}-1-${target}`,
    target,
    at,
    url: `https://${target}.example.com/api/health`,
    deploymentId: `dpl_${target.replace(/\W/g, '')}${Math.floor(at / (3 * DAY))}`,
    sha: 'a1b2c3d4e5f60718293a4b5c6d7e8f9012345678',
    status: failing ? 'degraded' : 'healthy',
    reason: failing ? 'endpoint' : 'ok',
    message: failing ? 'The endpoint reported degraded: database is slow.' : 'All checks passed.',
    samples: Array.from({ length: samples }, (_, i) => ({
      at: at + i * 5000,
      ms: Math.round(40 + random() * 200),
      http: 200,
      ok: true,
    })),
    services: Array.from({ length: services }, (_, i) => ({
      key: `service-${i}`,
      name: ['Database', 'Cache', 'Queue', 'Search'][i % 4] ?? `Service ${i}`,
      status: failing && i === 0 ? 'warn' : 'pass',
      ms: Math.round(2 + random() * 30),
    })),
    findings: failing
      ? [{ source: 'endpoint', id: 'service-0', title: 'Database is slow', status: 'degraded' }]
      : [],
    runUrl: `https://github.com/acme/shop/actions/runs/${9_000_000_000 + run}`,
  };
}

function state(record: RunRecord): TargetState {
  return {
    target: record.target,
    url: record.url,
    confirmed: 'healthy',
    since: Date.UTC(2025, 0, 1),
    consecutiveFailures: 0,
    consecutiveSuccesses: 5,
    lastRunAt: record.at,
    lastStatus: record.status,
    lastReason: record.reason,
  };
}

// `tsx scripts/bench/history-size.ts [days…]` prints the figures on its own.
if (import.meta.url === `file://${process.argv[1]}`) {
  const days = process.argv
    .slice(2)
    .map(Number)
    .filter((n) => n > 0);
  const points = await measureHistorySize(days.length > 0 ? { checkpoints: days } : {});
  for (const line of historySizeLines(points)) console.log(line);
}
