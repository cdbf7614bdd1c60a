import { RequestRefused, TransientFailure } from '../../clients/errors.js';
import type { VercelDeployment } from '../../clients/vercel-deployment.js';
import type { ResolveOutcome } from '../../model/types.js';
import { untrusted } from '../../util/text.js';
import { chooseEnvironment } from '../environment.js';
import { waitUntilFinal } from '../vercel-wait.js';
import type { WaitContext } from '../wait-context.js';
import { vercelApi } from './from-vercel.js';
import { ensureNamedProject } from './project-match.js';
import { outcomeForVercel } from './vercel-outcome.js';

/**
 * Step 1: the `deployment-url` input. Without a token it is ready at once. With one, the host is looked up
 * (`GET /v13/deployments/{host}`) to learn id, target and inspector link and to wait until READY; a 404
 * (custom domain, local URL) or an unusable API only means there are no Vercel facts to add. A deployment
 * Vercel knows must belong to `vercel-project` (`ensureNamedProject`).
 */
export async function resolveFromInputUrl(ctx: WaitContext, url: string): Promise<ResolveOutcome> {
  const { settings, deps } = ctx;
  ctx.learn({ url, source: 'input' });
  const asGiven = () =>
    ctx.ready({
      url,
      sha: ctx.learnt.sha,
      environment: chooseEnvironment(settings.environment, undefined),
      source: 'input',
    });
  const api = vercelApi(ctx, deps);
  if (!api) return asGiven();

  const host = new URL(url).host;
  ctx.progress = `the Vercel API had not said anything about ${host} yet`;
  let found: VercelDeployment | undefined;
  try {
    found = await api.getDeployment(host);
  } catch (error) {
    if (error instanceof TransientFailure || error instanceof RequestRefused) {
      deps.logger.warning(
        `Could not look ${host} up on the Vercel API; checking the URL as given. ${error.message}`,
      );
      return asGiven();
    }
    throw error;
  }
  if (!found) {
    deps.logger.debug(`The Vercel API does not know ${untrusted(host, 120)}; checking the URL as given.`);
    return asGiven();
  }
  // A deployment Vercel knows is held to `vercel-project` before anything acts on it.
  await ensureNamedProject(ctx, api, found);
  const final = await waitUntilFinal(ctx, api, found);
  return outcomeForVercel(ctx, final, { source: 'input', url });
}
