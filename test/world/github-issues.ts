import {
  conditional,
  type GitHubSimEnv,
  NOT_FOUND,
  page,
  pageLinks,
  simpleUser,
  timestamp,
} from './github-json.js';
import type { Reply, RouteContext, RouteTable } from './http-server.js';

/**
 * GitHub issues (and pull requests as the Issues API lists them), their comments and labels, and the search
 * API with its lag.
 *
 * Served (under `/repos/{owner}/{repo}`; GETs carry an `ETag` and answer 304 to `If-None-Match`; lists page by
 * `per_page` (default 30, at most 100) and `page`, with GitHub's `Link` header (`rel="next"`, `"last"`,
 * `"prev"`, `"first"`) when there is more than one page):
 * - `GET /issues` `?state=open|closed|all` (default open) `&labels=a,b` (every one must be on the issue,
 *   names case-insensitive) `&creator=` `&since=` `&sort=created|updated|comments&direction=asc|desc`
 *   (default created, desc). Pull requests are listed too: their items carry `pull_request`.
 * - `POST /issues` `{title, body?, labels?}` → 201 issue (`number`, `html_url`, `state`, `labels` as objects,
 *   `user` `github-actions[bot]`, …). Labels named that do not exist yet are created (colour `ededed`).
 * - `GET /issues/{n}`; `PATCH /issues/{n}` `{state?, state_reason?, title?, body?, labels?}`: closing sets
 *   `closed_at` and `state_reason` (default `completed`), reopening sets `state_reason: reopened`;
 *   `labels` replaces the set.
 * - `POST /issues/{n}/comments` `{body}` → 201 comment; `GET /issues/{n}/comments` (oldest first, `since`).
 * - `GET /labels`, `POST /labels` (422 `already_exists`), `GET /labels/{name}`.
 * - `GET /search/issues?q=…`: `repo:o/r`, `is:issue|pr|open|closed`, `state:`, `type:`, `label:` (all must
 *   match), `author:`, `in:title|body|comments`, and words or "quoted phrases" that must all appear. Search is
 *   eventually consistent on GitHub, so an issue created through the API is invisible to it for
 *   `setSearchDelay(ms)` — by default forever — until `indexForSearch()`. Seeded issues are visible at once.
 *   Code that finds its open incident through search instead of listing is caught by this.
 *
 * Writes need `issues: write` (`sim.denyPermission('issues')` → 403); reads need nothing. Issue and pull
 * request numbers share one sequence per repository, as on GitHub.
 *
 * Test helpers (`sim.issues`): `seed(spec)`, `all()`, `get(n)`, `comments(n)`, `labels()`,
 * `setSearchDelay(ms)`, `indexForSearch()`.
 */

/** Which repository a helper means; acme/shop by default. */
export interface IssueRepo {
  owner?: string;
  repo?: string;
}

/** An issue (or pull request) as the simulator keeps it. */
export interface SimIssue {
  id: number;
  owner: string;
  repo: string;
  number: number;
  title: string;
  body: string | null;
  state: 'open' | 'closed';
  state_reason: 'completed' | 'not_planned' | 'reopened' | 'duplicate' | null;
  /** Label names as the repository spells them. */
  labels: string[];
  /** The author's login. */
  user: string;
  created_at: string;
  updated_at: string;
  closed_at: string | null;
  /** How many comments it has. */
  comments: number;
  /** Whether it is a pull request (listed by the Issues API with `pull_request`). */
  pull_request: boolean;
  /** Epoch ms from which search finds it (`Infinity`: not yet indexed). */
  searchableFrom: number;
}

/** A comment as the simulator keeps it. */
export interface SimIssueComment {
  id: number;
  issue_number: number;
  body: string;
  user: string;
  created_at: string;
  updated_at: string;
}

/** A label of a repository. */
export interface SimLabel {
  id: number;
  name: string;
  color: string;
  description: string | null;
}

/** An issue or pull request a test seeds (visible to search at once unless `searchable: false`). */
export interface IssueSeed extends IssueRepo {
  title: string;
  body?: string | null;
  labels?: string[];
  state?: 'open' | 'closed';
  state_reason?: SimIssue['state_reason'];
  /** Seed a pull request instead of an issue. */
  pull_request?: boolean;
  /** Default `github-actions[bot]`. */
  user?: string;
  /** ISO time; default now. */
  created_at?: string;
  /** Comment bodies, oldest first. */
  comments?: string[];
  /** Default true: an old issue the search index already holds. */
  searchable?: boolean;
}

/** Test helpers over the simulated issues. */
export interface IssuesTestApi {
  seed(spec: IssueSeed): SimIssue;
  /** Every issue and pull request of the repository, by number. */
  all(where?: IssueRepo): SimIssue[];
  get(number: number, where?: IssueRepo): SimIssue | undefined;
  /** The issue's comments, oldest first. */
  comments(number: number, where?: IssueRepo): SimIssueComment[];
  labels(where?: IssueRepo): SimLabel[];
  /** How long an issue created through the API stays invisible to search (default `Infinity`). */
  setSearchDelay(ms: number): void;
  /** The search index catches up: every issue becomes visible to search now. */
  indexForSearch(): void;
}

/** The issue store of one simulator and the routes that serve it. */
export interface IssueStore {
  issues: IssuesTestApi;
  register(routes: RouteTable): void;
}

interface RepoIssues {
  issues: SimIssue[];
  comments: Map<number, SimIssueComment[]>;
  /** Lower-cased name → label. */
  labels: Map<string, SimLabel>;
}

type Body = Record<string, unknown>;

const BOT = 'github-actions[bot]';

/** An empty issue store; ids come from the simulator's shared counter. */
export function createIssueStore(env: GitHubSimEnv, defaults: { owner: string; repo: string }): IssueStore {
  const repos = new Map<string, RepoIssues>();
  let searchDelay = Number.POSITIVE_INFINITY;

  const repoOf = (owner: string, repo: string): RepoIssues => {
    const key = `${owner}/${repo}`;
    let r = repos.get(key);
    if (!r) {
      r = { issues: [], comments: new Map(), labels: new Map() };
      repos.set(key, r);
    }
    return r;
  };
  const selected = (where: IssueRepo = {}) =>
    repoOf(where.owner ?? defaults.owner, where.repo ?? defaults.repo);
  const repoFor = (ctx: RouteContext) => repoOf(ctx.params.owner ?? '', ctx.params.repo ?? '');

  /** The label by name (case-insensitive), created with GitHub's default colour when missing. */
  const ensureLabel = (r: RepoIssues, name: string): SimLabel => {
    const existing = r.labels.get(name.toLowerCase());
    if (existing) return existing;
    const label: SimLabel = { id: env.nextId(), name, color: 'ededed', description: null };
    r.labels.set(name.toLowerCase(), label);
    return label;
  };

  /** Label names from a request's `labels` (strings or `{name}` objects). */
  const labelNames = (value: unknown): string[] =>
    (Array.isArray(value) ? value : [])
      .map((l) => (typeof l === 'string' ? l : String((l as { name?: unknown }).name ?? '')))
      .filter((l) => l.trim() !== '');

  const setLabels = (r: RepoIssues, issue: SimIssue, names: string[]) => {
    const seen = new Set<string>();
    issue.labels = names
      .map((n) => ensureLabel(r, n).name)
      .filter((n) => !seen.has(n.toLowerCase()) && seen.add(n.toLowerCase()));
  };

  const addComment = (r: RepoIssues, issue: SimIssue, body: string, user = BOT, at = timestamp()) => {
    const comment: SimIssueComment = {
      id: env.nextId(),
      issue_number: issue.number,
      body,
      user,
      created_at: at,
      updated_at: at,
    };
    const list = r.comments.get(issue.number) ?? [];
    list.push(comment);
    r.comments.set(issue.number, list);
    issue.comments = list.length;
    issue.updated_at = at;
    return comment;
  };

  const create = (owner: string, repo: string, spec: IssueSeed, searchableFrom: number): SimIssue => {
    const r = repoOf(owner, repo);
    const at = spec.created_at ?? timestamp();
    const state = spec.state ?? 'open';
    const issue: SimIssue = {
      id: env.nextId(),
      owner,
      repo,
      number: r.issues.length + 1,
      title: spec.title,
      body: spec.body ?? null,
      state,
      state_reason: spec.state_reason ?? (state === 'closed' ? 'completed' : null),
      labels: [],
      user: spec.user ?? BOT,
      created_at: at,
      updated_at: at,
      closed_at: state === 'closed' ? at : null,
      comments: 0,
      pull_request: spec.pull_request === true,
      searchableFrom,
    };
    setLabels(r, issue, spec.labels ?? []);
    r.issues.push(issue);
    for (const body of spec.comments ?? []) addComment(r, issue, body, issue.user, at);
    return issue;
  };

  // ---- JSON as GitHub sends it -----------------------------------------------------------------------

  const labelJson = (owner: string, repo: string, label: SimLabel) => ({
    id: label.id,
    node_id: `LA_${label.id}`,
    url: `${env.base()}/repos/${owner}/${repo}/labels/${encodeURIComponent(label.name)}`,
    name: label.name,
    description: label.description,
    color: label.color,
    default: false,
  });

  const issueJson = (i: SimIssue) => {
    const api = `${env.base()}/repos/${i.owner}/${i.repo}`;
    const self = `${api}/issues/${i.number}`;
    const web = `https://github.com/${i.owner}/${i.repo}`;
    const r = repoOf(i.owner, i.repo);
    return {
      id: i.id,
      node_id: `${i.pull_request ? 'PR' : 'I'}_${i.id}`,
      url: self,
      repository_url: api,
      labels_url: `${self}/labels{/name}`,
      comments_url: `${self}/comments`,
      events_url: `${self}/events`,
      html_url: `${web}/${i.pull_request ? 'pull' : 'issues'}/${i.number}`,
      number: i.number,
      state: i.state,
      state_reason: i.state_reason,
      title: i.title,
      body: i.body,
      user: simpleUser(i.user, env.base()),
      labels: i.labels.map((name) =>
        labelJson(i.owner, i.repo, r.labels.get(name.toLowerCase()) ?? ensureLabel(r, name)),
      ),
      assignee: null,
      assignees: [],
      milestone: null,
      locked: false,
      active_lock_reason: null,
      comments: i.comments,
      closed_at: i.closed_at,
      created_at: i.created_at,
      updated_at: i.updated_at,
      author_association: i.user === BOT ? 'NONE' : 'MEMBER',
      timeline_url: `${self}/timeline`,
      performed_via_github_app: null,
      ...(i.pull_request
        ? {
            draft: false,
            pull_request: {
              url: `${api}/pulls/${i.number}`,
              html_url: `${web}/pull/${i.number}`,
              diff_url: `${web}/pull/${i.number}.diff`,
              patch_url: `${web}/pull/${i.number}.patch`,
              merged_at: null,
            },
          }
        : {}),
    };
  };

  const commentJson = (owner: string, repo: string, c: SimIssueComment) => {
    const api = `${env.base()}/repos/${owner}/${repo}`;
    return {
      id: c.id,
      node_id: `IC_${c.id}`,
      url: `${api}/issues/comments/${c.id}`,
      html_url: `https://github.com/${owner}/${repo}/issues/${c.issue_number}#issuecomment-${c.id}`,
      issue_url: `${api}/issues/${c.issue_number}`,
      body: c.body,
      user: simpleUser(c.user, env.base()),
      created_at: c.created_at,
      updated_at: c.updated_at,
      author_association: c.user === BOT ? 'NONE' : 'MEMBER',
      performed_via_github_app: null,
    };
  };

  /** A page of a list with GitHub's `ETag` and `Link` headers. */
  const paged = <T>(
    ctx: RouteContext,
    list: T[],
    json: (item: T) => unknown,
    wrap?: (items: unknown[]) => unknown,
  ) => {
    const items = page(list, ctx.query).map(json);
    const reply = conditional(ctx, wrap ? wrap(items) : items);
    const link = pageLinks(env.base(), ctx.log.path, ctx.query, list.length);
    if (link) reply.headers = { ...reply.headers, link };
    return reply;
  };

  const find = (ctx: RouteContext) =>
    repoFor(ctx).issues.find((i) => String(i.number) === ctx.params.issue_number);

  const validationFailed = (resource: string, code: string, field: string): Reply => ({
    status: 422,
    body: {
      message: 'Validation Failed',
      errors: [{ resource, code, field }],
      documentation_url: 'https://docs.github.com/rest/issues',
      status: '422',
    },
  });

  const sorted = (list: SimIssue[], sort: string | null, direction: string | null) => {
    const key = (i: SimIssue) =>
      sort === 'updated' ? Date.parse(i.updated_at) : sort === 'comments' ? i.comments : i.number;
    const sign = direction === 'asc' ? 1 : -1;
    return [...list].sort((a, b) => sign * (key(a) - key(b) || a.number - b.number));
  };

  // ---- search ----------------------------------------------------------------------------------------

  /** Whether an issue matches a search query (the qualifiers the monitor or its tests could use). */
  const matchesQuery = (i: SimIssue, q: string, r: RepoIssues): boolean => {
    const tokens = q.match(/(?:[^\s"]+:)?"[^"]*"|\S+/g) ?? [];
    const fields = new Set<string>();
    const words: string[] = [];
    for (const token of tokens) {
      const m = /^([a-z-]+):(.*)$/i.exec(token);
      const value = m ? (m[2] ?? '').replace(/^"|"$/g, '') : token.replace(/^"|"$/g, '');
      switch (m?.[1]?.toLowerCase()) {
        case 'repo':
          if (value.toLowerCase() !== `${i.owner}/${i.repo}`.toLowerCase()) return false;
          break;
        case 'is':
        case 'type':
        case 'state':
          if (
            (value === 'issue' && i.pull_request) ||
            ((value === 'pr' || value === 'pull-request') && !i.pull_request)
          )
            return false;
          if ((value === 'open' || value === 'closed') && i.state !== value) return false;
          break;
        case 'label':
          if (!i.labels.some((l) => l.toLowerCase() === value.toLowerCase())) return false;
          break;
        case 'author':
          if (i.user.toLowerCase() !== value.toLowerCase()) return false;
          break;
        case 'in':
          for (const f of value.split(',')) fields.add(f.toLowerCase());
          break;
        case undefined:
          if (value) words.push(value.toLowerCase());
          break;
        default:
          // Other qualifiers (sort:, created:, no:) narrow nothing here.
          break;
      }
    }
    const haystack: string[] = [];
    const all = fields.size === 0;
    if (all || fields.has('title')) haystack.push(i.title);
    if (all || fields.has('body')) haystack.push(i.body ?? '');
    if (fields.has('comments')) haystack.push(...(r.comments.get(i.number) ?? []).map((c) => c.body));
    const text = haystack.join('\n').toLowerCase();
    return words.every((w) => text.includes(w));
  };

  const issues: IssuesTestApi = {
    seed(spec) {
      return create(
        spec.owner ?? defaults.owner,
        spec.repo ?? defaults.repo,
        spec,
        spec.searchable === false ? Infinity : 0,
      );
    },
    all: (where) => [...selected(where).issues],
    get: (number, where) => selected(where).issues.find((i) => i.number === number),
    comments: (number, where) => [...(selected(where).comments.get(number) ?? [])],
    labels: (where) => [...selected(where).labels.values()],
    setSearchDelay(ms) {
      searchDelay = ms;
    },
    indexForSearch() {
      const now = Date.now();
      for (const r of repos.values())
        for (const i of r.issues) i.searchableFrom = Math.min(i.searchableFrom, now);
    },
  };

  return {
    issues,
    register(routes) {
      routes
        .add('GET', '/repos/:owner/:repo/issues', (ctx) => {
          const q = ctx.query;
          const state = q.get('state') ?? 'open';
          const wanted = (q.get('labels') ?? '')
            .split(',')
            .map((l) => l.trim().toLowerCase())
            .filter(Boolean);
          const creator = q.get('creator');
          const since = q.get('since');
          const list = repoFor(ctx).issues.filter(
            (i) =>
              (state === 'all' || i.state === state) &&
              wanted.every((w) => i.labels.some((l) => l.toLowerCase() === w)) &&
              (creator === null || i.user.toLowerCase() === creator.toLowerCase()) &&
              (since === null || Date.parse(i.updated_at) >= Date.parse(since)),
          );
          return paged(ctx, sorted(list, q.get('sort'), q.get('direction')), issueJson);
        })
        .add('POST', '/repos/:owner/:repo/issues', (ctx) => {
          const b = ctx.body as Body;
          const owner = ctx.params.owner ?? '';
          const repo = ctx.params.repo ?? '';
          const issue = create(
            owner,
            repo,
            {
              title: String(b.title),
              body: typeof b.body === 'string' ? b.body : null,
              labels: labelNames(b.labels),
            },
            Date.now() + searchDelay,
          );
          return { status: 201, body: issueJson(issue) };
        })
        .add('GET', '/repos/:owner/:repo/issues/:issue_number', (ctx) => {
          const issue = find(ctx);
          return issue ? conditional(ctx, issueJson(issue)) : NOT_FOUND;
        })
        .add('PATCH', '/repos/:owner/:repo/issues/:issue_number', (ctx) => {
          const issue = find(ctx);
          if (!issue) return NOT_FOUND;
          const b = (ctx.body ?? {}) as Body;
          const at = timestamp();
          if (typeof b.title === 'string' || typeof b.title === 'number') issue.title = String(b.title);
          if ('body' in b) issue.body = typeof b.body === 'string' ? b.body : null;
          if (Array.isArray(b.labels)) setLabels(repoFor(ctx), issue, labelNames(b.labels));
          const reason = b.state_reason as SimIssue['state_reason'] | undefined;
          if (b.state === 'closed' && issue.state !== 'closed') {
            issue.state = 'closed';
            issue.closed_at = at;
            issue.state_reason = reason ?? 'completed';
          } else if (b.state === 'open' && issue.state !== 'open') {
            issue.state = 'open';
            issue.closed_at = null;
            issue.state_reason = 'reopened';
          } else if (reason !== undefined) {
            issue.state_reason = reason;
          }
          issue.updated_at = at;
          return { status: 200, body: issueJson(issue) };
        })
        .add('GET', '/repos/:owner/:repo/issues/:issue_number/comments', (ctx) => {
          const issue = find(ctx);
          if (!issue) return NOT_FOUND;
          const since = ctx.query.get('since');
          const list = (repoFor(ctx).comments.get(issue.number) ?? []).filter(
            (c) => since === null || Date.parse(c.updated_at) >= Date.parse(since),
          );
          return paged(ctx, list, (c) => commentJson(issue.owner, issue.repo, c));
        })
        .add('POST', '/repos/:owner/:repo/issues/:issue_number/comments', (ctx) => {
          const issue = find(ctx);
          if (!issue) return NOT_FOUND;
          const comment = addComment(repoFor(ctx), issue, String((ctx.body as Body).body));
          return { status: 201, body: commentJson(issue.owner, issue.repo, comment) };
        })
        .add('GET', '/repos/:owner/:repo/labels', (ctx) => {
          const owner = ctx.params.owner ?? '';
          const repo = ctx.params.repo ?? '';
          return paged(ctx, [...repoFor(ctx).labels.values()], (l) => labelJson(owner, repo, l));
        })
        .add('POST', '/repos/:owner/:repo/labels', (ctx) => {
          const b = ctx.body as Body;
          const r = repoFor(ctx);
          const name = String(b.name);
          if (r.labels.has(name.toLowerCase())) return validationFailed('Label', 'already_exists', 'name');
          const label = ensureLabel(r, name);
          if (typeof b.color === 'string') label.color = b.color.replace(/^#/, '');
          if (typeof b.description === 'string') label.description = b.description;
          return { status: 201, body: labelJson(ctx.params.owner ?? '', ctx.params.repo ?? '', label) };
        })
        .add('GET', '/repos/:owner/:repo/labels/:name', (ctx) => {
          const label = repoFor(ctx).labels.get((ctx.params.name ?? '').toLowerCase());
          return label
            ? conditional(ctx, labelJson(ctx.params.owner ?? '', ctx.params.repo ?? '', label))
            : NOT_FOUND;
        })
        .add('GET', '/search/issues', (ctx) => {
          const q = ctx.query.get('q') ?? '';
          const now = Date.now();
          const found = [...repos.values()].flatMap((r) =>
            r.issues.filter((i) => i.searchableFrom <= now && matchesQuery(i, q, r)),
          );
          const sort = ctx.query.get('sort');
          const list = sorted(
            found,
            sort === 'created' || sort === 'updated' || sort === 'comments' ? sort : null,
            ctx.query.get('order'),
          );
          return paged(
            ctx,
            list,
            (i) => ({ ...issueJson(i), score: 1 }),
            (items) => ({
              total_count: list.length,
              incomplete_results: false,
              items,
              search_type: 'lexical',
            }),
          );
        });
    },
  };
}
