import { readFileSync } from 'node:fs';

/**
 * What the runner tells the action about the workflow run, read from the environment once. Stages get this
 * object instead of reading `process.env` or `@actions/github`'s context, so tests hand in any event.
 */
export interface RunContext {
  eventName: string;
  /** The parsed event payload (`GITHUB_EVENT_PATH`), `{}` when absent or unreadable. */
  payload: Record<string, unknown>;
  /** `GITHUB_SHA`: the commit the workflow runs on (not the deployed one for Vercel's dispatches). */
  sha: string;
  owner: string;
  repo: string;
  runId: string;
  runAttempt: string;
  actor: string;
  serverUrl: string;
  apiUrl: string;
  workspace: string;
  /** Link to this workflow run, for `log_url`, `details_url` and reports. */
  runUrl: string;
  /**
   * `GITHUB_WORKFLOW_REF`: `owner/repo/.github/workflows/x.yml@refs/heads/main`, so check-run annotations can
   * point at the workflow file. Optional: contexts built by hand (CLI, tests) may leave it out.
   */
  workflowRef?: string | undefined;
}

export function readRunContext(env: NodeJS.ProcessEnv): RunContext {
  const [owner = '', repo = ''] = (env.GITHUB_REPOSITORY ?? '').split('/');
  const serverUrl = (env.GITHUB_SERVER_URL ?? 'https://github.com').replace(/\/+$/, '');
  const runId = env.GITHUB_RUN_ID ?? '';
  const runAttempt = env.GITHUB_RUN_ATTEMPT ?? '1';
  return {
    eventName: env.GITHUB_EVENT_NAME ?? '',
    payload: readPayload(env.GITHUB_EVENT_PATH),
    sha: (env.GITHUB_SHA ?? '').toLowerCase(),
    owner,
    repo,
    runId,
    runAttempt,
    actor: env.GITHUB_ACTOR ?? '',
    serverUrl,
    apiUrl: (env.GITHUB_API_URL ?? 'https://api.github.com').replace(/\/+$/, ''),
    workspace: env.GITHUB_WORKSPACE ?? process.cwd(),
    runUrl:
      owner && runId
        ? `${serverUrl}/${owner}/${repo}/actions/runs/${runId}${runAttempt !== '1' ? `/attempts/${runAttempt}` : ''}`
        : '',
    workflowRef: env.GITHUB_WORKFLOW_REF || undefined,
  };
}

function readPayload(path: string | undefined): Record<string, unknown> {
  if (!path) return {};
  try {
    const parsed: unknown = JSON.parse(readFileSync(path, 'utf8'));
    return parsed && typeof parsed === 'object' && !Array.isArray(parsed)
      ? (parsed as Record<string, unknown>)
      : {};
  } catch {
    return {};
  }
}
