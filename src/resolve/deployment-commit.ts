import type { Deps } from '../deps.js';
import type { Settings } from '../settings/settings.js';
import { untrusted } from '../util/text.js';
import { resolvePolicy } from './policy.js';
import { vercelApi } from './sources/from-vercel.js';
import { WaitContext } from './wait-context.js';

/**
 * A manual recheck by deployment id (`deployment-url: dpl_…`) reports on that deployment's own commit, not
 * on the commit the workflow happened to run for: the check run must land where the deployment came from.
 * One lookup, bounded by `request-timeout`, before any report is written. The `sha` input still wins; a
 * lookup that fails leaves the run's commit, and the resolver then says what went wrong.
 */
export async function withDeploymentCommit(settings: Settings, deps: Deps): Promise<Settings> {
  const id = settings.deploymentId;
  if (!id || settings.sha) return settings;
  const budget = { ...settings, waitTimeoutMs: Math.min(settings.waitTimeoutMs, settings.requestTimeoutMs) };
  const ctx = new WaitContext(budget, deps, resolvePolicy(undefined), '');
  try {
    const found = await vercelApi(ctx, deps)?.getDeployment(id);
    if (!found?.sha) return settings;
    deps.logger.info(
      `Deployment ${untrusted(id, 80)} is of commit ${found.sha.slice(0, 7)}; reporting on it.`,
    );
    return { ...settings, sha: found.sha };
  } catch {
    return settings;
  } finally {
    ctx.dispose();
  }
}
