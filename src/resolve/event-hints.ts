import type { RunContext } from '../context.js';
import type { Target } from '../model.js';
import type { Settings } from '../settings/settings.js';
import { readDeploymentStatusEvent, readDispatchEvent } from './event-facts.js';

/**
 * What is known before any waiting: the environment, URL and GitHub deployment the input or the event
 * names. Reports use it to show a waiting gate from the first second; the resolver confirms it later.
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
  const status = readDeploymentStatusEvent(context);
  const dispatch = status ? undefined : readDispatchEvent(context);
  return {
    environment: configured ?? status?.target ?? dispatch?.target,
    deploymentUrl: settings.deploymentUrl ?? status?.url ?? dispatch?.url,
    githubDeploymentId: status?.githubDeploymentId,
  };
}
