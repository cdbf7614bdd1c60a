import { createHash } from 'node:crypto';
import type { Reply, RouteContext } from './http-server.js';

/**
 * The shared pieces of GitHub's JSON (users, the GitHub Actions app, a repository) in the shape GitHub's
 * response schemas require, so the simulator's answers validate against the OpenAPI description. API URLs
 * point at the simulator (`base`); web URLs at github.com, as GitHub's do.
 */

/** What the GitHub modules of the simulator share: the base URL (known once listening) and one id counter. */
export interface GitHubSimEnv {
  base(): string;
  nextId(): number;
}

/** GitHub's timestamps have whole seconds: `2024-05-04T01:14:52Z`. */
export function timestamp(ms = Date.now()): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** GitHub's 404 (also what it answers for an unsupported method or a resource the token cannot see). */
export const NOT_FOUND: Reply = {
  status: 404,
  body: { message: 'Not Found', documentation_url: 'https://docs.github.com/rest', status: '404' },
};

/**
 * 200 with an `ETag`, or 304 when the client sent that ETag back in `If-None-Match` (GitHub answers every GET
 * so; a 304 costs no rate limit). The simulator adds the rate-limit headers to every answer.
 */
export function conditional(ctx: RouteContext, body: unknown, status = 200): Reply {
  const etag = `W/"${createHash('sha1').update(JSON.stringify(body)).digest('hex')}"`;
  const headers = { etag };
  if (status === 200 && ctx.req.headers['if-none-match'] === etag) return { status: 304, headers };
  return { status, headers, body };
}

/** One page of a list, by `per_page` (default 30, at most 100) and `page` (from 1), as GitHub pages. */
export function page<T>(list: T[], query: URLSearchParams): T[] {
  const perPage = Math.min(100, Math.max(1, Number(query.get('per_page') ?? 30) || 30));
  const pageNumber = Math.max(1, Number(query.get('page') ?? 1) || 1);
  return list.slice((pageNumber - 1) * perPage, pageNumber * perPage);
}

/** A stable positive id for a name, so the same login always has the same id. */
export function stableId(name: string): number {
  return Number.parseInt(createHash('sha1').update(name).digest('hex').slice(0, 7), 16);
}

/** GitHub's `simple-user` for a login (`vercel[bot]` and `github-actions[bot]` are `Bot`s). */
export function simpleUser(login: string, base: string): Record<string, unknown> {
  const id = stableId(login);
  const api = `${base}/users/${encodeURIComponent(login)}`;
  return {
    login,
    id,
    node_id: `U_${id}`,
    avatar_url: `https://avatars.githubusercontent.com/u/${id}?v=4`,
    gravatar_id: '',
    url: api,
    html_url: `https://github.com/${login.replace(/\[bot\]$/, '')}`,
    followers_url: `${api}/followers`,
    following_url: `${api}/following{/other_user}`,
    gists_url: `${api}/gists{/gist_id}`,
    starred_url: `${api}/starred{/owner}{/repo}`,
    subscriptions_url: `${api}/subscriptions`,
    organizations_url: `${api}/orgs`,
    repos_url: `${api}/repos`,
    events_url: `${api}/events{/privacy}`,
    received_events_url: `${api}/received_events`,
    type: login.endsWith('[bot]') ? 'Bot' : 'User',
    site_admin: false,
  };
}

/** The GitHub Actions app, which owns the check runs a workflow's `GITHUB_TOKEN` creates. */
export function githubActionsApp(base: string): Record<string, unknown> {
  return {
    id: 15368,
    slug: 'github-actions',
    node_id: 'MDM6QXBwMTUzNjg=',
    owner: simpleUser('github', base),
    name: 'GitHub Actions',
    description: 'Automate your workflow from idea to production',
    external_url: 'https://help.github.com/en/actions',
    html_url: 'https://github.com/apps/github-actions',
    created_at: '2018-07-30T09:30:17Z',
    updated_at: '2024-04-10T20:33:16Z',
    permissions: { checks: 'write', deployments: 'write', statuses: 'write', metadata: 'read' },
    events: ['check_run', 'check_suite', 'deployment', 'deployment_status', 'pull_request', 'push', 'status'],
  };
}

/** GitHub's `full-repository` (what `GET /repos/{owner}/{repo}` answers), public, default branch `main`. */
export function repositoryJson(
  owner: string,
  repo: string,
  base: string,
  permissions: { admin: boolean; maintain: boolean; push: boolean; triage: boolean; pull: boolean },
): Record<string, unknown> {
  const api = `${base}/repos/${owner}/${repo}`;
  const id = stableId(`${owner}/${repo}`);
  const created = '2024-01-02T03:04:05Z';
  return {
    id,
    node_id: `R_${id}`,
    name: repo,
    full_name: `${owner}/${repo}`,
    owner: simpleUser(owner, base),
    private: false,
    html_url: `https://github.com/${owner}/${repo}`,
    description: null,
    fork: false,
    url: api,
    archive_url: `${api}/{archive_format}{/ref}`,
    assignees_url: `${api}/assignees{/user}`,
    blobs_url: `${api}/git/blobs{/sha}`,
    branches_url: `${api}/branches{/branch}`,
    collaborators_url: `${api}/collaborators{/collaborator}`,
    comments_url: `${api}/comments{/number}`,
    commits_url: `${api}/commits{/sha}`,
    compare_url: `${api}/compare/{base}...{head}`,
    contents_url: `${api}/contents/{+path}`,
    contributors_url: `${api}/contributors`,
    deployments_url: `${api}/deployments`,
    downloads_url: `${api}/downloads`,
    events_url: `${api}/events`,
    forks_url: `${api}/forks`,
    git_commits_url: `${api}/git/commits{/sha}`,
    git_refs_url: `${api}/git/refs{/sha}`,
    git_tags_url: `${api}/git/tags{/sha}`,
    git_url: `git://github.com/${owner}/${repo}.git`,
    hooks_url: `${api}/hooks`,
    issue_comment_url: `${api}/issues/comments{/number}`,
    issue_events_url: `${api}/issues/events{/number}`,
    issues_url: `${api}/issues{/number}`,
    keys_url: `${api}/keys{/key_id}`,
    labels_url: `${api}/labels{/name}`,
    languages_url: `${api}/languages`,
    merges_url: `${api}/merges`,
    milestones_url: `${api}/milestones{/number}`,
    notifications_url: `${api}/notifications{?since,all,participating}`,
    pulls_url: `${api}/pulls{/number}`,
    releases_url: `${api}/releases{/id}`,
    ssh_url: `git@github.com:${owner}/${repo}.git`,
    stargazers_url: `${api}/stargazers`,
    statuses_url: `${api}/statuses/{sha}`,
    subscribers_url: `${api}/subscribers`,
    subscription_url: `${api}/subscription`,
    tags_url: `${api}/tags`,
    teams_url: `${api}/teams`,
    trees_url: `${api}/git/trees{/sha}`,
    clone_url: `https://github.com/${owner}/${repo}.git`,
    mirror_url: null,
    svn_url: `https://github.com/${owner}/${repo}`,
    homepage: null,
    language: 'TypeScript',
    forks_count: 0,
    forks: 0,
    stargazers_count: 0,
    watchers_count: 0,
    watchers: 0,
    size: 1024,
    default_branch: 'main',
    open_issues_count: 0,
    open_issues: 0,
    is_template: false,
    topics: [],
    has_issues: true,
    has_projects: true,
    has_wiki: true,
    has_pages: false,
    has_downloads: true,
    has_discussions: false,
    archived: false,
    disabled: false,
    visibility: 'public',
    pushed_at: created,
    created_at: created,
    updated_at: created,
    permissions,
    license: null,
    network_count: 0,
    subscribers_count: 0,
  };
}

/**
 * GitHub's `Link` header for one page of a list of `total` items (`rel="prev"`, `"next"`, `"last"`,
 * `"first"`, as GitHub writes them), built from the request's own URL; undefined when everything fits on one
 * page. `per_page` and `page` are read as {@link page} reads them.
 */
export function pageLinks(
  base: string,
  path: string,
  query: URLSearchParams,
  total: number,
): string | undefined {
  const perPage = Math.min(100, Math.max(1, Number(query.get('per_page') ?? 30) || 30));
  const pageNumber = Math.max(1, Number(query.get('page') ?? 1) || 1);
  const last = Math.max(1, Math.ceil(total / perPage));
  if (last === 1 && pageNumber === 1) return undefined;
  const at = (n: number) => {
    const q = new URLSearchParams(query);
    q.set('page', String(n));
    return `<${base}${path}?${q.toString()}>`;
  };
  const links: string[] = [];
  if (pageNumber > 1) links.push(`${at(Math.min(pageNumber - 1, last))}; rel="prev"`);
  if (pageNumber < last) links.push(`${at(pageNumber + 1)}; rel="next"`, `${at(last)}; rel="last"`);
  if (pageNumber > 1) links.push(`${at(1)}; rel="first"`);
  return links.join(', ');
}
