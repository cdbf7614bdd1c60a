import type { RunContext } from '../../model/run-context.js';
import type { RunResult } from '../../model/run-result.js';
import { redactText, secretsToRedact } from '../../render/redact.js';

/** The states Rollbar knows a deploy in. */
export type DeployStatus = 'started' | 'succeeded' | 'failed' | 'timed_out';

/** Rollbar shows the comment in one line of the deploy list; keep it readable. */
const MAX_COMMENT = 1000;

/**
 * How the run ends, as a Rollbar deploy: an unhealthy verdict failed, a degraded or healthy one went live
 * (the comment says which), a deployment that never became ready in time timed out, and a cancelled run
 * failed with a comment saying it was cancelled (Rollbar has no `cancelled`).
 */
export function finalDeployStatus(run: RunResult): DeployStatus {
  const { reason, status } = run.verdict;
  if (reason === 'wait-timeout') return 'timed_out';
  if (reason === 'cancelled') return 'failed';
  return status === 'unhealthy' ? 'failed' : 'succeeded';
}

/** `Deployment health gate: checking https://… — run https://github.com/…/runs/1`. */
export function startedComment(deploymentUrl: string | undefined, sha: string, context: RunContext): string {
  const what = deploymentUrl ?? `the deployment of ${sha.slice(0, 7)}`;
  return clip(`Deployment health gate: checking ${what}${runLink(context)}`);
}

/**
 * `cancelled: …` for a cancelled run (so the `failed` is not read as a broken deployment), else the verdict
 * and its sentence. The sentence may quote a remote server, so secrets are masked.
 */
export function finalComment(run: RunResult, notes: string[] = []): string {
  const url = deploymentUrlOf(run);
  const on = url ? ` — ${url}` : '';
  const { status, reason, message } = run.verdict;
  const text =
    reason === 'cancelled'
      ? `cancelled: the run was cancelled before a verdict (${message})${on}`
      : `Deployment health gate: ${status} (${reason}) — ${message}${on}`;
  // What the gate did on Vercel (a rollback, a promotion) goes first, loudly: it is what an on-call reads.
  const loud = notes.length ? `${notes.join(' ')} — ` : '';
  return clip(redactText(`${loud}${text}${runLink(run.context)}`, secretsToRedact(run)));
}

export function deploymentUrlOf(run: RunResult): string | undefined {
  return run.resolve?.deployment.url;
}

function runLink(context: RunContext): string {
  return context.runUrl ? ` — run ${context.runUrl}` : '';
}

function clip(text: string): string {
  return text.length > MAX_COMMENT ? `${text.slice(0, MAX_COMMENT - 1)}…` : text;
}
