import { VERSION } from '../version.js';

export const USER_AGENT = `deployment-health-gate/${VERSION} (GitHub Action; health probe)`;

/** Prefer the IETF format, then any JSON, then anything (a status-code endpoint may send text). */
export const ACCEPT = 'application/health+json, application/json;q=0.9, */*;q=0.1';

/** Headers safe for any host a redirect leads to. */
export const PUBLIC_HEADERS: ReadonlyArray<[string, string]> = [
  ['accept', ACCEPT],
  ['user-agent', USER_AGENT],
];

/**
 * Headers only the deployment's own origin may see: the protection bypass secret and the user's custom
 * headers (which may carry credentials). `requestDeployment` drops them on a cross-origin redirect.
 */
export function deploymentHeaders(settings: {
  protectionBypass: string | undefined;
  headers: Array<[string, string]>;
}): Array<[string, string]> {
  const scoped: Array<[string, string]> = [...settings.headers];
  if (settings.protectionBypass) scoped.push(['x-vercel-protection-bypass', settings.protectionBypass]);
  return scoped;
}
