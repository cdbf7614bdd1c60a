import { conditional, type GitHubSimEnv, NOT_FOUND, page, simpleUser, timestamp } from './github-json.js';
import type { Reply, RouteContext, RouteTable } from './http-server.js';

/**
 * GitHub deployments, their statuses, and commit statuses, with GitHub's behaviour: a new `success` status
 * marks earlier deployments of the same environment `inactive` unless `auto_inactive: false`; creating a
 * deployment checks the commit's status contexts (`required_contexts`) and answers 409 when they have not
 * all succeeded. Lists are newest first, like GitHub.
 */

/** A deployment status as a test seeds it or the API receives it. */
export interface StatusSpec {
  state: 'error' | 'failure' | 'inactive' | 'in_progress' | 'queued' | 'pending' | 'success';
  environment_url?: string | undefined;
  target_url?: string | undefined;
  log_url?: string | undefined;
  description?: string | undefined;
  /** Moves the deployment to this environment (GitHub: "can be changed when setting a deploy status"). */
  environment?: string | undefined;
  /**
   * Seeding with {@link GitHubDeploymentStore.addStatus}: `true` applies GitHub's auto-inactive side effect
   * (default: none, so seeded histories stay exactly as written). Through the API it defaults to `true`.
   */
  auto_inactive?: boolean | undefined;
}

/** A deployment to seed (defaults: acme/shop, ref `main`, creator `vercel[bot]`). */
export interface GhDeploymentSpec {
  owner?: string;
  repo?: string;
  sha: string;
  ref?: string;
  environment: string;
  production_environment?: boolean;
  transient_environment?: boolean;
  /** Default `vercel[bot]`. */
  creator?: string;
  description?: string | null;
  task?: string;
  payload?: unknown;
  statuses?: StatusSpec[];
}

/** A stored deployment status. */
export interface GhDeploymentStatus extends StatusSpec {
  id: number;
  created_at: string;
  creator: string;
  /** The deployment's environment when the status was created. */
  environment: string;
}

/** A stored deployment. */
export interface GhDeployment {
  id: number;
  owner: string;
  repo: string;
  sha: string;
  ref: string;
  environment: string;
  /** The environment the deployment was created for (`environment` may change with a status). */
  original_environment: string;
  production_environment: boolean;
  transient_environment: boolean;
  creator: string;
  created_at: string;
  description: string | null;
  task: string;
  payload: unknown;
  /** Newest first. */
  statuses: GhDeploymentStatus[];
}

/** A commit status to seed (e.g. Vercel's `pending` one, which blocks creating a deployment). */
export interface CommitStatusSpec {
  owner?: string;
  repo?: string;
  sha: string;
  state: 'error' | 'failure' | 'pending' | 'success';
  /** Default `default`, as GitHub's. */
  context?: string;
  description?: string | null;
  target_url?: string | null;
  /** Default `vercel[bot]`. */
  creator?: string;
}

/** A stored commit status. */
export interface SimCommitStatus {
  id: number;
  owner: string;
  repo: string;
  sha: string;
  state: CommitStatusSpec['state'];
  context: string;
  description: string | null;
  target_url: string | null;
  creator: string;
  created_at: string;
}

/** Deployments, their statuses and commit statuses of one simulator, and the routes that serve them. */
export interface GitHubDeploymentStore {
  deployments: GhDeployment[];
  commitStatuses: SimCommitStatus[];
  addDeployment(spec: GhDeploymentSpec): GhDeployment;
  addStatus(deploymentId: number, status: StatusSpec, creator?: string): GhDeploymentStatus;
  addCommitStatus(spec: CommitStatusSpec): SimCommitStatus;
  register(routes: RouteTable): void;
}

type Body = Record<string, unknown>;

/** An empty store; ids come from the simulator's shared counter. */
export function createDeploymentStore(
  env: GitHubSimEnv,
  defaults: { owner: string; repo: string },
  /** Check runs' states on a commit, which count as status contexts too. */
  checkContexts: (owner: string, repo: string, sha: string) => Array<{ context: string; state: string }>,
): GitHubDeploymentStore {
  const deployments: GhDeployment[] = [];
  const commitStatuses: SimCommitStatus[] = [];

  const addDeployment = (spec: GhDeploymentSpec): GhDeployment => {
    const d: GhDeployment = {
      id: env.nextId(),
      owner: spec.owner ?? defaults.owner,
      repo: spec.repo ?? defaults.repo,
      sha: spec.sha,
      ref: spec.ref ?? 'main',
      environment: spec.environment,
      original_environment: spec.environment,
      production_environment: spec.production_environment ?? /^production/i.test(spec.environment),
      transient_environment: spec.transient_environment ?? false,
      creator: spec.creator ?? 'vercel[bot]',
      created_at: timestamp(),
      description: spec.description ?? null,
      task: spec.task ?? 'deploy',
      payload: spec.payload ?? {},
      statuses: [],
    };
    deployments.push(d);
    for (const status of spec.statuses ?? []) addStatus(d.id, status);
    return d;
  };

  const addStatus = (
    deploymentId: number,
    status: StatusSpec,
    creator = 'vercel[bot]',
  ): GhDeploymentStatus => {
    const d = deployments.find((x) => x.id === deploymentId);
    if (!d) throw new Error(`no deployment ${deploymentId}`);
    if (status.environment) d.environment = status.environment;
    const created: GhDeploymentStatus = {
      ...status,
      // "Setting `log_url` will automatically set `target_url` to the same value."
      target_url: status.target_url ?? status.log_url,
      id: env.nextId(),
      created_at: timestamp(),
      creator,
      environment: d.environment,
    };
    d.statuses.unshift(created);
    if (status.state === 'success' && status.auto_inactive === true) inactivatePrior(d, creator);
    return created;
  };

  /**
   * GitHub's `auto_inactive`: "Adds a new `inactive` status to all prior non-transient, non-production
   * environment deployments with the same repository and `environment` name as the created status's
   * deployment. An `inactive` status is only added to deployments that had a `success` state." Production
   * environments are included here too: the "non-production" caveat dates from the `flash` preview, and
   * GitHub's environments page shows earlier production deployments inactive. That is the stricter choice
   * for a reporter that must leave other deployments untouched.
   */
  const inactivatePrior = (d: GhDeployment, creator: string) => {
    for (const other of deployments) {
      const prior = other.id < d.id && other.owner === d.owner && other.repo === d.repo;
      if (!prior || other.environment !== d.environment || other.transient_environment) continue;
      if (other.statuses[0]?.state !== 'success') continue;
      other.statuses.unshift({
        state: 'inactive',
        id: env.nextId(),
        created_at: timestamp(),
        creator,
        environment: other.environment,
        description: '',
      });
    }
  };

  const addCommitStatus = (spec: CommitStatusSpec): SimCommitStatus => {
    const status: SimCommitStatus = {
      id: env.nextId(),
      owner: spec.owner ?? defaults.owner,
      repo: spec.repo ?? defaults.repo,
      sha: spec.sha,
      state: spec.state,
      context: spec.context ?? 'default',
      description: spec.description ?? null,
      target_url: spec.target_url ?? null,
      creator: spec.creator ?? 'vercel[bot]',
      created_at: timestamp(),
    };
    commitStatuses.push(status);
    return status;
  };

  const deploymentJson = (d: GhDeployment) => {
    const base = env.base();
    return {
      url: `${base}/repos/${d.owner}/${d.repo}/deployments/${d.id}`,
      id: d.id,
      node_id: `DE_${d.id}`,
      sha: d.sha,
      ref: d.ref,
      task: d.task,
      payload: d.payload,
      original_environment: d.original_environment,
      environment: d.environment,
      description: d.description,
      creator: simpleUser(d.creator, base),
      created_at: d.created_at,
      updated_at: d.created_at,
      statuses_url: `${base}/repos/${d.owner}/${d.repo}/deployments/${d.id}/statuses`,
      repository_url: `${base}/repos/${d.owner}/${d.repo}`,
      transient_environment: d.transient_environment,
      production_environment: d.production_environment,
    };
  };

  const statusJson = (d: GhDeployment, s: GhDeploymentStatus) => {
    const base = env.base();
    return {
      url: `${base}/repos/${d.owner}/${d.repo}/deployments/${d.id}/statuses/${s.id}`,
      id: s.id,
      node_id: `DES_${s.id}`,
      state: s.state,
      creator: simpleUser(s.creator, base),
      description: s.description ?? '',
      environment: s.environment,
      target_url: s.target_url ?? '',
      log_url: s.log_url ?? s.target_url ?? '',
      environment_url: s.environment_url ?? '',
      created_at: s.created_at,
      updated_at: s.created_at,
      deployment_url: `${base}/repos/${d.owner}/${d.repo}/deployments/${d.id}`,
      repository_url: `${base}/repos/${d.owner}/${d.repo}`,
    };
  };

  const commitStatusJson = (s: SimCommitStatus) => {
    const base = env.base();
    const creator = simpleUser(s.creator, base);
    return {
      url: `${base}/repos/${s.owner}/${s.repo}/statuses/${s.sha}`,
      avatar_url: creator.avatar_url,
      id: s.id,
      node_id: `SC_${s.id}`,
      state: s.state,
      description: s.description,
      target_url: s.target_url,
      context: s.context,
      created_at: s.created_at,
      updated_at: s.created_at,
      creator,
    };
  };

  const find = (ctx: RouteContext) =>
    deployments.find(
      (d) =>
        d.owner === ctx.params.owner &&
        d.repo === ctx.params.repo &&
        String(d.id) === ctx.params.deployment_id,
    );

  /**
   * GitHub's check before creating a deployment: every status context of the commit (commit statuses and
   * check runs, newest per name) must be `success`; `required_contexts` narrows the set, `[]` skips it.
   */
  const contextConflict = (
    owner: string,
    repo: string,
    sha: string,
    ref: string,
    required: unknown,
  ): Reply | undefined => {
    if (Array.isArray(required) && required.length === 0) return undefined;
    const seen = new Set<string>();
    const statuses = commitStatuses
      .filter((s) => s.owner === owner && s.repo === repo && s.sha === sha)
      .reverse()
      .filter((s) => !seen.has(s.context) && seen.add(s.context))
      .map((s) => ({ context: s.context, state: s.state as string }));
    const contexts = [...statuses, ...checkContexts(owner, repo, sha)];
    const wanted = Array.isArray(required) ? contexts.filter((c) => required.includes(c.context)) : contexts;
    const missing = Array.isArray(required)
      ? (required as string[]).filter((name) => !contexts.some((c) => c.context === name))
      : [];
    if (wanted.every((c) => c.state === 'success') && missing.length === 0) return undefined;
    return {
      status: 409,
      body: {
        message: `Conflict: Commit status checks failed for ${ref}.`,
        errors: [
          {
            contexts: [...wanted, ...missing.map((context) => ({ context, state: 'missing' }))],
            resource: 'Deployment',
            field: 'required_contexts',
            code: 'invalid',
          },
        ],
        documentation_url: 'https://docs.github.com/rest/deployments/deployments#create-a-deployment',
        status: '409',
      },
    };
  };

  return {
    deployments,
    commitStatuses,
    addDeployment,
    addStatus,
    addCommitStatus,
    register(routes) {
      routes
        .add('GET', '/repos/:owner/:repo/deployments', (ctx) => {
          const sha = ctx.query.get('sha');
          const environment = ctx.query.get('environment');
          const ref = ctx.query.get('ref');
          const task = ctx.query.get('task');
          const list = deployments
            .filter((d) => d.owner === ctx.params.owner && d.repo === ctx.params.repo)
            .filter((d) => !sha || d.sha === sha)
            .filter((d) => !environment || d.environment === environment)
            .filter((d) => !ref || d.ref === ref)
            .filter((d) => !task || d.task === task)
            .sort((a, b) => b.id - a.id);
          return conditional(ctx, page(list, ctx.query).map(deploymentJson));
        })
        .add('POST', '/repos/:owner/:repo/deployments', (ctx) => {
          const b = ctx.body as Body;
          const owner = ctx.params.owner ?? '';
          const repo = ctx.params.repo ?? '';
          const ref = String(b.ref);
          // A SHA deploys itself; branch names are not modelled and stand for an unknown commit.
          const sha = /^[0-9a-f]{40}$/i.test(ref) ? ref.toLowerCase() : 'f'.repeat(40);
          const conflict = contextConflict(owner, repo, sha, ref, b.required_contexts);
          if (conflict) return conflict;
          const environment = typeof b.environment === 'string' ? b.environment : 'production';
          const d = addDeployment({
            owner,
            repo,
            sha,
            ref,
            environment,
            // "Default: `true` when `environment` is `production` and `false` otherwise."
            production_environment:
              typeof b.production_environment === 'boolean'
                ? b.production_environment
                : environment === 'production',
            transient_environment: b.transient_environment === true,
            description: typeof b.description === 'string' ? b.description : '',
            task: typeof b.task === 'string' ? b.task : 'deploy',
            payload: b.payload ?? {},
            creator: 'github-actions[bot]',
          });
          return { status: 201, body: deploymentJson(d) };
        })
        .add('GET', '/repos/:owner/:repo/deployments/:deployment_id', (ctx) => {
          const d = find(ctx);
          return d ? conditional(ctx, deploymentJson(d)) : NOT_FOUND;
        })
        .add('GET', '/repos/:owner/:repo/deployments/:deployment_id/statuses', (ctx) => {
          const d = find(ctx);
          if (!d) return NOT_FOUND;
          return conditional(
            ctx,
            page(d.statuses, ctx.query).map((s) => statusJson(d, s)),
          );
        })
        .add('GET', '/repos/:owner/:repo/deployments/:deployment_id/statuses/:status_id', (ctx) => {
          const d = find(ctx);
          const s = d?.statuses.find((x) => String(x.id) === ctx.params.status_id);
          return d && s ? conditional(ctx, statusJson(d, s)) : NOT_FOUND;
        })
        .add('POST', '/repos/:owner/:repo/deployments/:deployment_id/statuses', (ctx) => {
          const d = find(ctx);
          if (!d) return NOT_FOUND;
          const b = ctx.body as Body;
          const text = (key: string) => (typeof b[key] === 'string' ? (b[key] as string) : undefined);
          const created = addStatus(
            d.id,
            {
              state: b.state as StatusSpec['state'],
              environment_url: text('environment_url'),
              target_url: text('target_url'),
              log_url: text('log_url'),
              description: text('description'),
              environment: text('environment'),
              auto_inactive: b.auto_inactive !== false,
            },
            'github-actions[bot]',
          );
          return { status: 201, body: statusJson(d, created) };
        })
        .add('POST', '/repos/:owner/:repo/statuses/:sha+', (ctx) => {
          const b = ctx.body as Body;
          const status = addCommitStatus({
            owner: ctx.params.owner,
            repo: ctx.params.repo,
            sha: ctx.params.sha ?? '',
            state: b.state as CommitStatusSpec['state'],
            context: typeof b.context === 'string' ? b.context : undefined,
            description: typeof b.description === 'string' ? b.description : null,
            target_url: typeof b.target_url === 'string' ? b.target_url : null,
            creator: 'github-actions[bot]',
          });
          return { status: 201, body: commitStatusJson(status) };
        })
        .add('GET', '/repos/:owner/:repo/commits/:ref+/statuses', (ctx) => {
          const list = commitStatuses
            .filter(
              (s) => s.owner === ctx.params.owner && s.repo === ctx.params.repo && s.sha === ctx.params.ref,
            )
            .reverse();
          return conditional(ctx, page(list, ctx.query).map(commitStatusJson));
        });
    },
  };
}
