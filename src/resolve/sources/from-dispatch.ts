import type { VercelApi } from '../../clients/vercel-api.js';
import type { ResolveOutcome } from '../../model/types.js';
import { untrusted } from '../../util/text.js';
import { chooseEnvironment, eventForAnotherProject } from '../environment.js';
import type { DispatchFacts } from '../event-facts.js';
import { StopResolving, type WaitContext } from '../wait-context.js';
import { resolveFromVercelById } from './from-vercel.js';
import { words } from './words.js';

/**
 * Step 3: a Vercel `repository_dispatch` event (`vercel.deployment.*`). Success-like types are ready at
 * once; error/failed/canceled (and builds Vercel skipped) stop at once; `pending` waits through the Vercel
 * API when there is a token. Returns undefined when the event cannot decide (another project, no URL, no
 * token to wait with), so the next source is tried with the event's commit.
 */
export async function resolveFromDispatch(
  ctx: WaitContext,
  facts: DispatchFacts,
  api: VercelApi | undefined,
): Promise<ResolveOutcome | undefined> {
  const { settings, deps } = ctx;
  const project = facts.projectName ?? facts.projectId;
  const wanted = settings.vercel.project;
  if (wanted && project && eventForAnotherProject(wanted, [facts.projectName, facts.projectId])) {
    deps.logger.info(
      `This ${untrusted(facts.type, 60)} event is for project \`${untrusted(project, 80)}\`, not ` +
        `\`${untrusted(wanted, 80)}\`; looking up that project's deployment of the commit instead.`,
    );
    return undefined;
  }
  const environment = chooseEnvironment(settings.environment, facts.target);
  ctx.learn({ source: 'repository_dispatch', url: facts.url, id: facts.id, environment, project });
  const what = words(
    'Vercel deployment',
    facts.id && untrusted(facts.id, 80),
    project && `of project \`${untrusted(project, 80)}\``,
  );
  const type = untrusted(facts.type, 60);

  switch (facts.outcome) {
    case 'ready':
      if (facts.url) {
        return ctx.ready({
          url: facts.url,
          id: facts.id,
          sha: ctx.learnt.sha,
          environment,
          source: 'repository_dispatch',
          project,
        });
      }
      break;
    case 'error': {
      const why = facts.error ? `: "${untrusted(facts.error, 300)}"` : '';
      const detail = facts.detail ? ` (${untrusted(facts.detail, 60)})` : '';
      throw new StopResolving(
        'deployment-error',
        `Vercel sent ${type} for ${what}${why}${detail}. Open the deployment in the Vercel dashboard for the ` +
          'build log, fix the build and push again.',
      );
    }
    case 'canceled':
      throw new StopResolving(
        'deployment-canceled',
        `Vercel sent ${type}: ${what} was canceled before it was ready, so there is nothing to check.`,
      );
    case 'skipped':
      throw new StopResolving(
        'deployment-canceled',
        `Vercel sent ${type}: it did not build ${what} (Ignored Build Step, or a monorepo project the commit ` +
          'does not affect), so there is nothing to check. Subscribe the workflow to ' +
          '`vercel.deployment.success` and `vercel.deployment.error` only to skip such runs.',
      );
    case 'pending':
      if (api && facts.id) return resolveFromVercelById(ctx, api, facts.id, 'repository_dispatch');
      break;
  }
  deps.logger.info(`The ${type} event does not settle the deployment on its own; looking it up instead.`);
  return undefined;
}
