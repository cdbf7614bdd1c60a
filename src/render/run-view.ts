import type { ChecklistItemResult, RuleResult } from '../evaluate/evaluation.js';
import type { RunResult } from '../model/run-result.js';
import type {
  Finding,
  HealthDocument,
  Reason,
  ResolveSource,
  Sample,
  ServiceHealth,
  Target,
} from '../model/types.js';
import { serviceRank, statusRank } from './labels.js';
import { redactRun } from './redact.js';

/**
 * One flat, secret-free reading of a run that every renderer shares: what the deployment is, whether the run
 * stopped early and why, and what the endpoint said. Renderers then only decide how it looks.
 */
export interface RunView {
  /** The run with secrets masked in everything stages and servers wrote. */
  run: RunResult;
  deployment: DeploymentFacts;
  /** Set when the run ended before the endpoint gave an answer that could be evaluated. */
  stop: StopFacts | undefined;
  /** A failed build's last output lines, oldest first, secrets masked (empty for every other run). */
  buildLog: string[];
  /**
   * The endpoint's answer the deployment was judged by: the probe's (the last understood answer of the
   * observation window). A probe that failed has none; samples keep only the status each answer claimed.
   */
  document: HealthDocument | undefined;
  /** Worst first (fail, warn, pass), keeping the endpoint's order within each. */
  services: ServiceHealth[];
  /** Worst first, keeping the evaluators' order within each status. */
  findings: Finding[];
  samples: Sample[];
  /** The health endpoint's full URL, when probing started. */
  probeUrl: string | undefined;
  /** Every rule: triggered first (critical, warning, info), then ok, skipped, disabled; config order within. */
  rules: RuleResult[];
  /** Every checklist item: failed first (required before optional), the rest in the evaluators' order. */
  checklist: ChecklistItemResult[];
  /** Every metric the evaluation computed, by name (finite values only). */
  metrics: Record<string, number>;
  /** The observation window, when samples went on after the first definitive answer. */
  observation: ObservationFacts | undefined;
}

export interface ObservationFacts {
  /** Samples from the first definitive answer on, that answer included. */
  samples: number;
  /** From the start of the first answer to the end of the last sample. */
  spanMs: number;
  avgResponseTimeMs: number | undefined;
  p95ResponseTimeMs: number | undefined;
  /** Percent of the window's samples with a transport error, timeout or HTTP ≥ 500. */
  errorRatePercent: number | undefined;
}

export interface DeploymentFacts {
  url: string | undefined;
  id: string | undefined;
  sha: string;
  environment: Target;
  inspectorUrl: string | undefined;
  source: ResolveSource | undefined;
  project: string | undefined;
  githubDeploymentId: number | undefined;
}

export interface StopFacts {
  reason: Reason;
  message: string;
  /** Where the run stopped: waiting for Vercel, probing, or before either (configuration). */
  stage: 'resolve' | 'probe' | 'setup';
}

export function viewOf(original: RunResult): RunView {
  const run = redactRun(original);
  const probe = run.probe;
  const samples = probe?.samples ?? [];
  const document = probe?.kind === 'answered' ? probe.document : undefined;
  const metrics = finiteMetrics(run.evaluation.metrics);
  return {
    run,
    deployment: deploymentOf(run),
    stop: stopOf(run),
    buildLog: run.resolve?.kind === 'stopped' ? (run.resolve.buildLog ?? []) : [],
    document,
    services: [...(document?.services ?? [])].sort((a, b) => serviceRank[a.status] - serviceRank[b.status]),
    findings: [...run.verdict.findings].sort((a, b) => statusRank[a.status] - statusRank[b.status]),
    samples,
    probeUrl: probe?.url,
    rules: sortRules(run.evaluation.rules),
    checklist: sortChecklist(run.evaluation.checklist),
    metrics,
    observation: probe?.kind === 'answered' ? observationOf(samples, metrics) : undefined,
  };
}

const ruleStateRank: Record<RuleResult['state'], number> = { triggered: 0, ok: 1, skipped: 2, disabled: 3 };
const severityRank: Record<RuleResult['rule']['severity'], number> = { critical: 0, warning: 1, info: 2 };

function sortRules(rules: RuleResult[]): RuleResult[] {
  // Array.prototype.sort is stable: config order survives within each group.
  return [...rules].sort(
    (a, b) =>
      ruleStateRank[a.state] - ruleStateRank[b.state] ||
      (a.state === 'triggered' && b.state === 'triggered'
        ? severityRank[a.rule.severity] - severityRank[b.rule.severity]
        : 0),
  );
}

function sortChecklist(items: ChecklistItemResult[]): ChecklistItemResult[] {
  const rank = (item: ChecklistItemResult) => (item.state !== 'failed' ? 2 : item.required ? 0 : 1);
  return [...items].sort((a, b) => rank(a) - rank(b));
}

function finiteMetrics(metrics: Record<string, number>): Record<string, number> {
  return Object.fromEntries(
    Object.entries(metrics).filter(([, value]) => typeof value === 'number' && Number.isFinite(value)),
  );
}

/**
 * Samples before the first definitive answer are warm-up retries; the window is the first answer and
 * everything after it (only answers that were understood carry a status). Nothing to say about a window of
 * one sample: that is just the answer.
 */
function observationOf(samples: Sample[], metrics: Record<string, number>): ObservationFacts | undefined {
  const first = samples.findIndex((s) => s.status !== undefined);
  const window = first >= 0 ? samples.slice(first) : [];
  const start = window[0];
  const end = window.at(-1);
  if (window.length < 2 || !start || !end) return undefined;
  return {
    samples: window.length,
    spanMs: Math.max(0, end.startedAt + end.durationMs - start.startedAt),
    avgResponseTimeMs: metrics.avg_response_time,
    p95ResponseTimeMs: metrics.p95_response_time,
    errorRatePercent: metrics.error_rate,
  };
}

function deploymentOf(run: RunResult): DeploymentFacts {
  const known = run.resolve?.deployment;
  return {
    url: known?.url ?? run.settings.deploymentUrl,
    id: known?.id,
    sha: known?.sha || run.sha,
    environment: known?.environment ?? run.environment,
    inspectorUrl: known?.inspectorUrl,
    source: known?.source,
    project: known?.project ?? run.settings.vercel.project,
    githubDeploymentId: known?.githubDeploymentId,
  };
}

function stopOf(run: RunResult): StopFacts | undefined {
  if (run.resolve?.kind === 'stopped') {
    return { reason: run.resolve.reason, message: run.resolve.message, stage: 'resolve' };
  }
  if (run.probe?.kind === 'failed') {
    return { reason: run.probe.reason, message: run.probe.message, stage: 'probe' };
  }
  // No answer to evaluate and still a bad verdict: something stopped the run before it began (config).
  if (run.probe === undefined && run.verdict.status !== 'healthy') {
    return { reason: run.verdict.reason, message: run.verdict.message, stage: 'setup' };
  }
  return undefined;
}
