import { backoffDelay } from '../../clients/backoff.js';
import { TransientFailure } from '../../clients/errors.js';
import { VercelApi } from '../../clients/vercel-api.js';
import type { Deps } from '../../model/deps.js';
import type { ResolveOutcome, ResolveSource } from '../../model/types.js';
import { untrusted } from '../../util/text.js';
import { findDeploymentForSha } from '../vercel-find.js';
import { waitUntilFinal } from '../vercel-wait.js';
import { StopResolving, type WaitContext } from '../wait-context.js';
import { ensureNamedProject } from './project-match.js';
import { outcomeForVercel } from './vercel-outcome.js';

export function vercelApi(ctx: WaitContext, deps: Deps): VercelApi | undefined {
  const { token, team, apiUrl } = ctx.settings.vercel;
  return token ? new VercelApi(ctx, { token, team, apiUrl }, deps.dispatcher) : undefined;
}

/** Step 4: this commit's deployment of the project, found through the Vercel API and waited for. */
export async function resolveFromVercelBySha(
  ctx: WaitContext,
  api: VercelApi,
  want: { sha: string; project: string | undefined },
): Promise<ResolveOutcome> {
  ctx.learn({ source: 'vercel-api' });
  const target = ctx.settings.environment === 'auto' ? undefined : ctx.settings.environment;
  const found = await findDeploymentForSha(ctx, api, { ...want, target });
  const final = await waitUntilFinal(ctx, api, found);
  return outcomeForVercel(ctx, final, { source: 'vercel-api' });
}

/**
 * A deployment known by id (`deployment-url: dpl_…`, a pending dispatch event): looked up and waited for. One
 * the user named must belong to `vercel-project` (`ensureNamedProject`).
 */
export async function resolveFromVercelById(
  ctx: WaitContext,
  api: VercelApi,
  id: string,
  source: ResolveSource,
): Promise<ResolveOutcome> {
  ctx.progress = `Vercel deployment ${untrusted(id, 80)} had not been looked up yet`;
  for (let attempt = 0; ; attempt++) {
    try {
      const found = await api.getDeployment(id);
      if (!found) {
        throw new StopResolving(
          'not-found',
          `The Vercel API does not know deployment ${untrusted(id, 80)} (404). Check that \`vercel-token\` and ` +
            '`vercel-team` belong to the team that owns the project.',
        );
      }
      if (source === 'input') await ensureNamedProject(ctx, api, found);
      const final = await waitUntilFinal(ctx, api, found);
      return outcomeForVercel(ctx, final, { source });
    } catch (error) {
      if (!(error instanceof TransientFailure)) throw error;
    }
    await ctx.sleep(backoffDelay(attempt, ctx.policy.poll, ctx.deps.random));
  }
}
