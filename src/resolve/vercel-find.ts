import { backoffDelay } from '../clients/backoff.js';
import type { VercelApi } from '../clients/vercel-api.js';
import { shaMatches, type VercelDeployment } from '../clients/vercel-deployment.js';
import type { Target } from '../model/types.js';
import { untrusted } from '../util/text.js';
import { sameProject } from './environment.js';
import { pollList } from './poll-list.js';
import { StopResolving, type WaitContext } from './wait-context.js';

export interface DeploymentQuery {
  sha: string;
  /** Project id or name (`vercel-project`); without it every project's deployments of the SHA are seen. */
  project: string | undefined;
  /** Only this target, when the `environment` input names one. */
  target: Target | undefined;
}

/**
 * Finds the newest deployment of `sha` (of the named project, for the target asked for), polling the list
 * while none exists yet: Vercel's Git integration creates it a few seconds after the push. The list is
 * asked for the SHA (`sha=`), the project and the target, and filtered here again, so a deployment of
 * another project with the same commit is never chosen even if the API ignored a filter.
 */
export async function findDeploymentForSha(
  ctx: WaitContext,
  api: VercelApi,
  query: DeploymentQuery,
): Promise<VercelDeployment> {
  const short = query.sha.slice(0, 7);
  const ofProject = query.project ? ` of project \`${untrusted(query.project, 80)}\`` : '';
  const forTarget = query.target ? ` (${query.target})` : '';
  ctx.progress = `no Vercel deployment${ofProject} for commit ${short}${forTarget} had appeared`;
  for (let attempt = 0; ; attempt++) {
    const listed = await pollList(
      () =>
        api.listDeployments({
          projectId: query.project,
          // Vercel's `sha` filter wants the full commit; a short `sha` input is matched here instead.
          sha: query.sha.length === 40 ? query.sha : undefined,
          target: query.target,
        }),
      query.project
        ? `The Vercel API does not know project \`${untrusted(query.project, 80)}\` (404 from ` +
            'GET /v6/deployments). Check `vercel-project` (project name or `prj_…` id) and, for team ' +
            'projects, `vercel-team`.'
        : 'The Vercel API answered 404 to GET /v6/deployments. Check `vercel-api-url` and `vercel-team`.',
    );
    const matching = listed.filter(
      (d) =>
        shaMatches(d.sha, query.sha) &&
        (!query.project ||
          sameProject(d.projectId, query.project) ||
          sameProject(d.project, query.project)) &&
        (!query.target || d.target === query.target),
    );
    if (!query.project) refuseAmbiguity(matching, short);
    const newest = matching[0];
    if (newest) return newest;
    ctx.note('vercel:find', 'waiting', `Waiting for Vercel to create a deployment${ofProject} for ${short}…`);
    await ctx.sleep(backoffDelay(attempt, ctx.policy.poll, ctx.deps.random));
  }
}

/** Deployments of several projects for one commit (a monorepo) and no `vercel-project`: do not guess. */
function refuseAmbiguity(matching: VercelDeployment[], short: string): void {
  const projects = [...new Set(matching.map((d) => d.project ?? d.projectId ?? '?'))];
  if (projects.length < 2) return;
  const names = projects.map((p) => `\`${untrusted(p, 80)}\``).join(', ');
  throw new StopResolving(
    'config',
    `Commit ${short} has Vercel deployments of ${projects.length} projects (${names}) and \`vercel-project\` ` +
      'is not set, so the gate cannot tell which one to check. Set `vercel-project` to one of them (one gate ' +
      'step per project in a monorepo).',
  );
}
