import { createHash, randomBytes } from 'node:crypto';
import {
  type Fault,
  type LoggedRequest,
  type Reply,
  type RequestFilter,
  type RouteContext,
  RouteTable,
  startSimServer,
} from './http-server.js';
import { installGateRoutes, type VercelGateSim } from './vercel-gate-api.js';
import { createRequestJudge, type VercelRequestJudge } from './vercel-sdk-requests.js';

/**
 * A simulated Vercel REST API on 127.0.0.1: projects, deployments whose state follows a timeline, the list
 * (`GET /v6/deployments`), the detail (`GET /v13/deployments/:idOrUrl`, by id or by host) and the events
 * stream (`GET /v3/deployments/:id/events`, newline-delimited JSON, kept open with `follow=1` until the
 * deployment reaches a final state). JSON is shaped like the real API: `uid`/`id`, `url` without scheme,
 * `state`/`readyState`, `target` (null for preview), `projectId`, `name`, `meta.githubCommitSha`,
 * `inspectorUrl`, `errorMessage`, `createdAt`.
 */

export type VercelState = 'QUEUED' | 'INITIALIZING' | 'BUILDING' | 'READY' | 'ERROR' | 'CANCELED';

export interface TimelineStep {
  state: VercelState;
  /** Milliseconds after the deployment appears. */
  afterMs: number;
}

export interface SimProject {
  id: string;
  name: string;
}

export interface DeploymentSpec {
  /** Project name or id; unknown names create the project. */
  project: string;
  sha: string;
  target?: 'preview' | 'production';
  /** Host without scheme; default `<project>-<random>.vercel.app`. */
  url?: string;
  id?: string;
  /** Default: READY at once. */
  timeline?: TimelineStep[];
  /** The deployment exists (list, detail, stream) only this long after it was added. */
  appearAfterMs?: number;
  errorMessage?: string;
  errorCode?: string;
  branch?: string;
  /**
   * Lines the build prints (`stdout` events), spread over the BUILDING state (or just before the final
   * state when the timeline has no BUILDING), streamed as they happen and served by the events list.
   */
  buildLog?: string[];
}

export interface SimDeployment {
  id: string;
  url: string;
  project: SimProject;
  sha: string;
  target: 'preview' | 'production';
  /** Clock time the deployment appears (and its timeline starts). */
  createdAt: number;
  timeline: TimelineStep[];
  errorMessage?: string | undefined;
  errorCode?: string | undefined;
  branch: string;
  inspectorUrl: string;
  buildLog: string[];
}

export type EnvTarget = 'production' | 'preview' | 'development';

/** A project environment variable as `addEnv` takes it. */
export interface EnvSpec {
  key: string;
  target: EnvTarget[];
  /** `encrypted` (Vercel's default), `plain`, `sensitive` (value never readable), `system`. */
  type?: 'encrypted' | 'plain' | 'sensitive' | 'system';
  value: string;
  /** Preview variables can apply to one Git branch only. */
  gitBranch?: string;
}

interface SimEnv extends Required<Omit<EnvSpec, 'gitBranch'>> {
  id: string;
  gitBranch?: string | undefined;
  createdAt: number;
}

/**
 * The promotion gate's endpoints (production, promote, rollback, Checks v2) live in `vercel-gate-api.ts`.
 * Every request is judged by `@vercel/sdk`'s request models: `violations`, `assertNoViolations()`.
 */
export interface VercelSim extends VercelGateSim, Omit<VercelRequestJudge, 'validated'> {
  url: string;
  requests: LoggedRequest[];
  requestCount(filter?: { method?: string; path?: string | RegExp }): number;
  addProject(spec: { name: string; id?: string }): SimProject;
  addDeployment(spec: DeploymentSpec): SimDeployment;
  /**
   * An environment variable of a project (created when unknown), served by `GET /v10/projects/:idOrName/env`
   * (and the older `/v9` path) like the real API: `{ envs: [...], pagination }`, each entry with `key`,
   * `target`, `type`, `gitBranch`, and `value` — in plain text for `plain` variables (and for every readable
   * one with `decrypt=true`), as an opaque ciphertext for `encrypted`, absent for `sensitive`.
   */
  addEnv(project: string, spec: EnvSpec): void;
  /** The deployment's state now (undefined before it appears). */
  stateOf(deployment: SimDeployment): VercelState | undefined;
  /** The next `count` matching requests fail (429 with `retryAfter`, 5xx, …). */
  failNext(count: number, fault: Fault): void;
  /** Matching requests wait `ms` before they are handled (requests in flight; see `SimServer.setLatency`). */
  setLatency(ms: number, filter?: RequestFilter): void;
  /** The events endpoint answers `status` (404 by default) instead of streaming or listing events. */
  refuseEventsStream(status?: number): void;
  /** Event streams drop the connection after writing `lines` lines (the next ones too, until reset). */
  breakEventsStream(lines?: number): void;
  /** Every request must carry `Authorization: Bearer <token>`; otherwise 403 like Vercel. */
  requireToken(token: string): void;
  /** Every request must name this team (`teamId` or `slug`); otherwise 403. */
  requireTeam(team: { id: string; slug: string }): void;
  close(): Promise<void>;
}

const FINAL: ReadonlySet<VercelState> = new Set(['READY', 'ERROR', 'CANCELED']);

export async function startVercelApi(options: { now?: () => number } = {}): Promise<VercelSim> {
  const now = options.now ?? Date.now;
  const projects: SimProject[] = [];
  const deployments: SimDeployment[] = [];
  const envs = new Map<SimProject, SimEnv[]>();
  let token: string | undefined;
  let team: { id: string; slug: string } | undefined;
  let refuseStream: number | undefined;
  let breakStreamAfter: number | undefined;

  const findProject = (nameOrId: string) =>
    projects.find((p) => p.id === nameOrId || p.name.toLowerCase() === nameOrId.toLowerCase());

  const addProject = (spec: { name: string; id?: string }): SimProject => {
    const existing = findProject(spec.id ?? spec.name);
    if (existing) return existing;
    const project = { id: spec.id ?? `prj_${randomBytes(8).toString('hex')}`, name: spec.name.toLowerCase() };
    projects.push(project);
    return project;
  };

  const visible = (d: SimDeployment) => now() >= d.createdAt;

  const stateOf = (d: SimDeployment): VercelState | undefined => {
    if (!visible(d)) return undefined;
    const elapsed = now() - d.createdAt;
    let state: VercelState = 'QUEUED';
    for (const step of d.timeline) if (step.afterMs <= elapsed) state = step.state;
    return state;
  };

  const inspectorBase = () => `https://vercel.com/${team?.slug ?? 'acme'}`;

  const listEntry = (d: SimDeployment) => {
    const state = stateOf(d) ?? 'QUEUED';
    return {
      uid: d.id,
      name: d.project.name,
      url: d.url,
      created: d.createdAt,
      createdAt: d.createdAt,
      source: 'git',
      state,
      readyState: state,
      type: 'LAMBDAS',
      target: d.target === 'production' ? 'production' : null,
      projectId: d.project.id,
      creator: { uid: 'usr_sim', username: 'sim' },
      meta: {
        githubCommitSha: d.sha,
        githubCommitRef: d.branch,
        githubCommitMessage: 'Simulated commit',
        githubOrg: 'acme',
        githubRepo: 'shop',
      },
      inspectorUrl: d.inspectorUrl,
      ...(state === 'READY' ? { ready: readyAt(d) } : {}),
      ...gate.deploymentFields(d),
    };
  };

  /** When the deployment became READY (clock time): when automatic assignment gives it production. */
  const readyAt = (d: SimDeployment): number => {
    const step = d.timeline.find((s) => s.state === 'READY');
    return d.createdAt + (step?.afterMs ?? 0);
  };

  const detail = (d: SimDeployment) => {
    const state = stateOf(d) ?? 'QUEUED';
    return {
      id: d.id,
      name: d.project.name,
      url: d.url,
      projectId: d.project.id,
      readyState: state,
      status: state,
      target: d.target === 'production' ? 'production' : null,
      createdAt: d.createdAt,
      buildingAt: d.createdAt,
      ...(state === 'READY' ? { ready: readyAt(d) } : {}),
      meta: { githubCommitSha: d.sha, githubCommitRef: d.branch },
      inspectorUrl: d.inspectorUrl,
      alias: state === 'READY' ? [`${d.project.name}-git-${d.branch}.vercel.app`] : [],
      regions: ['fra1'],
      ...gate.deploymentFields(d),
      ...(state === 'ERROR'
        ? {
            errorMessage: d.errorMessage ?? 'Command "npm run build" exited with 1',
            errorCode: d.errorCode ?? 'BUILD_FAILED',
          }
        : {}),
    };
  };

  const byIdOrHost = (idOrUrl: string) =>
    deployments.find(
      (d) => visible(d) && (d.id === idOrUrl || d.url === idOrUrl.replace(/^https?:\/\//, '')),
    );

  const notFound = (message: string): Reply => ({
    status: 404,
    body: { error: { code: 'not_found', message } },
  });

  const envEntry = (env: SimEnv, decrypt: boolean) => {
    const readable = env.type === 'plain' || (decrypt && env.type !== 'sensitive');
    return {
      type: env.type,
      id: env.id,
      key: env.key,
      target: env.target,
      configurationId: null,
      createdAt: env.createdAt,
      updatedAt: env.createdAt,
      createdBy: 'usr_sim',
      updatedBy: null,
      ...(env.gitBranch ? { gitBranch: env.gitBranch } : {}),
      ...(env.type === 'sensitive'
        ? {}
        : {
            value: readable ? env.value : ciphertext(env.value),
            decrypted: readable && env.type !== 'plain',
          }),
    };
  };

  const listEnv = ({ params, query }: RouteContext): Reply => {
    const project = findProject(params.idOrName ?? '');
    if (!project) return notFound('Project not found');
    const list = (envs.get(project) ?? []).map((env) => envEntry(env, query.get('decrypt') === 'true'));
    return { body: { envs: list, pagination: { count: list.length, next: null, prev: null } } };
  };

  const judge = createRequestJudge();
  const { validated } = judge;
  const routes = new RouteTable()
    .add('GET', '/v10/projects/:idOrName/env', validated('filterProjectEnvs', listEnv))
    .add('GET', '/v9/projects/:idOrName/env', validated('filterProjectEnvs', listEnv))
    .add(
      'GET',
      '/v6/deployments',
      validated('getDeployments', ({ query }) => {
        const projectId = query.get('projectId');
        let list = deployments.filter(visible);
        if (projectId) {
          const project = findProject(projectId);
          if (!project) return notFound('Project not found');
          list = list.filter((d) => d.project === project);
        }
        const sha = query.get('sha');
        if (sha) list = list.filter((d) => d.sha === sha);
        const target = query.get('target');
        if (target) list = list.filter((d) => d.target === target);
        const state = query.get('state');
        if (state) list = list.filter((d) => state.split(',').includes(stateOf(d) ?? ''));
        // Newest first, `limit` (at most 100) at a time; `until` pages back: created before that time. The
        // page's `pagination.next` is the `until` of the next page (null on the last), `prev` the `since` of
        // the one before, as Vercel pages.
        const until = query.get('until');
        if (until !== null) list = list.filter((d) => d.createdAt < Number(until));
        const since = query.get('since');
        if (since !== null) list = list.filter((d) => d.createdAt > Number(since));
        const limit = Math.min(100, Math.max(1, Number(query.get('limit') ?? 20)));
        const sorted = [...list].sort((a, b) => b.createdAt - a.createdAt);
        const page = sorted.slice(0, limit);
        const more = sorted.length > page.length;
        return {
          body: {
            deployments: page.map(listEntry),
            pagination: {
              count: page.length,
              next: more ? (page.at(-1)?.createdAt ?? null) : null,
              prev: page[0]?.createdAt ?? null,
            },
          },
        };
      }),
    )
    .add(
      'GET',
      '/v13/deployments/:idOrUrl',
      validated('getDeployment', ({ params }) => {
        const d = byIdOrHost(params.idOrUrl ?? '');
        return d ? { body: detail(d) } : notFound('The deployment could not be found.');
      }),
    )
    .add(
      'GET',
      '/v3/deployments/:idOrUrl/events',
      validated('getDeploymentEvents', (ctx): Reply | 'handled' => {
        const d = byIdOrHost(ctx.params.idOrUrl ?? '');
        if (!d) return notFound('The deployment could not be found.');
        if (refuseStream !== undefined) {
          return {
            status: refuseStream,
            body: { error: { code: 'refused', message: 'events are not available' } },
          };
        }
        const { query } = ctx;
        if (query.get('follow') !== '1' && (query.has('direction') || query.has('limit'))) {
          return { body: listEvents(d, query) };
        }
        streamEvents(ctx, d);
        return 'handled';
      }),
    );

  /** A scheduled event of a deployment: when it happens (clock time) and what the API says about it. */
  interface ScheduledEvent {
    at: number;
    final: boolean;
    event: Record<string, unknown>;
  }

  /**
   * Every event a deployment's timeline produces, in order: per step its `deployment-state` event and a
   * `stdout` line (`stderr` with the error message for ERROR), and the spec's build log during BUILDING.
   */
  function scheduleOf(d: SimDeployment): ScheduledEvent[] {
    const events: ScheduledEvent[] = [];
    let n = 0;
    const add = (at: number, type: string, payload: Record<string, unknown>, final = false) => {
      n++;
      const base = { deploymentId: d.id, date: at, serial: `${at}-${String(n).padStart(6, '0')}` };
      events.push({
        at,
        final,
        event: { type, created: at, payload: { ...base, id: `evt_${d.id}_${n}`, ...payload } },
      });
    };
    const steps = d.timeline;
    const building = steps.findIndex((step) => step.state === 'BUILDING');
    const finalIndex = steps.findIndex((step) => FINAL.has(step.state));
    steps.forEach((step, i) => {
      const at = d.createdAt + step.afterMs;
      const final = FINAL.has(step.state);
      if (i === finalIndex && building < 0) addBuildLog(at, at);
      add(at, 'deployment-state', { info: { type: 'deployment-state', name: d.id, readyState: step.state } });
      add(
        at,
        step.state === 'ERROR' ? 'stderr' : 'stdout',
        { text: step.state === 'ERROR' ? (d.errorMessage ?? 'Build failed') : `Deployment is ${step.state}` },
        final,
      );
      if (i === building) addBuildLog(at, d.createdAt + (steps[i + 1]?.afterMs ?? step.afterMs));
    });
    function addBuildLog(from: number, to: number) {
      const count = d.buildLog.length;
      d.buildLog.forEach((text, i) => {
        add(from + Math.floor(((to - from) * i) / Math.max(1, count)), 'stdout', { text });
      });
    }
    return events;
  }

  /** The events so far as the non-following API lists them (a JSON array). */
  function listEvents(d: SimDeployment, query: URLSearchParams) {
    const happened = scheduleOf(d)
      .filter((e) => e.at <= now())
      .map((e) => e.event);
    if (query.get('direction') === 'backward') happened.reverse();
    const limit = Number(query.get('limit') ?? 100);
    return limit >= 0 ? happened.slice(0, limit) : happened;
  }

  /** Writes the timeline's events as they happen; ends after a final state (or at once without follow). */
  function streamEvents({ res, query }: RouteContext, d: SimDeployment) {
    const follow = query.get('follow') === '1';
    const schedule = scheduleOf(d);
    res.writeHead(200, { 'content-type': 'application/x-ndjson; charset=utf-8' });
    let written = 0;
    let emitted = 0;
    let timer: NodeJS.Timeout | undefined;
    const write = (event: unknown) => {
      res.write(`${JSON.stringify(event)}\n`);
      written++;
      if (breakStreamAfter !== undefined && written >= breakStreamAfter) {
        clearInterval(timer);
        res.socket?.destroy();
        return false;
      }
      return true;
    };
    const tick = () => {
      if (res.destroyed) return clearInterval(timer);
      while (emitted < schedule.length && (schedule[emitted]?.at ?? Infinity) <= now()) {
        const next = schedule[emitted++] as ScheduledEvent;
        if (!write(next.event)) return;
        if (next.final) {
          clearInterval(timer);
          res.end();
          return;
        }
      }
      if (!follow) {
        clearInterval(timer);
        res.end();
      }
    };
    timer = setInterval(tick, 10);
    res.on('close', () => clearInterval(timer));
    // Keep-alive lines carry no `created`; clients must skip them.
    res.write('{}\n');
    tick();
  }

  function guard({ req, query }: RouteContext): Reply | undefined {
    if (token !== undefined) {
      const given = req.headers.authorization;
      if (!given) {
        return {
          status: 403,
          body: {
            error: {
              code: 'forbidden',
              message: 'The request is missing an authentication token',
              missingToken: true,
            },
          },
        };
      }
      if (given !== `Bearer ${token}`) {
        return {
          status: 403,
          body: { error: { code: 'forbidden', message: 'Not authorized', invalidToken: true } },
        };
      }
    }
    if (team && query.get('teamId') !== team.id && query.get('slug') !== team.slug) {
      return { status: 403, body: { error: { code: 'forbidden', message: 'Not authorized' } } };
    }
    return undefined;
  }

  const gate = installGateRoutes(
    routes,
    { now, deployments, findProject, addProject, stateOf, notFound, team: () => team },
    judge,
  );

  const server = await startSimServer(routes, {
    guard,
    notFound: () => ({ error: { code: 'not_found', message: 'The requested path was not found' } }),
  });

  return {
    ...gate.sim,
    violations: judge.violations,
    assertNoViolations: judge.assertNoViolations,
    url: server.url,
    requests: server.requests,
    requestCount: server.requestCount,
    addProject,
    addDeployment(spec) {
      const project = addProject({ name: spec.project });
      const id = spec.id ?? `dpl_${randomBytes(10).toString('hex')}`;
      const deployment: SimDeployment = {
        id,
        url: spec.url ?? `${project.name}-${randomBytes(4).toString('hex')}-acme.vercel.app`,
        project,
        sha: spec.sha,
        target: spec.target ?? 'preview',
        createdAt: now() + (spec.appearAfterMs ?? 0),
        timeline: spec.timeline ?? [{ state: 'READY', afterMs: 0 }],
        errorMessage: spec.errorMessage,
        errorCode: spec.errorCode,
        branch: spec.branch ?? 'main',
        inspectorUrl: `${inspectorBase()}/${project.name}/${id.replace(/^dpl_/, '')}`,
        buildLog: spec.buildLog ?? [],
      };
      deployments.push(deployment);
      return deployment;
    },
    addEnv(projectName, spec) {
      const project = addProject({ name: projectName });
      const list = envs.get(project) ?? [];
      list.push({
        id: randomBytes(8).toString('hex'),
        key: spec.key,
        target: spec.target,
        type: spec.type ?? 'encrypted',
        value: spec.value,
        gitBranch: spec.gitBranch,
        createdAt: now(),
      });
      envs.set(project, list);
    },
    stateOf,
    failNext: server.failNext,
    setLatency: server.setLatency,
    refuseEventsStream(status = 404) {
      refuseStream = status;
    },
    breakEventsStream(lines = 1) {
      breakStreamAfter = lines;
    },
    requireToken(value) {
      token = value;
    },
    requireTeam(value) {
      team = value;
    },
    close: server.close,
  };
}

/** Stands in for Vercel's encrypted value: opaque, and shares no text with the value. */
function ciphertext(value: string): string {
  return `enc:${createHash('sha256').update(value).digest('base64')}`;
}
