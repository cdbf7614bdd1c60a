import { CallScope, defaultRetryLimits } from '../clients/call-scope.js';
import { asString, get } from '../clients/untyped.js';
import { VercelApi } from '../clients/vercel-api.js';
import type { Deps } from '../model/deps.js';
import type { Settings } from '../settings/settings.js';
import { untrusted } from '../util/text.js';
import { withDefaultScheme } from '../util/url.js';
import { type MonitorTarget, projectTargetName } from './targets.js';

/** The look-ups of one run share this budget (each also bounded by `request-timeout` and the retries). */
const LOOKUP_BUDGET_MS = 20_000;

/** A project whose production could not be read this run: checked as unhealthy, named in the report. */
export interface UnresolvedProject {
  name: string;
  project: string;
  message: string;
}

/**
 * Each `vercel-project`'s CURRENT production deployment (`GET /v9/projects/{idOrName}` → `targets.production`),
 * read every run so a promotion or a rollback is followed at once. The target is named after the project
 * (lower-cased, other characters as hyphens) and checks the deployment's own URL, which — unlike the
 * production alias — names exactly the deployment Vercel says serves production.
 */
export async function vercelProductionTargets(
  gate: Settings,
  deps: Deps,
): Promise<{ targets: MonitorTarget[]; unresolved: UnresolvedProject[] }> {
  const { token, team, apiUrl } = gate.vercel;
  const ctx = new CallScope(deps, {
    budgetMs: LOOKUP_BUDGET_MS,
    requestTimeoutMs: gate.requestTimeoutMs,
    ...defaultRetryLimits,
  });
  try {
    const api = new VercelApi(ctx, { token: token ?? '', team, apiUrl }, deps.dispatcher);
    const read = await Promise.all(gate.vercel.projects.map((project) => readProduction(api, project)));
    return {
      targets: read.flatMap((r) => ('target' in r ? [r.target] : [])),
      unresolved: read.flatMap((r) => ('problem' in r ? [r.problem] : [])),
    };
  } finally {
    ctx.dispose();
  }
}

async function readProduction(
  api: VercelApi,
  project: string,
): Promise<{ target: MonitorTarget } | { problem: UnresolvedProject }> {
  const name = projectTargetName(project);
  const fail = (message: string) => ({ problem: { name, project, message } });
  const what = `GET /v9/projects/${encodeURIComponent(project)}`;
  try {
    const answer = await api.call('GET', `/v9/projects/${encodeURIComponent(project)}`);
    if (answer.status === 404) {
      return fail(
        `the Vercel API does not know the project "${untrusted(project, 100)}" (${what} answered 404); check \`vercel-project\` and \`vercel-team\``,
      );
    }
    if (answer.status >= 300) {
      return fail(
        `the Vercel API refused ${what} (${answer.status}); check that \`vercel-token\` may read the project`,
      );
    }
    const production = get(answer.data, 'targets', 'production');
    const id = asString(get(production, 'id'));
    const host = asString(get(production, 'url'));
    if (!id || !host) {
      return fail(`the Vercel project "${untrusted(project, 100)}" has no production deployment yet`);
    }
    const sha = asString(get(production, 'meta', 'githubCommitSha'));
    // Named after the project's name (not an id the line may give), as the gate's deployment markers are.
    const name = projectTargetName(asString(get(answer.data, 'name')) ?? project);
    const url = withDefaultScheme(host);
    return { target: { name, url: url.replace(/\/+$/, ''), vercel: { project, deploymentId: id, sha } } };
  } catch (error) {
    return fail(
      `could not read the project "${untrusted(project, 100)}" from the Vercel API: ${untrusted((error as Error).message, 300)}`,
    );
  }
}
