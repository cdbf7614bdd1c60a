import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { buildJsonReport } from '../../src/render/json-report.js';
import { writeJsonReport } from '../../src/sinks/json-report/write-file.js';
import {
  BUILD_ERROR_MESSAGE,
  buildErrorRun,
  DEPLOYMENT_URL,
  ENV_DETAIL,
  evaluatedRun,
  HEALTH_URL,
  INSPECTOR_URL,
  protectedRun,
  SHA,
  unhealthyDatabaseRun,
} from '../support/runs.js';

const dirs: string[] = [];
afterEach(async () => {
  await Promise.all(dirs.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
});

describe('buildJsonReport', () => {
  it('records verdict, deployment, wait, probe, services, findings, timings and settings', () => {
    const report = buildJsonReport(unhealthyDatabaseRun(), { version: '1.2.3' });

    expect(report.schemaVersion).toBe(1);
    expect(report.tool).toEqual({ name: 'deployment-health-gate', version: '1.2.3' });
    expect(report.generatedAt).toBe('2025-10-12T10:00:42.300Z');
    expect(report.verdict).toEqual({
      status: 'unhealthy',
      reason: 'endpoint',
      message: 'The health endpoint reports unhealthy: Database is failing. (and 1 more finding)',
      gateFailed: true,
      failOn: 'unhealthy',
    });
    expect(report.deployment).toEqual({
      url: DEPLOYMENT_URL,
      id: 'dpl_7hK2mQxYz',
      sha: SHA,
      environment: 'preview',
      inspectorUrl: INSPECTOR_URL,
      source: 'vercel-api',
      project: 'hemera',
      githubDeploymentId: null,
    });
    expect(report.event).toEqual({
      name: 'push',
      runUrl: 'https://github.com/acme/hemera/actions/runs/987654',
      repository: 'acme/hemera',
    });
    expect(report.wait).toEqual({
      outcome: 'ready',
      reason: null,
      message: null,
      waitedMs: 42_000,
      requests: 7,
      buildLog: [],
    });
    expect(report.probe).toMatchObject({
      url: HEALTH_URL,
      outcome: 'answered',
      reason: null,
      format: 'hemera',
      status: 'unhealthy',
      httpStatus: 503,
      attempts: 1,
      elapsedMs: 180,
    });
    expect(report.probe.samples).toEqual([
      {
        startedAt: '2025-10-12T10:00:42.000Z',
        durationMs: 180,
        httpStatus: 503,
        error: null,
        status: 'unhealthy',
      },
    ]);
    // The endpoint's own order, with every field present.
    expect(report.services[0]).toEqual({
      key: 'database',
      name: 'Database',
      status: 'fail',
      responseTimeMs: 5000,
      provider: 'postgresql',
      detail: 'ECONNREFUSED 10.0.0.5:5432',
    });
    expect(report.services.map((s) => s.key)).toEqual([
      'database',
      'authentication',
      'payment',
      'monitoring',
      'analytics',
    ]);
    expect(report.services[4]?.provider).toBeNull();
    expect(report.findings.map((f) => f.id)).toEqual([
      'database_connection_failure',
      'endpoint_status',
      'release_note',
    ]);
    expect(report.timings).toEqual({
      startedAt: '2025-10-12T10:00:00.000Z',
      waitMs: 42_000,
      probeMs: 180,
      totalMs: 42_300,
    });
    expect(report.settings).toEqual({
      deploymentUrl: null,
      deploymentId: null,
      sha: null,
      environment: 'auto',
      healthPath: '/api/health/deployment',
      healthFormat: 'auto',
      failOn: 'unhealthy',
      waitTimeoutMs: 600_000,
      requestTimeoutMs: 5000,
      healthTimeoutMs: 120_000,
      vercel: { project: null, team: null, apiUrl: 'https://api.vercel.com', tokenGiven: false },
      headerNames: [],
      protectionBypassGiven: false,
      githubTokenGiven: false,
    });
  });

  it('records a run that stopped before probing, with nulls for what was never learnt', () => {
    const report = buildJsonReport(buildErrorRun(), { version: '1.2.3', generatedAt: Date.UTC(2025, 0, 2) });

    expect(report.generatedAt).toBe('2025-01-02T00:00:00.000Z');
    expect(report.verdict.reason).toBe('deployment-error');
    expect(report.wait).toEqual({
      outcome: 'stopped',
      reason: 'deployment-error',
      message: BUILD_ERROR_MESSAGE,
      waitedMs: 95_000,
      requests: 12,
      buildLog: [],
    });
    expect(report.deployment.inspectorUrl).toBe(INSPECTOR_URL);
    expect(report.deployment.source).toBeNull();
    expect(report.probe).toEqual({
      url: null,
      outcome: 'not-run',
      reason: null,
      message: null,
      format: null,
      status: null,
      httpStatus: null,
      attempts: 0,
      elapsedMs: 0,
      warnings: [],
      samples: [],
    });
    expect(report.services).toEqual([]);
    expect(report.evaluation).toEqual({ metrics: {}, rules: [], checklist: [] });
  });

  it('records metrics, every rule result and every checklist item, in the evaluators’ order', () => {
    const report = buildJsonReport(evaluatedRun(), { version: '1.2.3' });

    expect(report.schemaVersion).toBe(1);
    expect(report.evaluation.metrics).toEqual({
      avg_response_time: 231.4,
      p95_response_time: 412,
      max_response_time: 980,
      error_rate: 8.333333,
      database_health: 1,
      health_status: 1,
      failed_checks: 0,
    });
    expect(report.evaluation.rules.map((r) => [r.id, r.state])).toEqual([
      ['database_connection_failure', 'ok'],
      ['payment_service_degraded', 'skipped'],
      ['high_response_time', 'triggered'],
      ['authentication_service_down', 'disabled'],
      ['release_note', 'triggered'],
      ['error_rate_spike', 'triggered'],
    ]);
    expect(report.evaluation.rules[2]).toEqual({
      id: 'high_response_time',
      name: 'High Response Time',
      metric: 'avg_response_time',
      operator: 'gt',
      threshold: 200,
      timeWindow: 300,
      baseline: null,
      anomaly: null,
      limit: 200,
      severity: 'warning',
      enabled: true,
      origin: 'config',
      channels: ['rollbar'],
      state: 'triggered',
      value: 231.4,
      windowSeconds: 165,
      note: 'observed 165 s of a 300 s window',
    });
    // Absent facts are null, never missing.
    expect(report.evaluation.rules[1]).toMatchObject({
      state: 'skipped',
      value: null,
      windowSeconds: null,
      timeWindow: null,
      note: 'no metric stripe_health in this deployment',
    });
    expect(report.evaluation.rules[3]).toMatchObject({ state: 'disabled', enabled: false, note: null });
    expect(report.evaluation.checklist).toContainEqual({
      id: 'env_vars',
      name: 'Required environment variables on Vercel',
      required: true,
      state: 'failed',
      detail: ENV_DETAIL,
    });
    expect(report.evaluation.checklist.map((i) => i.state)).toEqual([
      'passed',
      'skipped',
      'failed',
      'failed',
    ]);
    // What was there before is unchanged: the samples, observation ones included, and the findings.
    expect(report.probe.samples).toHaveLength(13);
    expect(report.findings.map((f) => f.id)).toContain('env_vars');
  });

  it('keeps non-finite metrics and values out of the record', () => {
    const run = evaluatedRun({
      metrics: { avg_response_time: Number.NaN, error_rate: Infinity, failed_checks: 2 },
    });
    const report = JSON.parse(JSON.stringify(buildJsonReport(run, { version: '1' })));
    expect(report.evaluation.metrics).toEqual({ failed_checks: 2 });
  });

  it('records why the probe failed', () => {
    const report = buildJsonReport(protectedRun(), { version: '0.0.1' });
    expect(report.probe).toMatchObject({
      outcome: 'failed',
      reason: 'protected',
      httpStatus: 401,
      attempts: 1,
    });
    expect(report.probe.message).toContain('pass `protection-bypass`');
  });

  it('round-trips through writeJsonReport, creating missing folders', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'dhg-report-'));
    dirs.push(dir);
    const path = join(dir, 'nested', 'deeper', 'report.json');
    const report = buildJsonReport(unhealthyDatabaseRun(), { version: '1.2.3' });

    await writeJsonReport(path, report);
    const text = await readFile(path, 'utf8');

    expect(JSON.parse(text)).toEqual(report);
    expect(text.startsWith('{\n  "schemaVersion": 1,\n')).toBe(true);
    expect(text.endsWith('}\n')).toBe(true);
  });
});
