import { asString, get } from '../../clients/untyped.js';
import type { RunContext } from '../../model/run-context.js';
import type { RunResult } from '../../model/run-result.js';
import { reasonTitle, statusLabel } from '../../render/labels.js';
import type { Settings } from '../../settings/settings.js';
import { untrusted } from '../../util/text.js';

/** GitHub rejects a deployment status description of 140 characters or more. */
const DESCRIPTION_MAX = 139;

/**
 * `[Deployment health]`: every deployment status the action writes starts with its check's name in brackets,
 * so a workflow triggered by `deployment_status` can recognise the action's own statuses and not loop.
 */
export function statusMarker(settings: Settings): string {
  return `[${untrusted(settings.checkName, 60)}]`;
}

/** The marker and `text`, shortened to GitHub's limit without ever cutting into the marker. */
export function statusDescription(settings: Settings, text: string): string {
  const full = `${statusMarker(settings)} ${untrusted(text, DESCRIPTION_MAX)}`;
  return full.length <= DESCRIPTION_MAX ? full : `${full.slice(0, DESCRIPTION_MAX - 1)}…`;
}

export const IN_PROGRESS_TEXT = 'Checking the deployment’s health…';
export const STRANDED_TEXT = 'Stopped before a verdict; re-run the workflow to check the deployment';

export function finalStatusText(run: RunResult): string {
  const { status, reason } = run.verdict;
  if (reason === 'cancelled')
    return 'Cancelled before a verdict; re-run the workflow to check the deployment';
  if (reason === 'ok') return 'Healthy; the gate passes';
  return `${statusLabel[status]}: ${reasonTitle[reason]}; the gate ${run.gateFailed ? 'fails' : 'passes'}`;
}

/** Whether `url` is a run of this repository's Actions (what the action writes as `log_url`). */
function isRunOfThisRepository(url: string, context: RunContext): boolean {
  if (!context.owner || !context.repo) return false;
  const prefix = `${context.serverUrl}/${context.owner}/${context.repo}/actions/runs/`.toLowerCase();
  return url.toLowerCase().startsWith(prefix);
}

/**
 * True for a `deployment_status` event caused by a status this action wrote: its description starts with
 * the marker, and its `log_url` (when it has one) is a run of this repository. Main ends such runs at once,
 * so a personal access token, whose statuses do trigger workflows, cannot start a loop.
 */
export function isOwnDeploymentStatusEvent(context: RunContext, settings: Settings): boolean {
  if (context.eventName !== 'deployment_status') return false;
  const status = get(context.payload, 'deployment_status');
  const description = asString(get(status, 'description'));
  if (!description?.startsWith(statusMarker(settings))) return false;
  const logUrl = asString(get(status, 'log_url'));
  return logUrl === undefined || isRunOfThisRepository(logUrl, context);
}

/** Whether a status read back from GitHub is one the action wrote. */
export function isOwnStatus(status: unknown, settings: Settings): boolean {
  return asString(get(status, 'description'))?.startsWith(statusMarker(settings)) ?? false;
}
