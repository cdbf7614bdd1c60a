import type { GitHubReader } from '../../clients/github-api.js';
import type { ResolveOutcome } from '../../model/types.js';
import { untrusted } from '../../util/text.js';
import { chooseEnvironment, eventForAnotherProject } from '../environment.js';
import type { DeploymentStatusFacts } from '../event-facts.js';
import { waitForGitHubStatuses } from '../github-deployments.js';
import { StopResolving, type WaitContext } from '../wait-context.js';
import { words } from './words.js';

/**
 * Step 2: a `deployment_status` event. `success` is ready at once (no waiting, no request); `failure` and
 * `error` stop; pending states wait on that deployment's statuses through the GitHub API. Returns
 * undefined when the event cannot decide (another project's deployment, no URL, no way to wait), so the
 * next source is tried with the event's commit.
 */
export async function resolveFromDeploymentStatus(
  ctx: WaitContext,
  facts: DeploymentStatusFacts,
  reader: GitHubReader | undefined,
): Promise<ResolveOutcome | undefined> {
  const { settings, deps } = ctx;
  const wanted = settings.vercel.project;
  if (wanted && facts.project && eventForAnotherProject(wanted, [facts.project])) {
    deps.logger.info(
      `This deployment_status event is for project \`${untrusted(facts.project, 80)}\`, not ` +
        `\`${untrusted(wanted, 80)}\`; looking up that project's deployment of the commit instead.`,
    );
    return undefined;
  }
  const environment = chooseEnvironment(settings.environment, facts.target);
  if (settings.environment !== 'auto' && facts.target && facts.target !== settings.environment) {
    deps.logger.warning(
      `The event's deployment is ${facts.target} (${untrusted(facts.environmentName, 80)}) but \`environment\` ` +
        `is ${settings.environment}; reporting it as ${settings.environment}.`,
    );
  }
  ctx.learn({
    source: 'deployment_status',
    url: facts.url,
    inspectorUrl: facts.inspectorUrl,
    githubDeploymentId: facts.githubDeploymentId,
    environment,
    project: facts.project,
  });
  const label = words(
    'GitHub deployment',
    facts.githubDeploymentId,
    facts.environmentName && `(${untrusted(facts.environmentName, 80)})`,
  );

  if (facts.state === 'success') {
    if (!facts.url) {
      deps.logger.info(
        `The ${label} event reports success without an environment URL; looking it up instead.`,
      );
      return undefined;
    }
    return ctx.ready({
      url: facts.url,
      sha: ctx.learnt.sha,
      environment,
      inspectorUrl: facts.inspectorUrl,
      source: 'deployment_status',
      githubDeploymentId: facts.githubDeploymentId,
      project: facts.project,
    });
  }
  if (facts.state === 'failure' || facts.state === 'error') {
    const why = facts.description ? `: "${untrusted(facts.description, 200)}"` : '';
    const inspect = facts.inspectorUrl ? ` Inspect the build at ${untrusted(facts.inspectorUrl)}.` : '';
    throw new StopResolving(
      'deployment-error',
      `The deployment_status event reports ${facts.state} for ${label}${why}.${inspect} Fix the build and push again.`,
    );
  }
  if (facts.state === 'inactive') {
    throw new StopResolving(
      'deployment-canceled',
      `The deployment_status event marks ${label} inactive (a newer deployment replaced it); there is nothing ` +
        "to check. Run the gate only for `success` statuses (`if: github.event.deployment_status.state == 'success'`).",
    );
  }
  // pending, queued, in_progress: wait on this deployment's statuses.
  if (reader && facts.githubDeploymentId !== undefined) {
    return waitForGitHubStatuses(
      ctx,
      reader,
      {
        id: facts.githubDeploymentId,
        environmentName: facts.environmentName ?? '',
        target: facts.target ?? environment,
        project: facts.project,
      },
      'deployment_status',
    );
  }
  return undefined;
}
