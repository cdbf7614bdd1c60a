// The RESOLVE stage: which deployment to check, waited for until it is ready.

export { withDeploymentCommit } from './deployment-commit.js';
export { eventHints } from './event-hints.js';
export type { GitHub } from './github-api.js';
export { defaultResolvePolicy, type ResolvePolicy } from './policy.js';
export { type ResolveInput, resolveDeployment } from './resolve-deployment.js';
export { resolveSha } from './sha.js';
