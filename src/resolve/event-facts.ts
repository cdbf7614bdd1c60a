import { isVercelDashboard, normalizeDeploymentUrl } from '../clients/deployment-url.js';
import { asString, get } from '../clients/untyped.js';
import type { RunContext } from '../model/run-context.js';
import type { Target } from '../model/types.js';
import { parseEnvironmentName } from './environment.js';

/** What a `deployment_status` event says about the deployment (Vercel's GitHub integration sends these). */
export interface DeploymentStatusFacts {
  /** success | failure | error | pending | queued | in_progress | inactive */
  state: string;
  url?: string | undefined;
  /** `target_url` when it points at the Vercel dashboard rather than the deployment. */
  inspectorUrl?: string | undefined;
  sha?: string | undefined;
  environmentName?: string | undefined;
  target?: Target | undefined;
  /** From "Preview – web" style environment names. */
  project?: string | undefined;
  githubDeploymentId?: number | undefined;
  description?: string | undefined;
}

export function readDeploymentStatusEvent(context: RunContext): DeploymentStatusFacts | undefined {
  if (context.eventName !== 'deployment_status') return undefined;
  const { payload } = context;
  const state = asString(get(payload, 'deployment_status', 'state'))?.toLowerCase();
  if (!state) return undefined;
  const environmentName =
    asString(get(payload, 'deployment_status', 'environment')) ??
    asString(get(payload, 'deployment', 'environment'));
  const parsed = environmentName ? parseEnvironmentName(environmentName) : undefined;
  const production = get(payload, 'deployment', 'production_environment');
  const target = production === true ? 'production' : parsed?.target;
  const id = get(payload, 'deployment', 'id');
  return {
    state,
    ...statusUrls(get(payload, 'deployment_status')),
    sha: asString(get(payload, 'deployment', 'sha'))?.toLowerCase(),
    environmentName,
    target,
    project: parsed?.project,
    githubDeploymentId: typeof id === 'number' && Number.isSafeInteger(id) ? id : undefined,
    description: asString(get(payload, 'deployment_status', 'description')),
  };
}

/**
 * The deployment URL of a GitHub deployment status: `environment_url`, else `target_url` unless that is a
 * Vercel dashboard link (then it is the inspector link, not the deployment).
 */
export function statusUrls(status: unknown): { url?: string; inspectorUrl?: string } {
  const environmentUrl = normalizeDeploymentUrl(get(status, 'environment_url'));
  const targetUrl = normalizeDeploymentUrl(get(status, 'target_url'));
  const logUrl = normalizeDeploymentUrl(get(status, 'log_url'));
  const dashboard = [targetUrl, logUrl].find((u) => u !== undefined && isVercelDashboard(u));
  const url =
    (environmentUrl && !isVercelDashboard(environmentUrl) ? environmentUrl : undefined) ??
    (targetUrl && !isVercelDashboard(targetUrl) ? targetUrl : undefined);
  return { ...(url ? { url } : {}), ...(dashboard ? { inspectorUrl: dashboard } : {}) };
}

/** What a Vercel `repository_dispatch` event means for the gate. */
export type DispatchOutcome = 'ready' | 'error' | 'canceled' | 'skipped' | 'pending';

/**
 * A Vercel `repository_dispatch` event (`vercel.deployment.<type>`). Payload as Vercel documents it in
 * @vercel/repository-dispatch: `{ environment, git: { ref, sha, shortSha }, id, project: { id, name },
 * state: { type, detail? }, url, alias?, error? }`.
 */
export interface DispatchFacts {
  /** The event type, e.g. `vercel.deployment.success`. */
  type: string;
  outcome: DispatchOutcome;
  url?: string | undefined;
  sha?: string | undefined;
  /** Vercel deployment id (`dpl_…`). */
  id?: string | undefined;
  projectId?: string | undefined;
  projectName?: string | undefined;
  environment?: string | undefined;
  target?: Target | undefined;
  /** Failure reason (`error`) and `state.detail` (e.g. `checks_failed`) for error events. */
  error?: string | undefined;
  detail?: string | undefined;
}

export const DISPATCH_PREFIX = 'vercel.deployment.';

const OUTCOME_BY_WORD: Record<string, DispatchOutcome> = {
  success: 'ready',
  ready: 'ready',
  promoted: 'ready',
  error: 'error',
  failed: 'error',
  canceled: 'canceled',
  cancelled: 'canceled',
  ignored: 'skipped',
  skipped: 'skipped',
  pending: 'pending',
};

export function readDispatchEvent(context: RunContext): DispatchFacts | undefined {
  if (context.eventName !== 'repository_dispatch') return undefined;
  const { payload } = context;
  const type = asString(get(payload, 'action'));
  if (!type?.toLowerCase().startsWith(DISPATCH_PREFIX)) return undefined;
  const client = get(payload, 'client_payload');
  const word = type.slice(DISPATCH_PREFIX.length).toLowerCase();
  const stateWord = asString(get(client, 'state', 'type'))?.toLowerCase();
  // The event type decides; `state.type` covers event types Vercel may add later.
  const outcome = OUTCOME_BY_WORD[word] ?? (stateWord ? OUTCOME_BY_WORD[stateWord] : undefined) ?? 'pending';
  const project = get(client, 'project');
  const environment = asString(get(client, 'environment'));
  return {
    type,
    outcome,
    url: normalizeDeploymentUrl(get(client, 'url')),
    sha: asString(get(client, 'git', 'sha'))?.toLowerCase() ?? asString(get(client, 'sha'))?.toLowerCase(),
    id: asString(get(client, 'id')),
    // Vercel sends `project: { id, name }`; accept a plain string as well.
    projectId: asString(get(project, 'id')),
    projectName: typeof project === 'string' ? asString(project) : asString(get(project, 'name')),
    environment,
    target: environment ? parseEnvironmentName(environment).target : undefined,
    error: asString(get(client, 'error')),
    detail: asString(get(client, 'state', 'detail')),
  };
}
