import type {
  Finding,
  HealthDocument,
  Reason,
  ResolveSource,
  Sample,
  ServiceHealth,
  Target,
} from '../model.js';
import type { RunResult } from '../run-result.js';
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
  /** The endpoint's answer: the probe's, or the last understood sample of a probe that failed later. */
  document: HealthDocument | undefined;
  /** Worst first (fail, warn, pass), keeping the endpoint's order within each. */
  services: ServiceHealth[];
  /** Worst first, keeping the evaluators' order within each status. */
  findings: Finding[];
  samples: Sample[];
  /** The health endpoint's full URL, when probing started. */
  probeUrl: string | undefined;
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
  const document =
    probe?.kind === 'answered' ? probe.document : [...samples].reverse().find((s) => s.document)?.document;
  return {
    run,
    deployment: deploymentOf(run),
    stop: stopOf(run),
    document,
    services: [...(document?.services ?? [])].sort((a, b) => serviceRank[a.status] - serviceRank[b.status]),
    findings: [...run.verdict.findings].sort((a, b) => statusRank[a.status] - statusRank[b.status]),
    samples,
    probeUrl: probe?.url,
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
