import { describe, expect, it } from 'vitest';
import { hemera } from '../../src/formats/hemera.js';
import { readHealthAnswer } from '../../src/formats/index.js';
import type { HealthDocument } from '../../src/model/types.js';
import { recordMetrics, runRecord } from '../../src/monitor/record.js';
import { documentOf, HEALTH_URL, makeRun, seedServices, service } from '../support/runs.js';

/** A Hemera body as an endpoint sends it, read by the real format. */
function parsed(body: unknown): HealthDocument {
  const result = hemera.parse(readHealthAnswer(200, 'application/json', JSON.stringify(body)));
  if (!result.ok) throw new Error(result.error);
  return result.document;
}

const runWith = (document: HealthDocument) =>
  makeRun({
    probe: {
      kind: 'answered',
      url: HEALTH_URL,
      document,
      samples: [{ startedAt: 1, durationMs: 100, httpStatus: 200 }],
      elapsedMs: 100,
    },
  });

describe('the extended metrics of a run record', () => {
  it("keeps the body's metrics and each service's values under the names rules read", () => {
    const document = parsed({
      summary: { overallStatus: 'healthy' },
      services: {
        database: {
          status: 'pass',
          responseTime: 45,
          details: {
            provider: 'postgresql',
            poolUsage: 0.72,
            connections: { value: 12, unit: 'connections' },
          },
        },
        cache: { status: 'pass', details: { hitRate: { value: 93, unit: '%' }, mode: 'lru' } },
      },
      metrics: { cpu: 0.42, memory: { value: 512, unit: 'MB' }, uptime: { value: 2, unit: 'h' } },
    });
    const record = runRecord('production', runWith(document), 'run-1');
    expect(record.metrics).toEqual({
      metrics_cpu: 0.42,
      metrics_memory: 512,
      metrics_uptime: 7_200_000,
      database_poolUsage: 0.72,
      database_connections: 12,
      cache_hitRate: 93,
    });
    // the standard service metrics stay where they were: in `services`
    expect(record.services.find((s) => s.key === 'database')?.ms).toBe(45);
    expect(JSON.parse(JSON.stringify(record)).metrics).toEqual(record.metrics);
  });

  it('keeps at most 40, whatever the endpoint sends', () => {
    const services = Object.fromEntries(
      Array.from({ length: 30 }, (_, i) => [
        `s${i}`,
        { status: 'pass', details: Object.fromEntries(Array.from({ length: 32 }, (_, j) => [`v${j}`, j])) },
      ]),
    );
    const metrics = Object.fromEntries(Array.from({ length: 1000 }, (_, i) => [`m${i}`, i]));
    const document = parsed({ summary: { overallStatus: 'healthy' }, services, metrics });
    const kept = recordMetrics(document) ?? {};
    expect(Object.keys(kept)).toHaveLength(40);
    expect(kept).toMatchObject({ metrics_m0: 0, metrics_m31: 31, s0_v0: 0, s0_v7: 7 });
    expect(JSON.stringify(kept).length).toBeLessThan(2000);
  });

  it('has no metrics when the answer reports none, or there was no answer', () => {
    expect(runRecord('production', makeRun(), 'run-1').metrics).toBeUndefined();
    expect(recordMetrics(documentOf('healthy', seedServices()))).toBeUndefined();
    expect(recordMetrics(undefined)).toBeUndefined();
    const failed = makeRun({ probe: undefined });
    expect(runRecord('production', failed, 'run-1').metrics).toBeUndefined();
  });

  it('leaves out a value a standard metric shadows', () => {
    const avg = service('avg', { values: { response_time: { value: 1 } } });
    const database = service('database', { values: { health: { value: 1 }, poolUsage: { value: 0.5 } } });
    expect(recordMetrics(documentOf('healthy', [avg, database]))).toEqual({ database_poolUsage: 0.5 });
  });
});
