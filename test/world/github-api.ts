import { createHash } from 'node:crypto';
import {
  type Fault,
  type Handler,
  type LoggedRequest,
  type Reply,
  type RouteContext,
  RouteTable,
  startSimServer,
} from './http-server.js';

/**
 * A simulated GitHub REST API on 127.0.0.1, built on a route table so later issues can add endpoints
 * (`sim.route('POST', '/repos/:owner/:repo/check-runs', …)`). Serves deployments and deployment statuses
 * with `ETag` and `If-None-Match` → 304, requires an `authorization` header (401 otherwise), and keeps a
 * request log. Lists are newest first, like GitHub.
 */

export interface StatusSpec {
  state: 'error' | 'failure' | 'inactive' | 'in_progress' | 'queued' | 'pending' | 'success';
  environment_url?: string;
  target_url?: string;
  log_url?: string;
  description?: string;
}

export interface GhDeploymentSpec {
  owner?: string;
  repo?: string;
  sha: string;
  ref?: string;
  environment: string;
  production_environment?: boolean;
  /** Default `vercel[bot]`. */
  creator?: string;
  statuses?: StatusSpec[];
}

export interface GhDeployment {
  id: number;
  owner: string;
  repo: string;
  sha: string;
  ref: string;
  environment: string;
  production_environment: boolean;
  creator: string;
  created_at: string;
  statuses: Array<StatusSpec & { id: number; created_at: string; creator: string }>;
}

export interface GitHubSim {
  url: string;
  requests: LoggedRequest[];
  requestCount(filter?: { method?: string; path?: string | RegExp }): number;
  /** Requests answered 304 Not Modified. */
  notModifiedCount(filter?: { path?: string | RegExp }): number;
  deployments: GhDeployment[];
  addDeployment(spec: GhDeploymentSpec): GhDeployment;
  /** Adds a status (it becomes the newest). */
  addStatus(deploymentId: number, status: StatusSpec): void;
  /** More endpoints for later issues; the same auth check, failures and log apply. */
  route(method: string, pattern: string, handler: Handler): void;
  failNext(count: number, fault: Fault): void;
  close(): Promise<void>;
}

export const DEFAULT_OWNER = 'acme';
export const DEFAULT_REPO = 'shop';

export async function startGitHubApi(): Promise<GitHubSim> {
  const deployments: GhDeployment[] = [];
  let nextId = 1000;
  const base = () => server.url;

  const deploymentJson = (d: GhDeployment) => ({
    url: `${base()}/repos/${d.owner}/${d.repo}/deployments/${d.id}`,
    id: d.id,
    node_id: `DE_${d.id}`,
    sha: d.sha,
    ref: d.ref,
    task: 'deploy',
    payload: {},
    original_environment: d.environment,
    environment: d.environment,
    description: null,
    creator: { login: d.creator, type: d.creator.endsWith('[bot]') ? 'Bot' : 'User' },
    created_at: d.created_at,
    updated_at: d.created_at,
    statuses_url: `${base()}/repos/${d.owner}/${d.repo}/deployments/${d.id}/statuses`,
    repository_url: `${base()}/repos/${d.owner}/${d.repo}`,
    transient_environment: false,
    production_environment: d.production_environment,
  });

  const statusJson = (d: GhDeployment, s: GhDeployment['statuses'][number]) => ({
    url: `${base()}/repos/${d.owner}/${d.repo}/deployments/${d.id}/statuses/${s.id}`,
    id: s.id,
    state: s.state,
    creator: { login: s.creator },
    description: s.description ?? '',
    environment: d.environment,
    target_url: s.target_url ?? '',
    log_url: s.log_url ?? s.target_url ?? '',
    environment_url: s.environment_url ?? '',
    created_at: s.created_at,
    updated_at: s.created_at,
    deployment_url: `${base()}/repos/${d.owner}/${d.repo}/deployments/${d.id}`,
    repository_url: `${base()}/repos/${d.owner}/${d.repo}`,
  });

  /** 200 with an ETag, or 304 when the client already has this exact answer. */
  const conditional = (ctx: RouteContext, body: unknown, status = 200): Reply => {
    const etag = `W/"${createHash('sha1').update(JSON.stringify(body)).digest('hex')}"`;
    const headers = { etag, 'x-ratelimit-limit': '5000', 'x-ratelimit-remaining': '4999' };
    if (status === 200 && ctx.req.headers['if-none-match'] === etag) return { status: 304, headers };
    return { status, headers, body };
  };

  const find = (ctx: RouteContext) =>
    deployments.find(
      (d) => d.owner === ctx.params.owner && d.repo === ctx.params.repo && String(d.id) === ctx.params.id,
    );

  const perPage = (ctx: RouteContext) => Math.min(100, Number(ctx.query.get('per_page') ?? 30));

  const addDeployment = (spec: GhDeploymentSpec): GhDeployment => {
    const d: GhDeployment = {
      id: nextId++,
      owner: spec.owner ?? DEFAULT_OWNER,
      repo: spec.repo ?? DEFAULT_REPO,
      sha: spec.sha,
      ref: spec.ref ?? 'main',
      environment: spec.environment,
      production_environment: spec.production_environment ?? /^production/i.test(spec.environment),
      creator: spec.creator ?? 'vercel[bot]',
      created_at: new Date().toISOString(),
      statuses: [],
    };
    deployments.push(d);
    for (const status of spec.statuses ?? []) addStatus(d.id, status);
    return d;
  };

  const addStatus = (deploymentId: number, status: StatusSpec, creator = 'vercel[bot]') => {
    const d = deployments.find((x) => x.id === deploymentId);
    if (!d) throw new Error(`no deployment ${deploymentId}`);
    d.statuses.unshift({ ...status, id: nextId++, created_at: new Date().toISOString(), creator });
  };

  const routes = new RouteTable()
    .add('GET', '/repos/:owner/:repo/deployments', (ctx) => {
      const sha = ctx.query.get('sha');
      const environment = ctx.query.get('environment');
      const ref = ctx.query.get('ref');
      const list = deployments
        .filter((d) => d.owner === ctx.params.owner && d.repo === ctx.params.repo)
        .filter((d) => !sha || d.sha === sha)
        .filter((d) => !environment || d.environment === environment)
        .filter((d) => !ref || d.ref === ref)
        .sort((a, b) => b.id - a.id)
        .slice(0, perPage(ctx));
      return conditional(ctx, list.map(deploymentJson));
    })
    .add('POST', '/repos/:owner/:repo/deployments', (ctx) => {
      const body = (ctx.body ?? {}) as Record<string, unknown>;
      const ref = String(body.ref ?? 'main');
      const d = addDeployment({
        owner: ctx.params.owner,
        repo: ctx.params.repo,
        sha: typeof body.sha === 'string' ? body.sha : /^[0-9a-f]{40}$/.test(ref) ? ref : 'f'.repeat(40),
        ref,
        environment: String(body.environment ?? 'production'),
        production_environment:
          typeof body.production_environment === 'boolean' ? body.production_environment : undefined,
        creator: 'github-actions[bot]',
      });
      return { status: 201, body: deploymentJson(d) };
    })
    .add('GET', '/repos/:owner/:repo/deployments/:id', (ctx) => {
      const d = find(ctx);
      return d ? conditional(ctx, deploymentJson(d)) : { status: 404, body: { message: 'Not Found' } };
    })
    .add('GET', '/repos/:owner/:repo/deployments/:id/statuses', (ctx) => {
      const d = find(ctx);
      if (!d) return { status: 404, body: { message: 'Not Found' } };
      return conditional(
        ctx,
        d.statuses.slice(0, perPage(ctx)).map((s) => statusJson(d, s)),
      );
    })
    .add('POST', '/repos/:owner/:repo/deployments/:id/statuses', (ctx) => {
      const d = find(ctx);
      if (!d) return { status: 404, body: { message: 'Not Found' } };
      const body = (ctx.body ?? {}) as Record<string, string>;
      addStatus(
        d.id,
        {
          state: (body.state ?? 'pending') as StatusSpec['state'],
          environment_url: body.environment_url,
          target_url: body.target_url,
          log_url: body.log_url,
          description: body.description,
        },
        'github-actions[bot]',
      );
      return { status: 201, body: statusJson(d, d.statuses[0] as GhDeployment['statuses'][number]) };
    });

  const server = await startSimServer(routes, {
    guard: ({ req }) =>
      req.headers.authorization
        ? undefined
        : {
            status: 401,
            body: { message: 'Requires authentication', documentation_url: 'https://docs.github.com/rest' },
          },
  });

  return {
    url: server.url,
    requests: server.requests,
    requestCount: server.requestCount,
    notModifiedCount: (filter = {}) =>
      server.requests.filter(
        (r) =>
          r.status === 304 &&
          (filter.path === undefined ||
            (typeof filter.path === 'string' ? r.path.includes(filter.path) : filter.path.test(r.path))),
      ).length,
    deployments,
    addDeployment,
    addStatus: (id, status) => addStatus(id, status),
    route(method, pattern, handler) {
      routes.add(method, pattern, handler);
    },
    failNext: server.failNext,
    close: server.close,
  };
}
