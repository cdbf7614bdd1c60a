import type { RunResult } from '../run-result.js';
import { redactText, secretsToRedact } from './redact.js';
import { viewOf } from './run-view.js';

/**
 * The action's outputs this stage knows about; other reporters (check run, metrics) add theirs. Every
 * output is always set, empty when unknown, so `if: steps.gate.outputs.deployment-url != ''` works.
 */
export function outputsFor(run: RunResult, reportPath?: string): Record<string, string> {
  const { deployment } = viewOf(run);
  const secrets = secretsToRedact(run);
  return {
    status: run.verdict.status,
    reason: run.verdict.reason,
    'deployment-url': redactText(deployment.url ?? '', secrets),
    'deployment-id': redactText(deployment.id ?? '', secrets),
    sha: deployment.sha,
    environment: deployment.environment,
    'report-path': reportPath ?? '',
  };
}
