import { TransientFailure } from '../../clients/errors.js';
import { asString, get } from '../../clients/untyped.js';
import { parseVercelDeployment, type VercelDeployment } from '../../clients/vercel-deployment.js';
import { describeRefusal, type VercelPurpose, VercelRefused } from './refusal.js';
import type { VercelSession } from './session.js';

/** A deployment with what promotion and rollback need beyond what the resolver reads. */
export interface DeploymentFacts extends VercelDeployment {
  /**
   * `STAGED` (never served production), `ROLLING`, `PROMOTED` (has served production); READY ones only.
   */
  readySubstate?: string | undefined;
  /** False when it was built with automatic domain assignment off (`vercel deploy --prod --skip-domain`). */
  autoAssignCustomDomains?: boolean | undefined;
  /** When it became READY (Vercel's clock): when automatic assignment gave it production, if it did. */
  readyAt?: number | undefined;
}

/** Vercel's record of the project's latest promotion or rollback (`lastAliasRequest` of the project). */
export interface AliasRequest {
  type: 'promote' | 'rollback' | string;
  /** `pending`, `in-progress`, `succeeded`, `failed`, `skipped`. */
  jobStatus: string;
  toDeploymentId: string;
  /** What served production when it was requested (null in Vercel's answer when nothing did). */
  fromDeploymentId?: string | undefined;
  requestedAt?: number | undefined;
}

/** The project as far as the gate needs it: which deployment serves production now, and how it got there. */
export interface ProjectFacts {
  id: string;
  name?: string | undefined;
  /** `targets.production`: the deployment that serves production right now. */
  production?: { id: string; url?: string | undefined; createdAt?: number | undefined } | undefined;
  lastAliasRequest?: AliasRequest | undefined;
}

/** Whether two reads of `lastAliasRequest` name the same request. */
export function sameAliasRequest(a: AliasRequest | undefined, b: AliasRequest | undefined): boolean {
  if (!a || !b) return a === b;
  return a.type === b.type && a.toDeploymentId === b.toDeploymentId && a.requestedAt === b.requestedAt;
}

/**
 * Whether Vercel has paused automatic assignment of the production domains: after an Instant Rollback it
 * assigns none to new production deployments until one is promoted. Vercel keeps only the latest promotion or
 * rollback (`lastAliasRequest`); a succeeded rollback there means no promotion came after it.
 */
export function autoAssignPaused(project: ProjectFacts): boolean {
  const job = project.lastAliasRequest;
  return job?.type === 'rollback' && job.jobStatus === 'succeeded';
}

/** One call whose 2xx is wanted; 404 → undefined; other 4xx → VercelRefused in `purpose`'s words. */
export async function expectOk(
  session: VercelSession,
  purpose: VercelPurpose,
  method: 'GET' | 'POST' | 'PATCH',
  path: string,
  options: {
    query?: Record<string, string | undefined>;
    body?: unknown;
    notFound?: 'undefined' | 'refuse';
  } = {},
): Promise<{ status: number; data: unknown } | undefined> {
  const answer = await session.api.call(method, path, options);
  if (answer.status < 300) return answer;
  if (answer.status === 404 && options.notFound !== 'refuse') return undefined;
  throw new VercelRefused(
    answer.status,
    describeRefusal(purpose, answer.status, answer.data, `${method} ${path}`, session.api.team),
  );
}

export function deploymentFacts(raw: unknown): DeploymentFacts | undefined {
  const base = parseVercelDeployment(raw);
  if (!base) return undefined;
  const substate = asString(get(raw, 'readySubstate'))?.toUpperCase();
  const autoAssign = get(raw, 'autoAssignCustomDomains');
  const ready = get(raw, 'ready');
  return {
    ...base,
    readySubstate: substate,
    autoAssignCustomDomains: typeof autoAssign === 'boolean' ? autoAssign : undefined,
    readyAt: typeof ready === 'number' ? ready : undefined,
  };
}

/** `GET /v13/deployments/{idOrHost}`; undefined when Vercel does not know it (a custom or local URL). */
export async function readDeployment(
  session: VercelSession,
  purpose: VercelPurpose,
  idOrHost: string,
): Promise<DeploymentFacts | undefined> {
  const answer = await expectOk(session, purpose, 'GET', `/v13/deployments/${encodeURIComponent(idOrHost)}`);
  if (!answer) return undefined;
  const facts = deploymentFacts(answer.data);
  if (!facts) throw new TransientFailure('the Vercel API answered without a deployment id');
  return facts;
}

/** `GET /v9/projects/{idOrName}`: which deployment serves production, and the last promotion or rollback. */
export async function readProject(
  session: VercelSession,
  purpose: VercelPurpose,
  idOrName: string,
): Promise<ProjectFacts | undefined> {
  const answer = await expectOk(session, purpose, 'GET', `/v9/projects/${encodeURIComponent(idOrName)}`);
  if (!answer) return undefined;
  const data = answer.data;
  const id = asString(get(data, 'id'));
  if (!id) throw new TransientFailure('the Vercel API answered without a project id');
  const production = get(data, 'targets', 'production');
  const productionId = asString(get(production, 'id'));
  const created = get(production, 'createdAt');
  const alias = get(data, 'lastAliasRequest');
  const toDeploymentId = asString(get(alias, 'toDeploymentId'));
  const requestedAt = get(alias, 'requestedAt');
  return {
    id,
    name: asString(get(data, 'name')),
    production: productionId
      ? {
          id: productionId,
          url: asString(get(production, 'url')),
          createdAt: typeof created === 'number' ? created : undefined,
        }
      : undefined,
    lastAliasRequest: toDeploymentId
      ? {
          type: asString(get(alias, 'type')) ?? '',
          jobStatus: asString(get(alias, 'jobStatus')) ?? '',
          toDeploymentId,
          fromDeploymentId: asString(get(alias, 'fromDeploymentId')),
          requestedAt: typeof requestedAt === 'number' ? requestedAt : undefined,
        }
      : undefined,
  };
}

/** One page of the project's READY production deployments, newest first, and where the next page starts. */
export interface DeploymentPage {
  deployments: DeploymentFacts[];
  /** `pagination.next`: pass as `until` for the next (older) page; undefined on the last page. */
  next?: number | undefined;
}

/** Deployments per page: the most `GET /v6/deployments` hands out at once. */
export const PAGE_SIZE = 100;

/** `GET /v6/deployments?projectId&target=production&state=READY` (one page, from `until` back). */
export async function readyProductionPage(
  session: VercelSession,
  projectId: string,
  until?: number | undefined,
): Promise<DeploymentPage> {
  const answer = await expectOk(session, 'rollback', 'GET', '/v6/deployments', {
    query: {
      projectId,
      target: 'production',
      state: 'READY',
      limit: String(PAGE_SIZE),
      until: until === undefined ? undefined : String(until),
    },
    notFound: 'refuse',
  });
  const list = get(answer?.data, 'deployments');
  const next = get(answer?.data, 'pagination', 'next');
  const deployments = (Array.isArray(list) ? list : [])
    .map(deploymentFacts)
    .filter((d): d is DeploymentFacts => d !== undefined)
    .sort((a, b) => b.createdAt - a.createdAt);
  return { deployments, next: typeof next === 'number' && deployments.length > 0 ? next : undefined };
}

/** Status words of `GET /v1/projects/{id}/promote/aliases` entries that mean the move is still under way. */
const IN_FLIGHT = new Set(['pending', 'in-progress', 'in_progress']);

/**
 * `GET /v1/projects/{id}/promote/aliases`: the production aliases of the promotion Vercel is working on, with
 * their status. True when any of them is still being moved: a promotion is in flight.
 */
export async function promotionInFlight(session: VercelSession, projectId: string): Promise<boolean> {
  const answer = await expectOk(
    session,
    'promote',
    'GET',
    `/v1/projects/${encodeURIComponent(projectId)}/promote/aliases`,
    { query: { limit: '20' } },
  );
  const aliases = get(answer?.data, 'aliases');
  if (!Array.isArray(aliases)) return false;
  return aliases.some((alias) => IN_FLIGHT.has(asString(get(alias, 'status'))?.toLowerCase() ?? ''));
}
