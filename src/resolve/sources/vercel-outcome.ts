import { normalizeDeploymentUrl } from '../../clients/deployment-url.js';
import type { VercelDeployment } from '../../clients/vercel-deployment.js';
import type { ResolveOutcome, ResolveSource } from '../../model/types.js';
import { untrusted } from '../../util/text.js';
import { chooseEnvironment } from '../environment.js';
import { describeDeployment } from '../vercel-wait.js';
import { StopResolving, type WaitContext } from '../wait-context.js';

/** The outcome for a Vercel deployment in a final state (READY, ERROR, CANCELED). */
export function outcomeForVercel(
  ctx: WaitContext,
  deployment: VercelDeployment,
  options: { source: ResolveSource; url?: string | undefined },
): ResolveOutcome {
  const environment = chooseEnvironment(ctx.settings.environment, deployment.target);
  const url = options.url ?? normalizeDeploymentUrl(deployment.host);
  const project = deployment.project ?? deployment.projectId;
  ctx.learn({
    id: deployment.id,
    url,
    environment,
    inspectorUrl: deployment.inspectorUrl,
    project,
    source: options.source,
  });
  const inspect = deployment.inspectorUrl ? ` Inspect it at ${untrusted(deployment.inspectorUrl)}.` : '';
  if (deployment.state === 'READY') {
    if (!url) {
      throw new StopResolving(
        'not-found',
        `${describeDeployment(deployment)} is READY but has no URL.${inspect}`,
      );
    }
    return ctx.ready({
      url,
      id: deployment.id,
      sha: ctx.learnt.sha,
      environment,
      inspectorUrl: deployment.inspectorUrl,
      source: options.source,
      project,
    });
  }
  if (deployment.state === 'CANCELED') {
    return ctx.stopped(
      'deployment-canceled',
      `${describeDeployment(deployment)} was canceled before it was ready (a newer push or a person canceled ` +
        `it), so there is nothing to check.${inspect} Re-run the gate on the deployment that replaced it.`,
    );
  }
  const why = deployment.errorMessage ? `: "${untrusted(deployment.errorMessage, 300)}"` : '';
  const code = deployment.errorCode ? ` (${untrusted(deployment.errorCode, 60)})` : '';
  return ctx.stopped(
    'deployment-error',
    `${describeDeployment(deployment)} failed to build${why}${code}.${inspect} Fix the build and push again.`,
    deployment.buildLog,
  );
}
