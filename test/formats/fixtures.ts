import { readHealthAnswer } from '../../src/formats/index.js';
import type { HealthAnswer } from '../../src/formats/types.js';

/** A body the tests break on purpose, field by field; loosely typed so that any field can be replaced. */
// biome-ignore lint/suspicious/noExplicitAny: fixtures are mutated into every wrong shape on purpose.
export type LooseBody = Record<string, any>;

/** The original design's example body (deployment-monitoring.de.md), with all five services. */
export function seedBody(overall = 'healthy'): LooseBody {
  const service = (name: string, provider: string, status = 'pass', responseTime = 20) => ({
    name,
    status,
    responseTime,
    details: { provider, configured: true },
    lastChecked: '2025-10-12T10:30:00.000Z',
  });
  return {
    timestamp: '2025-10-12T10:30:00.000Z',
    requestId: 'abc123def456',
    deployment: {
      version: '1.0.0',
      deploymentId: 'dpl_123456789',
      timestamp: '2025-10-12T10:00:00.000Z',
      region: 'fra1',
      status: overall,
      checks: [],
    },
    services: {
      database: {
        ...service('database', 'postgresql', 'pass', 45),
        details: { provider: 'postgresql', connection: 'verified' },
      },
      authentication: service('authentication', 'clerk', 'pass', 12),
      payment: service('payment', 'stripe'),
      monitoring: service('monitoring', 'rollbar'),
      analytics: service('analytics', 'internal'),
    },
    summary: { overallStatus: overall, totalChecks: 5, passedChecks: 5, failedChecks: 0, warningChecks: 0 },
  };
}

export function jsonAnswer(status: number, body: unknown, contentType = 'application/json'): HealthAnswer {
  return readHealthAnswer(status, contentType, typeof body === 'string' ? body : JSON.stringify(body));
}
