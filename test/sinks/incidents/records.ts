import type { RunRecord } from '../../../src/history/types.js';
import type { HealthStatus, Reason } from '../../../src/model/types.js';

/** 2025-10-12 10:00 UTC: the first scheduled run of these tests. */
export const T0 = Date.parse('2025-10-12T10:00:00.000Z');
export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;
export const SHOP_URL = 'https://shop.example.com';
export const RUN_URL = 'https://github.com/acme/shop/actions/runs/4242';

const reasonOf: Record<HealthStatus, Reason> = { healthy: 'ok', degraded: 'endpoint', unhealthy: 'endpoint' };

/** One monitor run's record of target `shop` at `at`, with services and findings to match its status. */
export function record(status: HealthStatus, at: number, overrides: Partial<RunRecord> = {}): RunRecord {
  const failing = status !== 'healthy';
  return {
    id: `run-${at}-shop`,
    target: 'shop',
    at,
    url: SHOP_URL,
    deploymentId: 'dpl_shop1',
    sha: 'a'.repeat(40),
    status,
    reason: reasonOf[status],
    message: failing ? `The health endpoint reports ${status}: database failing.` : 'All services pass.',
    samples: [{ at, ms: 120, http: failing ? 503 : 200, ok: !failing }],
    services: [
      { key: 'database', name: 'Database', status: failing ? 'fail' : 'pass', ms: 40, detail: 'timeout' },
      { key: 'cache', name: 'Cache', status: 'pass', ms: 3 },
    ],
    findings: failing
      ? [{ source: 'rule', id: 'database_connection_failure', title: 'Database Connection Failure', status }]
      : [],
    runUrl: RUN_URL,
    ...overrides,
  };
}
