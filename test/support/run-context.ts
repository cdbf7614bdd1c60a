import type { RunContext } from '../../src/model/run-context.js';

/** The commit most tests gate. */
export const SHA = 'a1b2c3d4e5f60718293a4b5c6d7e8f9012345678';
/** A second commit, for tests where two commits meet (a deployment of another commit, a re-run). */
export const OTHER_SHA = 'ffffeeeeddddccccbbbbaaaa9999888877776666';

/**
 * The runner's view of a workflow run: a push of `SHA` in acme/shop, run 4242, by octocat. Tests override only
 * what they look at; the run's link follows the repository and run id unless given.
 */
export function runContext(overrides: Partial<RunContext> = {}): RunContext {
  const base = {
    eventName: 'push',
    payload: {},
    sha: SHA,
    owner: 'acme',
    repo: 'shop',
    runId: '4242',
    runAttempt: '1',
    actor: 'octocat',
    serverUrl: 'https://github.com',
    apiUrl: 'https://api.github.com',
    workspace: process.cwd(),
    ...overrides,
  };
  return {
    ...base,
    runUrl: overrides.runUrl ?? `${base.serverUrl}/${base.owner}/${base.repo}/actions/runs/${base.runId}`,
  };
}

/** The path of the workflow file a GitHub-report test's run comes from (annotations point into it). */
export const WORKFLOW_REF = 'acme/shop/.github/workflows/deploy-gate.yml@refs/heads/main';

/** A run in acme/shop whose GitHub API is `api` (a simulator, or a closed port), from a checkout-less runner. */
export function githubRunContext(api: { url: string }, overrides: Partial<RunContext> = {}): RunContext {
  return runContext({
    apiUrl: api.url,
    workspace: '/nonexistent-workspace',
    workflowRef: WORKFLOW_REF,
    ...overrides,
  });
}

/**
 * A run that event `name` with `payload` started on commit `sha` (`b…b` unless told), as the resolver tests
 * hand it over: run 42, no GitHub API reachable.
 */
export function eventContext(
  event: { name?: string; payload?: Record<string, unknown>; sha?: string } = {},
): RunContext {
  return runContext({
    eventName: event.name ?? 'push',
    payload: event.payload ?? {},
    sha: event.sha ?? 'b'.repeat(40),
    runId: '42',
    apiUrl: 'https://api.github.invalid',
  });
}
