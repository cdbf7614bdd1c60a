import type { RunResult } from '../../model/run-result.js';
import type { ResolvedDeployment } from '../../model/types.js';
import { untrusted } from '../../util/text.js';

/** `dpl_abc (https://app-abc.vercel.app)`: a deployment as a person finds it again. Remote parts escaped. */
export function named(id: string, host?: string | undefined): string {
  const url = urlOf(host);
  return url ? `${untrusted(id, 80)} (${url})` : untrusted(id, 80);
}

/** `https://<host>` for a host Vercel named, escaped; undefined without one. */
export function urlOf(host: string | undefined): string | undefined {
  return host ? untrusted(`https://${host.replace(/^https?:\/\//, '')}`, 200) : undefined;
}

/** A deployment as Vercel's API finds it: its id or, for a URL given by hand, its host. */
export interface DeploymentRef {
  idOrHost: string;
  project?: string | undefined;
}

/** The reference to a deployment the resolver learnt about (READY or not). */
export function deploymentRef(
  deployment: Partial<ResolvedDeployment> | undefined,
): DeploymentRef | undefined {
  if (deployment?.id) return { idOrHost: deployment.id, project: deployment.project };
  if (!deployment?.url) return undefined;
  try {
    return { idOrHost: new URL(deployment.url).host, project: deployment.project };
  } catch {
    return undefined;
  }
}

/** The deployment the run judged. */
export function judgedDeployment(run: RunResult): DeploymentRef | undefined {
  return deploymentRef(run.resolve?.deployment);
}
