import { DirStore } from '../../src/history/dir-store.js';
import type { RunRecord } from '../../src/history/types.js';
import { systemClock } from '../../src/util/clock.js';

/** One run of a target as the monitor records it: `samples` health requests of `ms` each (HTTP 200 unless `http`). */
export function seededRun(
  target: string,
  at: number,
  ms: number,
  options: {
    samples?: number;
    http?: number;
    services?: RunRecord['services'];
    metrics?: Record<string, number>;
  } = {},
): RunRecord {
  const count = options.samples ?? 3;
  const http = options.http ?? 200;
  return {
    id: `seed-${target}-${at}`,
    target,
    at,
    url: `https://${target}.example.com`,
    status: http >= 500 ? 'unhealthy' : 'healthy',
    reason: http >= 500 ? 'endpoint' : 'ok',
    message: '',
    samples: Array.from({ length: count }, (_, i) => ({ at: at + i * 1000, ms, http, ok: http < 500 })),
    services: options.services ?? [],
    findings: [],
    metrics: options.metrics,
  };
}

/**
 * Runs every `everyMs` over `spanMs` up to `until` (oldest first), each of `ms(i)` milliseconds: a production
 * history as a monitor on a schedule would have written it.
 */
export function seededRuns(
  target: string,
  until: number,
  spanMs: number,
  everyMs: number,
  ms: (index: number, at: number) => number,
  options: Parameters<typeof seededRun>[3] = {},
): RunRecord[] {
  const runs: RunRecord[] = [];
  for (let at = until - spanMs, i = 0; at < until; at += everyMs, i++) {
    runs.push(seededRun(target, at, ms(i, at), options));
  }
  return runs;
}

/** Writes the runs into a `dir:` history, as the monitor would have over time. */
export async function seedDirHistory(root: string, records: RunRecord[]): Promise<void> {
  const store = new DirStore(root, { clock: systemClock, random: Math.random });
  const result = await store.write({ at: Date.now(), records, states: [], markers: [], incidents: [] });
  if (result.warning) throw new Error(result.warning);
}
