import type { Target } from '../model/types.js';
import { normalizeDeploymentUrl } from './deployment-url.js';
import { asString, get } from './untyped.js';

/** A Vercel deployment as the list (`/v6/deployments`) or the detail (`/v13/deployments/…`) describes it. */
export interface VercelDeployment {
  id: string;
  /** Host without scheme, e.g. `web-abc123.vercel.app` (null in the list while uploading). */
  host?: string | undefined;
  /** QUEUED, INITIALIZING, BUILDING, READY, ERROR, CANCELED (upper case). */
  state: string;
  target: Target;
  projectId?: string | undefined;
  /** The project name (`name` of a deployment). */
  project?: string | undefined;
  sha?: string | undefined;
  inspectorUrl?: string | undefined;
  errorMessage?: string | undefined;
  errorCode?: string | undefined;
  createdAt: number;
  /** For a failed build: the last lines of its output, oldest first (see `build-log.ts`). */
  buildLog?: string[] | undefined;
}

/** Vercel's `target`: "production", or null/"staging"/custom for everything that is not production. */
export function targetFromVercel(target: unknown): Target {
  return typeof target === 'string' && target.toLowerCase() === 'production' ? 'production' : 'preview';
}

export const FINAL_STATES = new Set(['READY', 'ERROR', 'CANCELED']);

export function isFinal(state: string): boolean {
  return FINAL_STATES.has(state);
}

/** Reads one deployment object of either API version; undefined when it has no id. */
export function parseVercelDeployment(raw: unknown): VercelDeployment | undefined {
  const id = asString(get(raw, 'id')) ?? asString(get(raw, 'uid'));
  if (!id) return undefined;
  const state = (
    asString(get(raw, 'readyState')) ??
    asString(get(raw, 'state')) ??
    asString(get(raw, 'status')) ??
    'QUEUED'
  ).toUpperCase();
  const created = get(raw, 'createdAt') ?? get(raw, 'created');
  const sha =
    asString(get(raw, 'meta', 'githubCommitSha')) ??
    asString(get(raw, 'meta', 'gitlabCommitSha')) ??
    asString(get(raw, 'meta', 'bitbucketCommitSha'));
  return {
    id,
    host: asString(get(raw, 'url'))
      ?.replace(/^https?:\/\//i, '')
      .replace(/\/+$/, ''),
    state,
    target: targetFromVercel(get(raw, 'target')),
    projectId: asString(get(raw, 'projectId')),
    project: asString(get(raw, 'name')),
    sha: sha?.toLowerCase(),
    inspectorUrl: normalizeDeploymentUrl(get(raw, 'inspectorUrl')),
    errorMessage: asString(get(raw, 'errorMessage')),
    errorCode: asString(get(raw, 'errorCode')),
    createdAt: typeof created === 'number' ? created : 0,
  };
}

/** `deployments` of a list answer, newest first, skipping entries that are not deployments. */
export function parseDeploymentList(raw: unknown): VercelDeployment[] {
  const list = get(raw, 'deployments');
  if (!Array.isArray(list)) return [];
  return list
    .map(parseVercelDeployment)
    .filter((d): d is VercelDeployment => d !== undefined)
    .sort((a, b) => b.createdAt - a.createdAt);
}

/** A commit matches when equal, or when one side is an abbreviation of the other (`sha` input of 7+). */
export function shaMatches(deployed: string | undefined, wanted: string): boolean {
  if (!deployed) return false;
  const a = deployed.toLowerCase();
  const b = wanted.toLowerCase();
  return a === b || (b.length >= 7 && a.startsWith(b)) || (a.length >= 7 && b.startsWith(a));
}
