import type { RunResult } from '../run-result.js';
import { untrusted } from '../util/text.js';
import type { VercelCheckConclusion } from './types.js';

/**
 * The check run's conclusion, as the GitHub check run's: a verdict the gate lets through is never `failed`,
 * since Vercel blocks on a failed check (a degraded deployment under `fail-on: unhealthy` is `neutral`).
 */
export function vercelConclusion(run: RunResult): VercelCheckConclusion {
  const { reason, status } = run.verdict;
  if (reason === 'cancelled') return 'canceled';
  if (reason === 'wait-timeout') return 'timeout';
  if (run.gateFailed) return 'failed';
  return status === 'healthy' ? 'succeeded' : 'neutral';
}

/** Vercel shows this beside the conclusion: short, one line. */
const MAX_TEXT = 200;

/** The verdict in a line: "Unhealthy (endpoint): The health endpoint reports unhealthy: …". */
export function conclusionText(run: RunResult): string {
  const { status, reason, message } = run.verdict;
  const head = `${status[0]?.toUpperCase()}${status.slice(1)}${reason === 'ok' ? '' : ` (${reason})`}`;
  return untrusted(`${head}: ${message}`, MAX_TEXT);
}
