import type { Target } from '../../model/types.js';
import {
  chooseGitHubDeployment,
  type GitHubDeployment,
  parseGitHubDeployment,
} from '../../resolve/github-deployments.js';
import { statusDescription } from './own-status.js';
import { FULL_SHA, type ReportEnv } from './report-env.js';

/** What is known about the deployment a status is for. */
export interface DeploymentFacts {
  sha: string;
  environment: Target;
  /** Vercel project, to pick "Preview – web" in a monorepo. */
  project: string | undefined;
  url: string | undefined;
}

/**
 * The GitHub deployment Vercel's integration made for this commit and environment (single-project names
 * "Preview"/"Production", monorepo names "Preview – web"), or one an earlier attempt of this action made.
 * Undefined when there is none or the lookup failed (already reported).
 */
export async function findGitHubDeployment(
  env: ReportEnv,
  facts: DeploymentFacts,
): Promise<number | undefined> {
  const { octokit, context, access } = env;
  // GitHub filters by full SHA only; a short one would list every deployment of the repository.
  if (!FULL_SHA.test(facts.sha)) return undefined;
  const response = await access.call(
    'deployments',
    `look up the GitHub deployment of ${facts.sha.slice(0, 7)}`,
    (signal) =>
      octokit.request('GET /repos/{owner}/{repo}/deployments', {
        owner: context.owner,
        repo: context.repo,
        sha: facts.sha,
        per_page: 50,
        request: { signal },
      }),
  );
  if (!response) return undefined;
  const deployments = (response.data as unknown[])
    .map(parseGitHubDeployment)
    .filter((d): d is GitHubDeployment => d !== undefined);
  try {
    return chooseGitHubDeployment(deployments, {
      sha: facts.sha,
      project: facts.project,
      target: facts.environment,
    })?.id;
  } catch {
    // Several projects' deployments and none named: not ours to guess; the action makes its own.
    return undefined;
  }
}

/**
 * A deployment of the commit for the action's statuses when Vercel made none (a `deployment-url` input, a
 * Vercel dispatch, a project without the GitHub integration). It must not block on required status checks
 * or merge anything, and previews are transient so GitHub may mark them inactive later.
 */
export async function createGitHubDeployment(
  env: ReportEnv,
  facts: DeploymentFacts,
): Promise<number | undefined> {
  const { octokit, context, access, settings } = env;
  const production = facts.environment === 'production';
  const response = await access.call(
    'deployments',
    `create a GitHub deployment of ${facts.sha.slice(0, 7)}`,
    (signal) =>
      octokit.request('POST /repos/{owner}/{repo}/deployments', {
        owner: context.owner,
        repo: context.repo,
        ref: facts.sha,
        environment: production ? 'Production' : 'Preview',
        description: statusDescription(settings, 'Deployment checked by the deployment health gate'),
        required_contexts: [],
        auto_merge: false,
        transient_environment: !production,
        production_environment: production,
        ...(facts.url ? { payload: { url: facts.url } } : {}),
        request: { signal },
      }),
  );
  if (response?.status !== 201) return undefined;
  const id = (response.data as { id?: unknown }).id;
  return typeof id === 'number' ? id : undefined;
}
