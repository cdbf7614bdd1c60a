// The RESOLVE stage: which deployment to check, waited for until it is ready.

export type { GitHub } from '../clients/github-api.js';
export { withDeploymentCommit } from './deployment-commit.js';
export { eventHints } from './event-hints.js';
export { defaultResolvePolicy, type ResolvePolicy } from './policy.js';
export { type ResolveInput, resolveDeployment } from './resolve-deployment.js';
export { resolveSha } from './sha.js';
