import { TransientFailure } from '../clients/errors.js';
import type { GitHubReader } from '../clients/github-api.js';
import { asString, get } from '../clients/untyped.js';
import { shaMatches } from '../clients/vercel-deployment.js';
import type { ResolveOutcome, ResolveSource, Target } from '../model/types.js';
import { untrusted } from '../util/text.js';
import { chooseEnvironment, parseEnvironmentName, sameProject } from './environment.js';
import { statusUrls } from './event-facts.js';
import { pollList } from './poll-list.js';
import { StopResolving, type WaitContext } from './wait-context.js';

/** A GitHub deployment as far as the resolver cares. */
export interface GitHubDeployment {
  id: number;
  sha?: string | undefined;
  environmentName: string;
  target: Target;
  /** From "Preview – web" names; undefined for plain "Preview"/"Production". */
  project?: string | undefined;
  /** Whether the environment is named the way Vercel's GitHub integration names them. */
  vercel: boolean;
  byVercelBot: boolean;
}

export function parseGitHubDeployment(raw: unknown): GitHubDeployment | undefined {
  const id = get(raw, 'id');
  if (typeof id !== 'number') return undefined;
  const environmentName =
    asString(get(raw, 'environment')) ?? asString(get(raw, 'original_environment')) ?? '';
  const parsed = parseEnvironmentName(environmentName);
  return {
    id,
    sha: asString(get(raw, 'sha'))?.toLowerCase(),
    environmentName,
    target: get(raw, 'production_environment') === true ? 'production' : parsed.target,
    project: parsed.project,
    vercel: parsed.vercel,
    byVercelBot: /^vercel(\[bot\])?$/i.test(asString(get(raw, 'creator', 'login')) ?? ''),
  };
}

/**
 * Among the GitHub deployments of a commit, the one Vercel created for the project and target asked for.
 * Vercel names environments "Preview"/"Production" in single-project repos and "Preview – web" in
 * monorepos. Throws when several projects match and none is named.
 */
export function chooseGitHubDeployment(
  deployments: GitHubDeployment[],
  want: { sha: string; project: string | undefined; target: Target | undefined },
): GitHubDeployment | undefined {
  const candidates = deployments
    .filter((d) => d.vercel && (!d.sha || shaMatches(d.sha, want.sha)))
    .filter((d) => !want.target || d.target === want.target)
    .sort((a, b) => Number(b.byVercelBot) - Number(a.byVercelBot) || b.id - a.id);
  const named = candidates.filter((d) => d.project !== undefined);
  if (want.project) {
    const ofProject = named.filter((d) => sameProject(d.project, want.project));
    if (ofProject.length > 0) return ofProject[0];
    // A single-project repo's plain names carry no project; accept them only when no names carry one.
    return named.length === 0 ? candidates[0] : undefined;
  }
  const projects = [...new Set(named.map((d) => d.project as string))];
  if (projects.length > 1) {
    throw new StopResolving(
      'config',
      `Commit ${want.sha.slice(0, 7)} has GitHub deployments of ${projects.length} Vercel projects ` +
        `(${projects.map((p) => `\`${untrusted(p, 80)}\``).join(', ')}) and \`vercel-project\` is not set. ` +
        'Set `vercel-project` to the one this gate checks.',
    );
  }
  return candidates[0];
}

/**
 * Without a Vercel token: the GitHub deployment Vercel's integration creates for the commit, then its
 * statuses until `success` (or `failure`/`error`). Polls with conditional requests, at the pace the reader
 * sets (steady while GitHub answers 304, slower on trouble); keeps polling while the deployment does not
 * exist yet.
 */
export async function resolveFromGitHubDeployments(
  ctx: WaitContext,
  reader: GitHubReader,
  want: { sha: string; project: string | undefined },
): Promise<ResolveOutcome> {
  const settings = ctx.settings;
  const target = settings.environment === 'auto' ? undefined : settings.environment;
  const short = want.sha.slice(0, 7);
  const ofProject = want.project ? ` of project \`${untrusted(want.project, 80)}\`` : '';
  ctx.progress = `no GitHub deployment${ofProject} for commit ${short} had appeared`;
  let checkedRepository = false;
  for (;;) {
    const listed = await pollList(
      () => reader.listDeployments({ sha: want.sha.length === 40 ? want.sha : undefined, perPage: 50 }),
      'GitHub answered 404 to GET deployments: the repository is not visible to `github-token`. Pass a token ' +
        'with `deployments: read` for this repository.',
    );
    const deployments = listed
      .map(parseGitHubDeployment)
      .filter((d): d is GitHubDeployment => d !== undefined);
    const chosen = chooseGitHubDeployment(deployments, { sha: want.sha, project: want.project, target });
    if (chosen) {
      return waitForGitHubStatuses(ctx, reader, chosen, 'github-deployments');
    }
    if (!checkedRepository) {
      checkedRepository = true;
      await refuseWithoutVercelIntegration(reader, short);
    }
    ctx.note('github:find', 'waiting', `Waiting for a GitHub deployment${ofProject} of ${short}…`);
    await ctx.sleep(reader.pollDelay());
  }
}

/**
 * A repository where Vercel never created a GitHub deployment will not get one now: say so at once rather
 * than wait out the whole `wait-timeout`.
 */
async function refuseWithoutVercelIntegration(reader: GitHubReader, short: string): Promise<void> {
  let recent: unknown[] | undefined;
  try {
    recent = await reader.listDeployments({ perPage: 30 });
  } catch (error) {
    if (error instanceof TransientFailure) return;
    throw error;
  }
  const any = (recent ?? []).map(parseGitHubDeployment).some((d) => d?.vercel);
  if (any) return;
  throw new StopResolving(
    'not-found',
    `No deployment to check for commit ${short}: there is no \`deployment-url\`, no \`vercel-token\`, and this ` +
      "repository has no GitHub deployments from Vercel's GitHub integration. Set `deployment-url`, or " +
      '`vercel-token` (with `vercel-project` in a monorepo), or run the gate on `deployment_status` events.',
  );
}

/** Polls one GitHub deployment's statuses until success (ready) or failure/error (stopped). */
export async function waitForGitHubStatuses(
  ctx: WaitContext,
  reader: GitHubReader,
  deployment: Pick<GitHubDeployment, 'id' | 'environmentName' | 'target' | 'project'>,
  source: ResolveSource,
): Promise<ResolveOutcome> {
  const environment = chooseEnvironment(ctx.settings.environment, deployment.target);
  const label = `GitHub deployment ${deployment.id}${deployment.environmentName ? ` (${untrusted(deployment.environmentName, 80)})` : ''}`;
  ctx.learn({ githubDeploymentId: deployment.id, environment, project: deployment.project, source });
  for (;;) {
    let statuses: unknown[] | undefined;
    try {
      statuses = await reader.listStatuses(deployment.id);
    } catch (error) {
      if (!(error instanceof TransientFailure)) throw error;
      // Nothing learnt: poll again (the reader has slowed down), without logging a state it did not see.
      await ctx.sleep(reader.pollDelay());
      continue;
    }
    if (statuses === undefined) {
      throw new StopResolving(
        'not-found',
        `${label} does not exist (404 from GitHub); it may have been deleted.`,
      );
    }
    const latest = statuses[0];
    const state = asString(get(latest, 'state'))?.toLowerCase() ?? 'pending';
    const urls = statusUrls(latest);
    ctx.learn({ inspectorUrl: urls.inspectorUrl });
    ctx.progress = `${label} was still ${untrusted(state, 30)}`;
    ctx.note(`github:${deployment.id}`, state, `${label}: ${untrusted(state, 30)}`);

    if (state === 'success' || state === 'inactive') {
      // `inactive` means a newer deployment replaced this one; its last success still names the URL.
      const success = statuses.find((s) => asString(get(s, 'state'))?.toLowerCase() === 'success');
      const url = success ? statusUrls(success).url : undefined;
      if (url) {
        ctx.learn({ url });
        return ctx.ready({
          url,
          sha: ctx.learnt.sha,
          environment,
          inspectorUrl: ctx.learnt.inspectorUrl,
          source,
          githubDeploymentId: deployment.id,
          project: deployment.project,
        });
      }
      throw state === 'success'
        ? new StopResolving(
            'not-found',
            `${label} reports success but names no \`environment_url\`; set \`deployment-url\` to the URL to check.`,
          )
        : new StopResolving(
            'deployment-canceled',
            `${label} was marked inactive (a newer deployment replaced it) before it succeeded; there is ` +
              'nothing to check for this commit. Re-run on the newer deployment.',
          );
    }
    if (state === 'failure' || state === 'error') {
      const description = asString(get(latest, 'description'));
      const where = ctx.learnt.inspectorUrl
        ? ` Inspect the build at ${untrusted(ctx.learnt.inspectorUrl)}.`
        : '';
      throw new StopResolving(
        'deployment-error',
        `${label} reports ${state}${description ? `: "${untrusted(description, 200)}"` : ''}.${where} Fix the ` +
          'build and push again.',
      );
    }
    await ctx.sleep(reader.pollDelay());
  }
}
