import type { HistoryChange, RunRecord, TargetState } from '../../src/history/types.js';

/** A run record as the monitor writes one: `samples` latencies in ms (an undefined one is a timeout). */
export function record(
  target: string,
  at: number,
  options: { id?: string; ms?: (number | undefined)[]; status?: RunRecord['status'] } = {},
): RunRecord {
  const ms = options.ms ?? [120, 130, 140];
  const status = options.status ?? 'healthy';
  return {
    id: options.id ?? `${at}-${target}`,
    target,
    at,
    url: `https://${target}.example.com`,
    status,
    reason: status === 'healthy' ? 'ok' : 'endpoint',
    message: status === 'healthy' ? 'All checks passed.' : 'The endpoint failed.',
    samples: ms.map((value, i) =>
      value === undefined
        ? { at: at + i * 5000, ms: 10_000, ok: false }
        : {
            at: at + i * 5000,
            ms: value,
            http: status === 'unhealthy' ? 503 : 200,
            ok: status !== 'unhealthy',
          },
    ),
    services: [
      { key: 'db', name: 'Database', status: status === 'healthy' ? 'pass' : 'fail', ms: 12 },
      { key: 'cache', name: 'Cache', status: 'pass', ms: 3 },
    ],
    findings: [],
  } as RunRecord;
}

export function stateOf(
  target: string,
  at: number,
  confirmed: TargetState['confirmed'] = 'healthy',
): TargetState {
  return {
    target,
    url: `https://${target}.example.com`,
    confirmed,
    since: at,
    consecutiveFailures: 0,
    consecutiveSuccesses: 1,
    lastRunAt: at,
    lastStatus: confirmed,
    lastReason: confirmed === 'healthy' ? 'ok' : 'endpoint',
  } as TargetState;
}

/** One monitor run's change for `targets` at `at`. */
export function runChange(targets: string[], at: number, runId = `run-${at}`): HistoryChange {
  return {
    at,
    records: targets.map((t) => record(t, at, { id: `${runId}-${t}` })),
    states: targets.map((t) => stateOf(t, at)),
    markers: [],
    incidents: [],
  };
}

/** 2024-03-10T00:00:00Z. */
export const T0 = Date.UTC(2024, 2, 10);
export const MIN = 60_000;
export const HOUR = 60 * MIN;
