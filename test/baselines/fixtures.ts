import type { RunRecord } from '../../src/history/types.js';

/** 2024-03-10T00:00:00Z, a Sunday. */
export const T0 = Date.UTC(2024, 2, 10);
export const MIN = 60_000;
export const HOUR = 60 * MIN;
export const DAY = 24 * HOUR;

/** A sample: `[ms, http]`, http undefined for a request that got no answer (a timeout). */
export type SampleSpec = [number, number | undefined];

/** A run record with the given samples (5 s apart), services and extended metrics. */
export function run(
  at: number,
  samples: SampleSpec[],
  options: { services?: { key: string; ms?: number }[]; metrics?: Record<string, number>; id?: string } = {},
): RunRecord {
  return {
    id: options.id ?? `run-${at}`,
    target: 'shop',
    at,
    url: 'https://shop.example.com',
    status: 'healthy',
    reason: 'ok',
    message: 'All checks passed.',
    samples: samples.map(([ms, http], i) => ({
      at: at + i * 5000,
      ms,
      http,
      ok: http !== undefined && http < 500,
    })),
    services: (options.services ?? []).map(({ key, ms }) => ({ key, name: key, status: 'pass', ms })),
    findings: [],
    ...(options.metrics ? { metrics: options.metrics } : {}),
  };
}

/** Points `{at, value}` 5 minutes apart from `start`. */
export function points(values: readonly number[], start = T0) {
  return values.map((value, i) => ({ at: start + i * 5 * MIN, value }));
}
