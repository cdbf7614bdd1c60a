import { extendedMetricValues } from '../evaluate/rules/metrics.js';
import type { RunRecord } from '../history/types.js';
import type { RunResult } from '../model/run-result.js';
import type { HealthDocument, Sample, ServiceHealth } from '../model/types.js';
import { cut } from '../util/text.js';

/** At most this many services and findings a record (failing ones first): a record's size stays bounded. */
const MAX_SERVICES = 50;
const MAX_FINDINGS = 50;
/** At most this many extended metrics a record: what baseline and anomaly rules on them read back. */
const MAX_METRICS = 40;

const serviceRank = { fail: 0, warn: 1, pass: 2 } as const;
const worstFirst = (services: readonly ServiceHealth[]) =>
  [...services].sort((a, b) => serviceRank[a.status] - serviceRank[b.status]);

/** What the history keeps of each health request: ok = an understood answer, not unhealthy, no transport error. */
export function recordSample(sample: Sample): RunRecord['samples'][number] {
  return {
    at: sample.startedAt,
    ms: Math.round(sample.durationMs),
    http: sample.httpStatus,
    ok: sample.error === undefined && sample.status !== undefined && sample.status !== 'unhealthy',
  };
}

/**
 * One run's look at one target, as the history keeps it (48 h raw): the gate's verdict on the target, each
 * sample, each service of the last answer and the findings. `runId` makes the record's id unique per run
 * (`<runId>-<attempt>` on the runner, a random id on the command line): the key two overlapping writers merge by.
 */
export function runRecord(target: string, result: RunResult, runId: string): RunRecord {
  const { probe, resolve, verdict } = result;
  const samples = probe?.samples ?? [];
  const document = probe?.kind === 'answered' ? probe.document : undefined;
  // Vercel's facts only when Vercel knew the deployment: a bare URL's commit is unknown, not GITHUB_SHA.
  const deployment = resolve?.kind === 'ready' ? resolve.deployment : resolve?.deployment;
  const known = deployment?.id !== undefined;
  return {
    id: `${runId}-${target}`,
    target,
    at: samples[0]?.startedAt ?? result.timings.startedAt,
    url: deployment?.url ?? probe?.url ?? '',
    deploymentId: deployment?.id,
    sha: known ? deployment?.sha || undefined : undefined,
    status: verdict.status,
    reason: verdict.reason,
    message: cut(verdict.message, 1000),
    samples: samples.map(recordSample),
    // Bounded, whatever the endpoint sends: a record is written every run and read back by every later one.
    services: worstFirst(document?.services ?? [])
      .slice(0, MAX_SERVICES)
      .map((service) => ({
        key: cut(service.key, 120),
        name: cut(service.name, 120),
        status: service.status,
        ms: service.responseTimeMs,
        detail: service.detail === undefined ? undefined : cut(service.detail, 300),
      })),
    findings: verdict.findings
      .slice(0, MAX_FINDINGS)
      .map(({ source, id, title, status }) => ({ source, id: cut(id, 120), title: cut(title, 200), status })),
    metrics: recordMetrics(document),
    runUrl: result.context.runUrl || undefined,
  };
}

/**
 * The extended metrics of a run's last answer by the names rules read them under (`metrics_cpu`,
 * `database_poolUsage`), at most 40: the body's `metrics` first, then the services' values in the body's
 * order. Undefined when the answer reports none (or there was no answer).
 */
export function recordMetrics(document: HealthDocument | undefined): RunRecord['metrics'] {
  if (!document) return undefined;
  const metrics = extendedMetricValues(document, MAX_METRICS);
  return Object.keys(metrics).length > 0 ? metrics : undefined;
}

/** The average response time (ms) and error rate (%) of a record's samples, for the outputs and the summary. */
export function recordStats(record: RunRecord): { avgResponseTime: number | null; errorRate: number | null } {
  const { samples } = record;
  if (!samples.length) return { avgResponseTime: null, errorRate: null };
  const answered = samples.filter((s) => s.http !== undefined);
  const errors = samples.filter((s) => s.http === undefined || s.http >= 500).length;
  return {
    avgResponseTime: answered.length
      ? Math.round(answered.reduce((sum, s) => sum + s.ms, 0) / answered.length)
      : null,
    errorRate: Math.round((errors / samples.length) * 1000) / 10,
  };
}
