import { type GitHub, GitHubReader } from '../clients/github-api.js';
import type { Deps } from '../model/deps.js';
import type { RunContext } from '../model/run-context.js';
import type { ResolveOutcome } from '../model/types.js';
import type { Settings } from '../settings/settings.js';
import { readDeploymentStatusEvent, readDispatchEvent } from './event-facts.js';
import { resolveFromGitHubDeployments } from './github-deployments.js';
import { type ResolvePolicy, resolvePolicy } from './policy.js';
import { resolveSha } from './sha.js';
import { resolveFromDeploymentStatus } from './sources/from-deployment-status.js';
import { resolveFromDispatch } from './sources/from-dispatch.js';
import { resolveFromInputUrl } from './sources/from-input.js';
import { resolveFromVercelById, resolveFromVercelBySha, vercelApi } from './sources/from-vercel.js';
import { WaitContext } from './wait-context.js';

export interface ResolveInput {
  settings: Settings;
  context: RunContext;
  deps: Deps;
  github: GitHub | undefined;
  /** Request spacing; the defaults suit real builds, tests pass shorter ones. */
  policy?: Partial<ResolvePolicy> | undefined;
}

/**
 * Which deployment to check, waited for until Vercel says it is ready. Sources in order: the
 * `deployment-url` input; a `deployment_status` event; a Vercel `repository_dispatch` event; the Vercel
 * API (with `vercel-token`); the GitHub deployments Vercel's GitHub integration creates; else not-found.
 * One wall-clock `wait-timeout` bounds all waiting; cancel stops at once. Never throws.
 */
export async function resolveDeployment(input: ResolveInput): Promise<ResolveOutcome> {
  const { settings, context, deps } = input;
  const ctx = new WaitContext(settings, deps, resolvePolicy(input.policy), resolveSha(settings, context));
  try {
    return await resolveInOrder(ctx, input);
  } catch (error) {
    return ctx.stoppedBy(error);
  } finally {
    ctx.dispose();
  }
}

async function resolveInOrder(ctx: WaitContext, input: ResolveInput): Promise<ResolveOutcome> {
  const { settings, context, deps, github } = input;
  if (settings.deploymentUrl) return resolveFromInputUrl(ctx, settings.deploymentUrl);
  const api = vercelApi(ctx, deps);
  // Settings make sure an id comes with a token.
  if (settings.deploymentId && api) {
    ctx.learn({ source: 'input', id: settings.deploymentId });
    return resolveFromVercelById(ctx, api, settings.deploymentId, 'input');
  }

  const reader =
    github && context.owner && context.repo
      ? new GitHubReader(ctx, github, context.owner, context.repo, {
          poll: ctx.policy.githubPoll,
          lowRemaining: ctx.policy.githubLowRemaining,
        })
      : undefined;
  const status = readDeploymentStatusEvent(context);
  if (status) {
    const outcome = await resolveFromDeploymentStatus(ctx, status, reader);
    if (outcome) return outcome;
  }
  const dispatch = readDispatchEvent(context);
  if (dispatch) {
    const outcome = await resolveFromDispatch(ctx, dispatch, api);
    if (outcome) return outcome;
  }

  // A project the event names narrows the lookups when `vercel-project` is not set.
  const sha = ctx.learnt.sha;
  const wanted = settings.vercel.project;
  if (api) {
    const project = wanted ?? dispatch?.projectId ?? dispatch?.projectName ?? status?.project;
    return resolveFromVercelBySha(ctx, api, { sha, project });
  }
  if (reader) {
    ctx.learn({ source: 'github-deployments' });
    const project = wanted ?? status?.project ?? dispatch?.projectName;
    return resolveFromGitHubDeployments(ctx, reader, { sha, project });
  }
  return ctx.stopped('not-found', nothingToGoOn(context.eventName));
}

function nothingToGoOn(eventName: string): string {
  const event = eventName ? `the \`${eventName}\` event names no deployment` : 'no event names a deployment';
  return (
    `Nothing to check: no \`deployment-url\` input, ${event}, and neither \`vercel-token\` nor ` +
    '`github-token` is given to look one up. Set `deployment-url`, or `vercel-token` (with `vercel-project` ' +
    'in a monorepo), or run the gate on `deployment_status` or `repository_dispatch` events.'
  );
}
