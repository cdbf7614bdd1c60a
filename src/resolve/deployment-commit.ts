import { CallScope, defaultRetryLimits } from '../clients/call-scope.js';
import { VercelApi } from '../clients/vercel-api.js';
import type { Deps } from '../model/deps.js';
import type { RunContext } from '../model/run-context.js';
import type { Settings } from '../settings/settings.js';
import { untrusted } from '../util/text.js';

/** Events that start a run on a branch head, not on the commit of the deployment a person names. */
const UNRELATED_COMMIT_EVENTS = new Set(['workflow_dispatch', 'schedule']);

/**
 * A recheck of a named deployment reports on that deployment's own commit, not on the commit the workflow
 * happened to run for: the check run must land where the deployment came from. That is a deployment id
 * (`deployment-url: dpl_…`) always, and a URL with `vercel-token` on a manual or scheduled run (on a push the
 * run's commit is the deployed one). One lookup, bounded by `request-timeout`, before any report is written.
 * The `sha` input still wins; a lookup that fails or a host Vercel does not know (a custom domain) leaves
 * the run's commit.
 */
export async function withDeploymentCommit(
  settings: Settings,
  context: RunContext,
  deps: Deps,
): Promise<Settings> {
  if (settings.sha) return settings;
  const host =
    settings.deploymentUrl && settings.vercel.token && UNRELATED_COMMIT_EVENTS.has(context.eventName)
      ? new URL(settings.deploymentUrl).host
      : undefined;
  const id = settings.deploymentId ?? host;
  if (!id) return settings;
  const { token, team, apiUrl } = settings.vercel;
  const ctx = new CallScope(deps, {
    budgetMs: Math.min(settings.waitTimeoutMs, settings.requestTimeoutMs),
    requestTimeoutMs: settings.requestTimeoutMs,
    ...defaultRetryLimits,
  });
  try {
    const found = token
      ? await new VercelApi(ctx, { token, team, apiUrl }, deps.dispatcher).getDeployment(id)
      : undefined;
    if (!found?.sha) return settings;
    deps.logger.info(
      `Deployment ${untrusted(id, 80)} is of commit ${found.sha.slice(0, 7)}; reporting on it.`,
    );
    return { ...settings, sha: found.sha };
  } catch (error) {
    // A URL is looked up on the off chance; an id was named to be checked, so say what the reports will use.
    if (settings.deploymentId) {
      deps.logger.warning(
        `Could not learn the commit of deployment ${untrusted(id, 80)} in time (${untrusted((error as Error).message, 200)}); ` +
          "reports go to the workflow's commit. Pass `sha` to name the deployment's commit.",
      );
    }
    return settings;
  } finally {
    ctx.dispose();
  }
}
