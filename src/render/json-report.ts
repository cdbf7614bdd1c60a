import type { Operator, Severity } from '../config/types.js';
import type { ChecklistItemResult, RuleResult } from '../evaluate/evaluation.js';
import type { RunResult } from '../model/run-result.js';
import type {
  Finding,
  HealthFormatName,
  HealthStatus,
  ProbeOutcome,
  Reason,
  ResolveOutcome,
  ResolveSource,
  ServiceStatus,
  Target,
} from '../model/types.js';
import type { Settings } from '../settings/settings.js';
import { redactDeep, secretsToRedact } from './redact.js';
import { viewOf } from './run-view.js';

/**
 * The machine-readable record of a run (`report-path` output). Absent facts are `null`, never missing, so
 * consumers can rely on the shape; `schemaVersion` changes only when a field changes meaning or goes away.
 * Remote text is kept as sent (it is data here, not log output) but secrets are masked everywhere.
 */
export interface JsonReport {
  schemaVersion: 1;
  tool: { name: string; version: string };
  generatedAt: string | null;
  verdict: {
    status: HealthStatus;
    reason: Reason;
    message: string;
    gateFailed: boolean;
    failOn: Settings['failOn'];
  };
  deployment: {
    url: string | null;
    id: string | null;
    sha: string;
    environment: Target;
    inspectorUrl: string | null;
    source: ResolveSource | null;
    project: string | null;
    githubDeploymentId: number | null;
  };
  event: { name: string; runUrl: string | null; repository: string | null };
  wait: {
    outcome: ResolveOutcome['kind'] | 'not-run';
    reason: Reason | null;
    message: string | null;
    waitedMs: number;
    requests: number;
    /** A failed build's last output lines, oldest first (ANSI removed, secrets masked); [] otherwise. */
    buildLog: string[];
  };
  probe: {
    url: string | null;
    outcome: ProbeOutcome['kind'] | 'not-run';
    reason: Reason | null;
    message: string | null;
    format: HealthFormatName | null;
    /** The endpoint's own status after reconciling HTTP code and body. */
    status: HealthStatus | null;
    /** HTTP status of the last answer. */
    httpStatus: number | null;
    attempts: number;
    elapsedMs: number;
    warnings: string[];
    samples: JsonSample[];
  };
  services: JsonService[];
  findings: Finding[];
  /** Rules, checklist and metrics; empty lists and `{}` when the run stopped before evaluating. */
  evaluation: JsonEvaluation;
  timings: { startedAt: string | null; waitMs: number; probeMs: number; totalMs: number };
  settings: JsonSettings;
}

export interface JsonEvaluation {
  /** Every metric this deployment has, by name, in its own unit (ms, percent, 0..1 health). */
  metrics: Record<string, number>;
  /** Every rule in config order, disabled ones included. */
  rules: JsonRule[];
  /** Every checklist item in the evaluators' order. */
  checklist: JsonChecklistItem[];
}

export interface JsonRule {
  id: string;
  name: string;
  metric: string;
  operator: Operator;
  /** A threshold rule's limit; null for baseline and anomaly rules. */
  threshold: number | null;
  /** Seconds the rule looks back over; null = all samples. */
  timeWindow: number | null;
  /** A baseline rule's comparison (window in seconds); null for other rules. */
  baseline: { against: 'production'; factor: number; window: number; target: string | null } | null;
  /** An anomaly rule's settings (window in seconds, trigger as `3/4`); null for other rules. */
  anomaly: { sensitivity: number; window: number; trigger: string; direction: string } | null;
  /** The limit the value was held to (a threshold, or what the history made of a baseline or anomaly rule). */
  limit: number | null;
  severity: Severity;
  enabled: boolean;
  origin: 'default' | 'config';
  /** Channel types only (`rollbar`): their config is the user's and may hold more than a report needs. */
  channels: string[];
  state: RuleResult['state'];
  /** The observed value in the metric's unit; null when the metric does not exist or was not looked at. */
  value: number | null;
  /** Seconds of samples the value was computed over. */
  windowSeconds: number | null;
  /** Why the rule was skipped, or a remark on its window. */
  note: string | null;
}

export interface JsonChecklistItem {
  id: string;
  name: string;
  required: boolean;
  state: ChecklistItemResult['state'];
  detail: string;
}

export interface JsonSample {
  startedAt: string | null;
  durationMs: number;
  httpStatus: number | null;
  error: string | null;
  /** The status the answer claimed, when its body was understood. */
  status: HealthStatus | null;
}

export interface JsonService {
  key: string;
  name: string;
  status: ServiceStatus;
  responseTimeMs: number | null;
  provider: string | null;
  detail: string | null;
}

/** Settings without secret values: a secret shows only as whether it was given. */
export interface JsonSettings {
  deploymentUrl: string | null;
  /** A Vercel deployment id given as `deployment-url` (`dpl_…`). */
  deploymentId: string | null;
  sha: string | null;
  environment: Settings['environment'];
  healthPath: string;
  healthFormat: Settings['healthFormat'];
  failOn: Settings['failOn'];
  waitTimeoutMs: number;
  requestTimeoutMs: number;
  healthTimeoutMs: number;
  vercel: { project: string | null; team: string | null; apiUrl: string; tokenGiven: boolean };
  headerNames: string[];
  protectionBypassGiven: boolean;
  githubTokenGiven: boolean;
}

export const TOOL_NAME = 'deployment-health-gate';

export function buildJsonReport(
  run: RunResult,
  options: { version: string /** ms since epoch; defaults to the end of the run. */; generatedAt?: number },
): JsonReport {
  const view = viewOf(run);
  const { deployment: d, document, samples } = view;
  const redacted = view.run;
  const { resolve, probe, verdict, settings, context, evaluation } = redacted;
  const lastAnswer = [...samples].reverse().find((s) => s.httpStatus !== undefined);

  const report: JsonReport = {
    schemaVersion: 1,
    tool: { name: TOOL_NAME, version: options.version },
    generatedAt: iso(options.generatedAt ?? run.timings.startedAt + run.timings.totalMs),
    verdict: {
      status: verdict.status,
      reason: verdict.reason,
      message: verdict.message,
      gateFailed: run.gateFailed,
      failOn: settings.failOn,
    },
    deployment: {
      url: d.url ?? null,
      id: d.id ?? null,
      sha: d.sha,
      environment: d.environment,
      inspectorUrl: d.inspectorUrl ?? null,
      source: d.source ?? null,
      project: d.project ?? null,
      githubDeploymentId: d.githubDeploymentId ?? null,
    },
    event: {
      name: context.eventName,
      runUrl: context.runUrl || null,
      repository: context.owner && context.repo ? `${context.owner}/${context.repo}` : null,
    },
    wait: {
      outcome: resolve?.kind ?? 'not-run',
      reason: resolve?.kind === 'stopped' ? resolve.reason : null,
      message: resolve?.kind === 'stopped' ? resolve.message : null,
      waitedMs: resolve?.waitedMs ?? 0,
      requests: resolve?.requests ?? 0,
      buildLog: view.buildLog,
    },
    probe: {
      url: probe?.url ?? null,
      outcome: probe?.kind ?? 'not-run',
      reason: probe?.kind === 'failed' ? probe.reason : null,
      message: probe?.kind === 'failed' ? probe.message : null,
      format: document?.format ?? null,
      status: document?.status ?? null,
      httpStatus: lastAnswer?.httpStatus ?? null,
      attempts: samples.length,
      elapsedMs: probe?.elapsedMs ?? 0,
      warnings: document?.warnings ?? [],
      samples: samples.map((s) => ({
        startedAt: iso(s.startedAt),
        durationMs: s.durationMs,
        httpStatus: s.httpStatus ?? null,
        error: s.error ?? null,
        status: s.status ?? null,
      })),
    },
    // The endpoint's order, not the summary's worst-first order: this is the record, not the reading.
    services: (document?.services ?? []).map((s) => ({
      key: s.key,
      name: s.name,
      status: s.status,
      responseTimeMs: s.responseTimeMs ?? null,
      provider: s.provider ?? null,
      detail: s.detail ?? null,
    })),
    findings: verdict.findings.map((f) => ({
      source: f.source,
      id: f.id,
      title: f.title,
      status: f.status,
      message: f.message,
    })),
    evaluation: {
      metrics: view.metrics,
      rules: evaluation.rules.map(jsonRule),
      checklist: evaluation.checklist.map((item) => ({
        id: item.id,
        name: item.name,
        required: item.required,
        state: item.state,
        detail: item.detail,
      })),
    },
    timings: {
      startedAt: iso(run.timings.startedAt),
      waitMs: run.timings.waitMs,
      probeMs: run.timings.probeMs,
      totalMs: run.timings.totalMs,
    },
    settings: {
      deploymentUrl: settings.deploymentUrl ?? null,
      deploymentId: settings.deploymentId ?? null,
      sha: settings.sha ?? null,
      environment: settings.environment,
      healthPath: settings.healthPath,
      healthFormat: settings.healthFormat,
      failOn: settings.failOn,
      waitTimeoutMs: settings.waitTimeoutMs,
      requestTimeoutMs: settings.requestTimeoutMs,
      healthTimeoutMs: settings.healthTimeoutMs,
      vercel: {
        project: settings.vercel.project ?? null,
        team: settings.vercel.team ?? null,
        apiUrl: settings.vercel.apiUrl,
        tokenGiven: Boolean(settings.vercel.token),
      },
      headerNames: settings.headers.map(([name]) => name),
      protectionBypassGiven: Boolean(settings.protectionBypass),
      githubTokenGiven: Boolean(settings.githubToken),
    },
  };
  // Settings' own free text (URLs, names) could still hold a secret someone pasted; mask the whole record.
  return redactDeep(report, secretsToRedact(run));
}

/** One rule's result as the JSON reports (the gate's and the monitor's) write it. */
export function jsonRule({ rule, state, value, windowSeconds, note, limit }: RuleResult): JsonRule {
  const { baseline, anomaly } = rule.condition;
  return {
    id: rule.id,
    name: rule.name,
    metric: rule.condition.metric,
    operator: rule.condition.operator,
    threshold: finiteOrNull(rule.condition.threshold),
    timeWindow: finiteOrNull(rule.condition.timeWindow),
    baseline: baseline ? { ...baseline, target: baseline.target ?? null } : null,
    anomaly: anomaly ? { ...anomaly, trigger: `${anomaly.trigger.flagged}/${anomaly.trigger.of}` } : null,
    limit: finiteOrNull(rule.condition.threshold ?? limit),
    severity: rule.severity,
    enabled: rule.enabled,
    origin: rule.origin,
    channels: rule.channels.map((channel) => channel.type),
    state,
    value: finiteOrNull(value),
    windowSeconds: finiteOrNull(windowSeconds),
    note: note ?? null,
  };
}

/** NaN and Infinity would turn into `null` in JSON anyway; say so in the type. */
const finiteOrNull = (n: number | undefined): number | null =>
  typeof n === 'number' && Number.isFinite(n) ? n : null;

function iso(ms: number | undefined): string | null {
  // Beyond ±8.64e15 ms a Date is invalid and toISOString() throws.
  return typeof ms === 'number' && Number.isFinite(ms) && Math.abs(ms) <= 8.64e15
    ? new Date(ms).toISOString()
    : null;
}
