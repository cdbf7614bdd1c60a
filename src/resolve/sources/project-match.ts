import { backoffDelay } from '../../clients/backoff.js';
import { TransientFailure } from '../../clients/errors.js';
import { asString, get } from '../../clients/untyped.js';
import type { VercelApi } from '../../clients/vercel-api.js';
import type { VercelDeployment } from '../../clients/vercel-deployment.js';
import { untrusted } from '../../util/text.js';
import { StopResolving, type WaitContext } from '../wait-context.js';

/**
 * A deployment named by hand (`deployment-url`: a `dpl_…` id, or a URL Vercel knows) must belong to the
 * project `vercel-project` names: everything after this (the Vercel check run, promotion, rollback, the
 * checklist's variables) acts on that project, so a deployment of another one would be checked against the
 * wrong project — or promoted into another project's production. Stops with a configuration error naming
 * both projects, before anything is written.
 *
 * The deployment's own `projectId` and name (its project's name when it was built) settle the usual case
 * without a request; otherwise the named project is read (`GET /v9/projects/{idOrName}`: an id, a renamed
 * project) and its id compared. A Vercel that does not answer is asked again until the wait budget ends:
 * unconfirmed is never taken for confirmed.
 */
export async function ensureNamedProject(
  ctx: WaitContext,
  api: VercelApi,
  deployment: VercelDeployment,
): Promise<void> {
  const wanted = ctx.settings.vercel.project;
  if (!wanted) return;
  const { projectId, project: name } = deployment;
  if (!projectId && !name) return; // Vercel said nothing about the project: nothing to hold it against.
  if (projectId === wanted || name?.toLowerCase() === wanted.toLowerCase()) return;

  for (let attempt = 0; ; attempt++) {
    try {
      const answer = await api.call('GET', `/v9/projects/${encodeURIComponent(wanted)}`);
      if (answer.status < 300) {
        const id = asString(get(answer.data, 'id'));
        if (!id) throw new TransientFailure('the Vercel API answered without a project id');
        if (projectId !== undefined && id === projectId) return;
        throw mismatch(deployment, wanted, { id, name: asString(get(answer.data, 'name')) });
      }
      throw mismatch(deployment, wanted, undefined, answer.status);
    } catch (error) {
      if (!(error instanceof TransientFailure)) throw error;
    }
    await ctx.sleep(backoffDelay(attempt, ctx.policy.poll, ctx.deps.random));
  }
}

function mismatch(
  deployment: VercelDeployment,
  wanted: string,
  named: { id: string; name?: string | undefined } | undefined,
  status?: number,
): StopResolving {
  const theirs = projectWords(deployment.project, deployment.projectId);
  const ours = named
    ? projectWords(named.name ?? wanted, named.id)
    : `\`${untrusted(wanted, 100)}\`${status === 404 ? ', which Vercel does not know in this scope' : ` (the Vercel API answered ${status} to reading it)`}`;
  const other = deployment.project ?? deployment.projectId ?? 'the other project';
  return new StopResolving(
    'config',
    `\`deployment-url\` names deployment ${untrusted(deployment.id, 80)} of Vercel project ${theirs}, but ` +
      `\`vercel-project\` is ${ours}. The gate checks, reports on and promotes only the named project's ` +
      `deployments: name a deployment of ${untrusted(wanted, 100)}, or set \`vercel-project: ` +
      `${untrusted(other, 100)}\` to check this one.`,
  );
}

/** `docs (prj_123)`, escaped. */
function projectWords(name: string | undefined, id: string | undefined): string {
  const shownName = name ? untrusted(name, 100) : undefined;
  const shownId = id ? untrusted(id, 80) : undefined;
  if (shownName && shownId && shownName !== shownId) return `${shownName} (${shownId})`;
  return shownName ?? shownId ?? 'unknown';
}
