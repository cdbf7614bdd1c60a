import type { GateConfig } from '../config/types.js';
import type { Incident, TargetState } from '../history/types.js';
import type { RunContext } from '../model/run-context.js';
import { type HealthStatus, type Reason, worse } from '../model/types.js';
import { jsonRule } from '../render/json-report.js';
import { statusEmoji } from '../render/labels.js';
import { formatDuration, untrusted } from '../util/text.js';
import type { TargetCheck } from './check-target.js';
import { recordStats } from './record.js';
import type { MonitorSettings } from './settings.js';
import { monitorSummary } from './summary.js';
import type { IncidentEvent } from './types.js';

/** What happened to a target's incident this run, as the `targets` output says it. */
export type IncidentState = 'none' | 'opened' | 'ongoing' | 'updated' | 'resolved';

/** One target after this run: its check, its confirmed state and its incident. */
export interface TargetOutcome {
  check: TargetCheck;
  state: TargetState;
  event: IncidentEvent | undefined;
  /** The incident this run told, or the one still open. */
  incident: Incident | undefined;
}

/** One target as the `targets` output and the JSON report give it. */
export interface TargetOutput {
  url: string;
  status: HealthStatus;
  reason: Reason;
  confirmed: HealthStatus;
  avgResponseTime: number | null;
  errorRate: number | null;
  incident: { state: IncidentState; url: string | null };
}

export interface MonitorReport {
  /** Worst confirmed state over all targets, and its reason. */
  status: HealthStatus;
  reason: Reason;
  targets: Record<string, TargetOutput>;
  outcomes: TargetOutcome[];
  /** Incidents this run opened, updated or resolved. */
  incidents: Incident[];
  historyCommit: string | undefined;
  warnings: string[];
  /** Whether the worst confirmed state fails the step under `fail-on`. */
  failed: boolean;
  /** One line per target (and per incident change), for the log and the command line. */
  consoleLines: string[];
  summary: string;
  /** The JSON report (`schemaVersion: 1`). */
  json: Record<string, unknown>;
}

export function incidentState(outcome: TargetOutcome): IncidentState {
  switch (outcome.event?.kind) {
    case 'opened':
      return 'opened';
    case 'updated':
    case 'reminder':
      return 'updated';
    case 'resolved':
      return 'resolved';
    default:
      return outcome.incident?.state === 'open' ? 'ongoing' : 'none';
  }
}

/** A target's confirmed reason: `ok` when healthy, else its incident's (or its last run's) reason. */
const confirmedReason = (state: TargetState): Reason =>
  state.confirmed === 'healthy' ? 'ok' : (state.incident?.reason ?? state.lastReason);

export function monitorReport(input: {
  settings: MonitorSettings;
  config: GateConfig;
  outcomes: TargetOutcome[];
  incidents: Incident[];
  historyCommit: string | undefined;
  history: string;
  warnings: string[];
  startedAt: number;
  finishedAt: number;
  context: RunContext;
}): MonitorReport {
  const { outcomes, settings } = input;
  const targets: Record<string, TargetOutput> = {};
  let status: HealthStatus = 'healthy';
  let reason: Reason = 'ok';
  for (const outcome of outcomes) {
    const { record } = outcome.check;
    const { state } = outcome;
    targets[record.target] = {
      url: record.url,
      status: record.status,
      reason: record.reason,
      confirmed: state.confirmed,
      ...recordStats(record),
      incident: { state: incidentState(outcome), url: outcome.incident?.issue?.url ?? null },
    };
    if (worse(status, state.confirmed) !== status) {
      status = state.confirmed;
      reason = confirmedReason(state);
    }
  }
  const failed =
    settings.failOn !== 'never' &&
    (settings.failOn === 'degraded' ? status !== 'healthy' : status === 'unhealthy');
  const consoleLines = outcomes.flatMap((o) =>
    targetLines(o, targets[o.check.record.target] as TargetOutput),
  );
  const json = {
    schemaVersion: 1,
    kind: 'monitor',
    startedAt: new Date(input.startedAt).toISOString(),
    durationMs: input.finishedAt - input.startedAt,
    runUrl: input.context.runUrl || null,
    status,
    reason,
    failOn: settings.failOn,
    thresholds: { failure: settings.failureThreshold, success: settings.successThreshold },
    history: { store: input.history, commit: input.historyCommit ?? null },
    targets: Object.fromEntries(
      outcomes.map((o) => [
        o.check.record.target,
        {
          ...targets[o.check.record.target],
          record: o.check.record,
          state: o.state,
          // Every rule of this run (threshold, baseline, anomaly) with what it saw, as in the gate's report.
          rules: o.check.result.evaluation.rules.map(jsonRule),
        },
      ]),
    ),
    incidents: input.incidents,
    warnings: input.warnings,
  };
  const report: Omit<MonitorReport, 'summary'> = {
    status,
    reason,
    targets,
    outcomes,
    incidents: input.incidents,
    historyCommit: input.historyCommit,
    warnings: input.warnings,
    failed,
    consoleLines,
    json,
  };
  return { ...report, summary: monitorSummary(report, input.history) };
}

/** `🔴 shop: unhealthy (endpoint), confirmed healthy 1/2 — 120 ms, 33.3 % errors — https://…` */
function targetLines(outcome: TargetOutcome, out: TargetOutput): string[] {
  const { record } = outcome.check;
  const { state } = outcome;
  const counting =
    record.status === 'healthy'
      ? state.confirmed === 'healthy'
        ? ''
        : ` (${state.consecutiveSuccesses} healthy run${state.consecutiveSuccesses === 1 ? '' : 's'} in a row)`
      : state.confirmed === 'healthy'
        ? ` (${state.consecutiveFailures} failing run${state.consecutiveFailures === 1 ? '' : 's'} in a row)`
        : '';
  const latency = out.avgResponseTime === null ? 'no answer' : formatDuration(out.avgResponseTime);
  const lines = [
    `${statusEmoji[record.status]} ${record.target}: ${record.status}${record.reason === 'ok' ? '' : ` (${record.reason})`}, ` +
      `confirmed ${state.confirmed}${counting} — ${latency}, ${out.errorRate ?? 0} % errors — ${untrusted(record.url, 200)}`,
  ];
  if (record.status !== 'healthy') lines.push(`   ${untrusted(record.message, 500)}`);
  const incident = outcome.incident;
  const where = incident?.issue ? `: ${incident.issue.url}` : '';
  if (outcome.event?.kind === 'opened') lines.push(`   Incident opened${where}`);
  if (outcome.event?.kind === 'updated') lines.push(`   Incident updated${where}`);
  if (outcome.event?.kind === 'reminder') lines.push(`   Incident still open, reminder sent${where}`);
  if (outcome.event?.kind === 'resolved' && incident) {
    const lasted = (incident.resolvedAt ?? record.at) - incident.openedAt;
    lines.push(`   Incident resolved after ${formatDuration(lasted)}${where}`);
  }
  return lines;
}

/** The step's outputs (SPEC "Monitor"). */
export function monitorOutputs(
  report: MonitorReport,
  reportPath: string | undefined,
): Record<string, string> {
  return {
    status: report.status,
    reason: report.reason,
    targets: JSON.stringify(report.targets),
    incidents: JSON.stringify(report.incidents),
    'history-commit': report.historyCommit ?? '',
    'report-path': reportPath ?? '',
  };
}
