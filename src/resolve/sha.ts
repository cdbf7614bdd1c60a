import { get } from '../clients/untyped.js';
import type { RunContext } from '../model/run-context.js';
import type { Settings } from '../settings/settings.js';

const SHA = /^[0-9a-f]{7,40}$/i;

/**
 * The commit to resolve and report on: the `sha` input, else the event's (PR head, `deployment.sha`,
 * `client_payload.git.sha`, workflow_run head), else GITHUB_SHA. On `repository_dispatch` GITHUB_SHA is the
 * default branch, not the deployed commit, which is why the event comes first.
 */
export function resolveSha(settings: Settings, context: RunContext): string {
  if (settings.sha) return settings.sha.toLowerCase();
  return (shaFromEvent(context) ?? context.sha).toLowerCase();
}

export function shaFromEvent(context: RunContext): string | undefined {
  const payload = context.payload;
  const candidates: unknown[] = [];
  switch (context.eventName) {
    case 'pull_request':
    case 'pull_request_target':
    case 'pull_request_review':
      candidates.push(get(payload, 'pull_request', 'head', 'sha'));
      break;
    case 'deployment_status':
    case 'deployment':
      candidates.push(get(payload, 'deployment', 'sha'));
      break;
    case 'repository_dispatch':
      candidates.push(get(payload, 'client_payload', 'git', 'sha'), get(payload, 'client_payload', 'sha'));
      break;
    case 'workflow_run':
      candidates.push(get(payload, 'workflow_run', 'head_sha'));
      break;
    case 'check_suite':
      candidates.push(get(payload, 'check_suite', 'head_sha'));
      break;
  }
  const found = candidates.find((c): c is string => typeof c === 'string' && SHA.test(c));
  return found?.toLowerCase();
}
