import { type CheckRunSpec, createCheckRunStore, type SimCheckRun } from './github-checks.js';
import {
  type CommitStatusSpec,
  createDeploymentStore,
  type GhDeployment,
  type GhDeploymentSpec,
  type GhDeploymentStatus,
  type SimCommitStatus,
  type StatusSpec,
} from './github-deployments.js';
import { createGitStore, type GitTestApi } from './github-git.js';
import { createIssueStore, type IssuesTestApi } from './github-issues.js';
import { conditional, NOT_FOUND, repositoryJson } from './github-json.js';
import {
  type GitHubOpenApi,
  type GitHubOperation,
  loadGitHubOpenApi,
  type RequestCheck,
} from './github-openapi.js';
import { checkGitHubRules, type RuleFailure } from './github-rules.js';
import {
  type Fault,
  type Handler,
  type LoggedRequest,
  matches,
  type Reply,
  type RequestFilter,
  type RouteContext,
  RouteTable,
  startSimServer,
} from './http-server.js';

/**
 * A simulated GitHub REST API on 127.0.0.1: check runs (with annotations and a state history), deployments,
 * deployment statuses (`auto_inactive`), commit statuses and `GET /repos/{owner}/{repo}`; `ETag` and
 * `If-None-Match` → 304 on every GET; an `authorization` header is required (401 otherwise).
 *
 * Every request is judged against GitHub's own OpenAPI description (`@octokit/openapi`) and GitHub's rules
 * beyond it (50 annotations, 65535 characters and bytes, 140-character descriptions, `conclusion` with
 * `completed`): what GitHub would reject gets GitHub's 400/404/422 answer AND is recorded in `violations`,
 * so a test ends with `sim.assertNoViolations()`. A request for an operation GitHub has but the simulator
 * does not serve is a violation too (404), so nothing passes by accident.
 *
 * Order per request: injected fault (`failNext`, not validated) → 401 without `authorization` → validation
 * (recorded) → 403 for a write to a denied area (`denyPermission`) → the 400/404/422 → the handler.
 */

export type { CheckRunAnnotation, CheckRunSnapshot, CheckRunSpec, SimCheckRun } from './github-checks.js';
export type {
  CommitStatusSpec,
  GhDeployment,
  GhDeploymentSpec,
  GhDeploymentStatus,
  SimCommitStatus,
  StatusSpec,
} from './github-deployments.js';
export type { GitSignature, GitTestApi, RefUpdate, RepoSelector, SimGitCommit } from './github-git.js';
export type {
  IssueRepo,
  IssueSeed,
  IssuesTestApi,
  SimIssue,
  SimIssueComment,
  SimLabel,
} from './github-issues.js';

/**
 * What a token may lack: `checks: write`, `deployments: write`, `statuses: write`, `contents: write`,
 * `issues: write`.
 */
export type PermissionKind = 'checks' | 'deployments' | 'statuses' | 'contents' | 'issues';

/** A request GitHub would have rejected (or that the simulator cannot answer). */
export interface Violation {
  method: string;
  /** The request path as sent (percent-encoded, no query). */
  path: string;
  /** GitHub's operation id (`checks/create`); undefined when GitHub has no such operation. */
  operation?: string | undefined;
  /**
   * `unknown-operation`: no such method + path in GitHub's description (404). `invalid`: parameters or body
   * break the schema or GitHub's rules (422; 400 for a body that is not JSON). `unserved`: GitHub has the
   * operation but the simulator does not serve it (404; add it with `sim.route`).
   */
  kind: 'unknown-operation' | 'invalid' | 'unserved';
  /** What GitHub answers to it (the simulator answers 403 instead while the area is denied). */
  status: number;
  /** `where: what`, e.g. `body.output.summary: Only 65535 characters are allowed; 70000 were supplied.` */
  problems: string[];
}

/** A running simulator; see {@link startGitHubApi}. */
export interface GitHubSim {
  url: string;
  requests: LoggedRequest[];
  requestCount(filter?: RequestFilter): number;
  /** Requests answered 304 Not Modified. */
  notModifiedCount(filter?: { path?: string | RegExp }): number;

  deployments: GhDeployment[];
  /** Seeds a deployment (by default as Vercel's GitHub integration creates them: `vercel[bot]`). */
  addDeployment(spec: GhDeploymentSpec): GhDeployment;
  /** Seeds a status (it becomes the newest); no `auto_inactive` side effect unless `status.auto_inactive`. */
  addStatus(deploymentId: number, status: StatusSpec): GhDeploymentStatus;
  /** Commit statuses, oldest first. They count for deployments' `required_contexts`. */
  commitStatuses: SimCommitStatus[];
  addCommitStatus(spec: CommitStatusSpec): SimCommitStatus;

  /** Check runs, oldest first; each keeps every annotation sent and its `history` of states. */
  checkRuns: SimCheckRun[];
  /** Seeds a check run (e.g. one a killed job left `in_progress`); owner/repo default to acme/shop. */
  addCheckRun(spec: CheckRunSpec): SimCheckRun;
  /** The newest check run matching every given field. */
  findCheckRun(filter?: { name?: string; head_sha?: string }): SimCheckRun | undefined;

  /** The Git Data API's repositories (see `github-git.ts`): files, commits and heads of branches, seeding, races. */
  git: GitTestApi;
  /** Issues, pull requests, comments, labels and the lagging search index (see `github-issues.ts`). */
  issues: IssuesTestApi;

  /** Requests GitHub would have rejected, in order. */
  violations: Violation[];
  /** Throws an error listing every violation; does nothing when there are none. */
  assertNoViolations(): void;
  /** Forgets the violations so far (after a test provoked some on purpose). */
  clearViolations(): void;

  /**
   * Writes (POST/PATCH/PUT/DELETE) to the area answer 403 `{"message":"Resource not accessible by
   * integration","documentation_url":"<the operation's docs>","status":"403"}` with
   * `x-accepted-github-permissions: <kind>=write`, as GitHub answers a fork PR's or read-only token. Reads
   * still work. `checks`: check runs and suites; `deployments`: deployments and their statuses;
   * `statuses`: commit statuses; `contents`: the Git Data API (blobs, trees, commits, refs); `issues`: issues, their comments and labels.
   */
  denyPermission(kind: PermissionKind): void;
  /** Undoes {@link denyPermission}. */
  allowPermission(kind: PermissionKind): void;
  /** Every matching request waits `ms` before it is handled (see `SimServer.setLatency`). */
  setLatency(ms: number, filter?: RequestFilter): void;
  /**
   * GitHub's primary rate limit as every answer's `x-ratelimit-*` headers show it (`limit`, `remaining`,
   * `used`, `reset` in epoch seconds, `resource: core`): each answer but a 304 costs one (a 304 is free, as
   * on GitHub). Starts at 5000 an hour; a test sets what is left (nothing is refused when it runs out: inject
   * the 403 with `failNext`).
   */
  rateLimit: { limit: number; remaining: number; resetAt: number };
  setRateLimit(limit: { remaining: number; limit?: number; resetAt?: number }): void;

  /** GitHub's OpenAPI index, e.g. to check a response: `sim.openApi.checkResponse('checks/get', 200, body)`. */
  openApi: GitHubOpenApi;
  /** More endpoints for later issues; the same auth check, validation, failures and log apply. */
  route(method: string, pattern: string, handler: Handler): void;
  /**
   * The next `count` matching requests answer with this fault instead (e.g. `{status: 502}`, or a secondary
   * rate limit `{status: 403, retryAfter: 1, body: {message: 'You have exceeded a secondary rate limit'}}`).
   * Without a `body`, GitHub's `{message, documentation_url}` shape is used.
   */
  failNext(count: number, fault: Fault): void;
  close(): Promise<void>;
}

/** The repository seeded data belongs to unless it says otherwise (`acme/shop`). */
export const DEFAULT_OWNER = 'acme';
/** See {@link DEFAULT_OWNER}. */
export const DEFAULT_REPO = 'shop';

const DOCS = 'https://docs.github.com/rest';

const AREAS: Record<PermissionKind, (op: GitHubOperation) => boolean> = {
  checks: (op) => op.category === 'checks',
  deployments: (op) => op.category === 'deployments',
  statuses: (op) => op.category === 'commits' && op.subcategory === 'statuses',
  contents: (op) => op.category === 'git' || (op.category === 'repos' && op.subcategory === 'contents'),
  issues: (op) => op.category === 'issues',
};

/** Starts the simulator; the first call in a process also loads GitHub's OpenAPI index. */
export async function startGitHubApi(): Promise<GitHubSim> {
  const openApi = await loadGitHubOpenApi();
  let nextId = 1000;
  const env = { base: () => server.url, nextId: () => nextId++ };
  const defaults = { owner: DEFAULT_OWNER, repo: DEFAULT_REPO };
  const checks = createCheckRunStore(env);
  const deploymentStore = createDeploymentStore(env, defaults, checks.contextsFor);
  const gitStore = createGitStore(env, defaults);
  const issueStore = createIssueStore(env, defaults);
  const violations: Violation[] = [];
  const denied = new Set<PermissionKind>();
  const rateLimit = { limit: 5000, remaining: 5000, resetAt: Date.now() + 3_600_000 };

  /** Every answer after the fault check carries the rate limit; all but a 304 cost one request of it. */
  const countRateLimit = (res: RouteContext['res']) => {
    const writeHead = res.writeHead.bind(res) as (...args: unknown[]) => typeof res;
    res.writeHead = ((status: number, ...rest: unknown[]) => {
      if (status !== 304) rateLimit.remaining = Math.max(0, rateLimit.remaining - 1);
      res.setHeader('x-ratelimit-limit', String(rateLimit.limit));
      res.setHeader('x-ratelimit-remaining', String(rateLimit.remaining));
      res.setHeader('x-ratelimit-used', String(rateLimit.limit - rateLimit.remaining));
      res.setHeader('x-ratelimit-reset', String(Math.ceil(rateLimit.resetAt / 1000)));
      res.setHeader('x-ratelimit-resource', 'core');
      return writeHead(status, ...rest);
    }) as typeof res.writeHead;
  };

  const routes = new RouteTable();
  checks.register(routes);
  deploymentStore.register(routes);
  gitStore.register(routes);
  issueStore.register(routes);
  routes.add('GET', '/repos/:owner/:repo', (ctx) =>
    conditional(
      ctx,
      repositoryJson(ctx.params.owner ?? '', ctx.params.repo ?? '', server.url, {
        admin: false,
        maintain: false,
        push: denied.size === 0,
        triage: denied.size === 0,
        pull: true,
      }),
    ),
  );

  const record = (ctx: RouteContext, violation: Omit<Violation, 'method' | 'path'>) => {
    violations.push({ method: ctx.log.method, path: ctx.log.path, ...violation });
  };

  const guard = (ctx: RouteContext): Reply | undefined => {
    countRateLimit(ctx.res);
    if (!ctx.req.headers.authorization) {
      return { status: 401, body: { message: 'Requires authentication', documentation_url: DOCS } };
    }
    const check = openApi.checkRequest({
      method: ctx.log.method,
      path: ctx.log.path,
      query: ctx.query,
      body: ctx.body,
    });
    const operation = check.operation;
    ctx.log.operation = operation?.operationId;

    let refusal: Reply | undefined;
    if (check.status) {
      refusal = schemaRefusal(check);
      record(ctx, {
        operation: operation?.operationId,
        kind: operation ? 'invalid' : 'unknown-operation',
        status: check.status,
        problems: check.problems.map((p) => `${p.where}: ${p.message}${p.detail ? ` (${p.detail})` : ''}`),
      });
    } else if (operation) {
      const failures = checkGitHubRules(operation.operationId, ctx.body);
      if (failures.length) {
        refusal = rulesRefusal(failures, operation);
        record(ctx, {
          operation: operation.operationId,
          kind: 'invalid',
          status: 422,
          problems: failures.map((f) => `${f.where}: ${f.message}`),
        });
      } else if (typeof routes.match(ctx.log.method, ctx.log.path) !== 'object') {
        refusal = NOT_FOUND;
        record(ctx, {
          operation: operation.operationId,
          kind: 'unserved',
          status: 404,
          problems: [
            `the simulator does not serve ${operation.method} ${operation.template}; add it with sim.route()`,
          ],
        });
      }
    }

    if (operation && ctx.log.method !== 'GET' && ctx.log.method !== 'HEAD') {
      const kind = (Object.keys(AREAS) as PermissionKind[]).find((k) => denied.has(k) && AREAS[k](operation));
      if (kind) {
        return {
          status: 403,
          headers: { 'x-accepted-github-permissions': `${kind}=write` },
          body: {
            message: 'Resource not accessible by integration',
            documentation_url: operation.documentationUrl,
            status: '403',
          },
        };
      }
    }
    return refusal;
  };

  const server = await startSimServer(routes, {
    guard,
    notFound: () => NOT_FOUND.body,
  });

  return {
    url: server.url,
    requests: server.requests,
    requestCount: server.requestCount,
    notModifiedCount: (filter = {}) =>
      server.requests.filter((r) => r.status === 304 && matches(r, { path: filter.path })).length,
    deployments: deploymentStore.deployments,
    addDeployment: deploymentStore.addDeployment,
    addStatus: (id, status) => deploymentStore.addStatus(id, status),
    commitStatuses: deploymentStore.commitStatuses,
    addCommitStatus: deploymentStore.addCommitStatus,
    checkRuns: checks.checkRuns,
    addCheckRun: (spec) => checks.addCheckRun(spec, defaults),
    findCheckRun: (filter = {}) => checks.findCheckRun(filter),
    git: gitStore.git,
    issues: issueStore.issues,
    violations,
    assertNoViolations() {
      if (violations.length === 0) return;
      const lines = violations.map(
        (v) =>
          `  ${v.method} ${v.path}${v.operation ? ` (${v.operation})` : ''} → ${v.status} ${v.kind}\n` +
          v.problems.map((p) => `    - ${p}`).join('\n'),
      );
      throw new Error(
        `The GitHub API simulator saw ${violations.length} request(s) GitHub would reject:\n${lines.join('\n')}`,
      );
    },
    clearViolations() {
      violations.length = 0;
    },
    denyPermission(kind) {
      denied.add(kind);
    },
    allowPermission(kind) {
      denied.delete(kind);
    },
    setLatency: server.setLatency,
    rateLimit,
    setRateLimit(limit) {
      rateLimit.remaining = limit.remaining;
      if (limit.limit !== undefined) rateLimit.limit = limit.limit;
      if (limit.resetAt !== undefined) rateLimit.resetAt = limit.resetAt;
    },
    openApi,
    route(method, pattern, handler) {
      routes.add(method, pattern, handler);
    },
    failNext(count, fault) {
      server.failNext(count, {
        ...fault,
        body: fault.body ?? { message: `simulated ${fault.status}`, documentation_url: DOCS },
      });
    },
    close: server.close,
  };
}

/** GitHub's answer to a request that breaks the schema: 404, 400 or 422 "Invalid request.". */
function schemaRefusal(check: RequestCheck): Reply {
  const documentation_url = check.operation?.documentationUrl ?? DOCS;
  if (check.status === 404) return NOT_FOUND;
  if (check.status === 400) {
    return { status: 400, body: { message: 'Problems parsing JSON', documentation_url, status: '400' } };
  }
  const lines = check.problems.map((p) => p.message);
  return {
    status: 422,
    body: { message: `Invalid request.\n\n${lines.join('\n')}`, documentation_url, status: '422' },
  };
}

/** GitHub's answer to a schema-valid request its rules reject: "Invalid request." or "Validation Failed". */
function rulesRefusal(failures: RuleFailure[], operation: GitHubOperation): Reply {
  const documentation_url = operation.documentationUrl;
  const invalid = failures.filter((f) => f.style === 'invalid-request');
  if (invalid.length) {
    return {
      status: 422,
      body: {
        message: `Invalid request.\n\n${invalid.map((f) => f.message).join('\n')}`,
        documentation_url,
        status: '422',
      },
    };
  }
  return {
    status: 422,
    body: {
      message: 'Validation Failed',
      errors: failures.flatMap((f) =>
        f.style === 'validation-failed'
          ? [{ resource: f.resource, code: f.code, field: f.field, message: f.message }]
          : [],
      ),
      documentation_url,
      status: '422',
    },
  };
}
