import type { RunContext } from '../model/run-context.js';
import type { Target } from '../model/types.js';
import type { Settings } from '../settings/settings.js';
import { eventForAnotherProject } from './environment.js';
import { readDeploymentStatusEvent, readDispatchEvent } from './event-facts.js';

/**
 * What is known before any waiting: the environment, URL and GitHub deployment the input or the event
 * names. Reports use it to show a waiting gate from the first second; the resolver confirms it later. An
 * event about another project (a monorepo's other deployment) gives no hints: its deployment is not ours to
 * write statuses on.
 */
export function eventHints(
  settings: Settings,
  context: RunContext,
): {
  environment: Target | undefined;
  deploymentUrl: string | undefined;
  githubDeploymentId: number | undefined;
} {
  const configured = settings.environment === 'auto' ? undefined : settings.environment;
  const wanted = settings.vercel.project;
  const anyStatus = readDeploymentStatusEvent(context);
  const status = eventForAnotherProject(wanted, [anyStatus?.project]) ? undefined : anyStatus;
  const anyDispatch = anyStatus ? undefined : readDispatchEvent(context);
  const dispatch = eventForAnotherProject(wanted, [anyDispatch?.projectName, anyDispatch?.projectId])
    ? undefined
    : anyDispatch;
  return {
    environment: configured ?? status?.target ?? dispatch?.target,
    deploymentUrl: settings.deploymentUrl ?? status?.url ?? dispatch?.url,
    githubDeploymentId: status?.githubDeploymentId,
  };
}
