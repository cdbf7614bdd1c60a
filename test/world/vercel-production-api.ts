import type { Reply, RouteTable } from './http-server.js';
import type { GateDeployment, GateProject, GateTools } from './vercel-gate-api.js';

/**
 * Which deployment serves a project's production (`GET /v9/projects/:idOrName`: `targets.production`,
 * `lastAliasRequest`), promote (`POST /v10/projects/:projectId/promote/:deploymentId`) and rollback
 * (`POST /v1/projects/:projectId/rollback/:deploymentId`), both asynchronous as on Vercel: the domains move
 * `switchDelayMs` after the request is accepted.
 *
 * Production follows Vercel's rules: a READY production deployment built with automatic domain assignment
 * takes production when it becomes READY; a staged one (`stage()`, as `vercel deploy --prod --skip-domain`)
 * waits for a promotion; after a rollback automatic assignment stays off until the next promotion. The
 * project says so as Vercel does: `lastAliasRequest` is the rollback (with what it replaced,
 * `fromDeploymentId`) and `rollbackDescription` describes it, until a promotion replaces both. The whole
 * history (what served production when, what a rollback moved away from) is kept for the tests (`history`,
 * `rolledBackFrom`); `GET /v1/projects/:projectId/promote/aliases` lists the aliases a promotion moves.
 */

/** One change of what serves a project's production. */
export interface ProductionChange {
  at: number;
  deploymentId: string;
  how: 'auto' | 'promote' | 'rollback';
  /** What served production before. */
  from?: string | undefined;
}

export interface SimAliasRequest {
  type: 'promote' | 'rollback';
  project: GateProject;
  fromDeploymentId: string | null;
  toDeploymentId: string;
  requestedAt: number;
  /** When Vercel is done moving the domains. */
  settlesAt: number;
  outcome: 'succeeded' | 'failed';
  description?: string | undefined;
}

export function installProductionRoutes(
  routes: RouteTable,
  { world, error, validated, deploymentById }: GateTools,
) {
  const { now } = world;
  const staged = new WeakSet<GateDeployment>();
  const aliasRequests: SimAliasRequest[] = [];
  let switchDelayMs = 300;
  let failingJobs = 0;

  const readyAt = (d: GateDeployment): number | undefined => {
    const ready = d.timeline.find((step) => step.state === 'READY');
    return ready ? d.createdAt + ready.afterMs : undefined;
  };

  /**
   * Who serves production now, which deployments ever did, and the history: every change of production in
   * time order (automatic assignment when a deployment becomes READY, unless a rollback paused it; promote;
   * rollback), by replaying the assignments.
   */
  const productionOf = (project: GateProject) => {
    const t = now();
    const events: Array<{ at: number; deployment: GateDeployment; kind: 'auto' | 'promote' | 'rollback' }> =
      [];
    for (const d of world.deployments) {
      if (d.project !== project || d.target !== 'production' || staged.has(d)) continue;
      const at = readyAt(d);
      if (at !== undefined) events.push({ at, deployment: d, kind: 'auto' });
    }
    for (const request of aliasRequests) {
      if (request.project !== project || request.outcome !== 'succeeded') continue;
      const deployment = world.deployments.find((d) => d.id === request.toDeploymentId);
      if (deployment) events.push({ at: request.settlesAt, deployment, kind: request.type });
    }
    events.sort((a, b) => a.at - b.at);
    let current: GateDeployment | undefined;
    let pinned = false;
    const served = new Set<GateDeployment>();
    const history: ProductionChange[] = [];
    const rolledBackFrom = new Set<GateDeployment>();
    for (const event of events) {
      if (event.at > t) break;
      if (event.kind === 'auto' && pinned) continue;
      if (event.kind === 'rollback' && current) rolledBackFrom.add(current);
      history.push({ at: event.at, deploymentId: event.deployment.id, how: event.kind, from: current?.id });
      current = event.deployment;
      served.add(current);
      pinned = event.kind === 'rollback';
    }
    return { current, served, history, rolledBackFrom, paused: pinned };
  };

  const deploymentFields = (d: GateDeployment): Record<string, unknown> => {
    if (d.target !== 'production') return {};
    const fields: Record<string, unknown> = { autoAssignCustomDomains: !staged.has(d) };
    if (world.stateOf(d) === 'READY') {
      fields.readySubstate = productionOf(d.project).served.has(d) ? 'PROMOTED' : 'STAGED';
    }
    return fields;
  };

  const targetEntry = (d: GateDeployment, live: boolean) => ({
    id: d.id,
    name: d.project.name,
    url: d.url,
    createdAt: d.createdAt,
    createdIn: 'fra1',
    creator: { uid: 'usr_sim', username: 'sim', email: 'sim@example.com' },
    deploymentHostname: d.url.split('.')[0] ?? d.url,
    plan: 'pro',
    private: true,
    readyState: world.stateOf(d) ?? 'QUEUED',
    type: 'LAMBDAS',
    target: d.target === 'production' ? 'production' : null,
    alias: live ? [`${d.project.name}.vercel.app`] : [],
    aliasAssigned: live,
    meta: { githubCommitSha: d.sha },
    ...deploymentFields(d),
  });

  const aliasRequestJson = (r: SimAliasRequest) => ({
    fromDeploymentId: r.fromDeploymentId,
    toDeploymentId: r.toDeploymentId,
    jobStatus: now() >= r.settlesAt ? r.outcome : 'in-progress',
    requestedAt: r.requestedAt,
    type: r.type,
  });

  const projectJson = (project: GateProject) => {
    const { current } = productionOf(project);
    const last = aliasRequests.filter((r) => r.project === project).at(-1);
    // Vercel describes the project's rollback (why, by whom) while it stands: until the next promotion.
    const rollback = last?.type === 'rollback' ? last : undefined;
    const latest = world.deployments
      .filter((d) => d.project === project && world.stateOf(d) !== undefined)
      .sort((a, b) => b.createdAt - a.createdAt)
      .slice(0, 5);
    return {
      accountId: world.team()?.id ?? 'team_sim',
      id: project.id,
      name: project.name,
      framework: 'nextjs',
      nodeVersion: '20.x',
      createdAt: 0,
      updatedAt: now(),
      live: false,
      directoryListing: false,
      autoAssignCustomDomains: true,
      targets: current ? { production: targetEntry(current, true) } : {},
      latestDeployments: latest.map((d) => targetEntry(d, d === current)),
      lastAliasRequest: last ? aliasRequestJson(last) : null,
      lastRollbackTarget: null,
      ...(rollback
        ? {
            rollbackDescription: {
              createdAt: rollback.requestedAt,
              description: rollback.description ?? '',
              userId: 'usr_sim',
              username: 'sim',
            },
          }
        : {}),
    };
  };

  /**
   * `GET /v1/projects/:projectId/promote/aliases`: the production aliases the latest promotion moves, each
   * `pending` until Vercel has moved them, then `completed` (or `failed` with the job).
   */
  const promoteAliasesJson = (project: GateProject) => {
    const last = aliasRequests.filter((r) => r.project === project).at(-1);
    const aliases =
      last?.type === 'promote'
        ? [
            {
              alias: `${project.name}.vercel.app`,
              id: `alias_${last.toDeploymentId.replace(/^dpl_/, '').slice(0, 12)}`,
              status: now() < last.settlesAt ? 'pending' : last.outcome === 'failed' ? 'failed' : 'completed',
            },
          ]
        : [];
    return { aliases, pagination: { count: aliases.length, next: null, prev: null } };
  };

  /** Vercel moves domains one job at a time per project. */
  const jobInFlight = (project: GateProject) =>
    aliasRequests.some((r) => r.project === project && now() < r.settlesAt);

  const accept = (
    type: SimAliasRequest['type'],
    project: GateProject,
    d: GateDeployment,
    description?: string,
  ) => {
    const outcome = failingJobs > 0 ? 'failed' : 'succeeded';
    if (failingJobs > 0) failingJobs--;
    aliasRequests.push({
      type,
      project,
      fromDeploymentId: productionOf(project).current?.id ?? null,
      toDeploymentId: d.id,
      requestedAt: now(),
      settlesAt: now() + switchDelayMs,
      outcome,
      description,
    });
  };

  /** Promote as Vercel checks it: a READY production deployment of the project, one job at a time. */
  const promoteChecks = (project: GateProject, d: GateDeployment | undefined): Reply | undefined => {
    if (!d || d.project !== project) return world.notFound('Deployment not found');
    if (world.stateOf(d) !== 'READY')
      return error(400, 'deployment_not_ready', 'The deployment is not READY');
    if (d.target !== 'production') {
      return error(400, 'not_production', 'Only production deployments can be promoted without a rebuild');
    }
    if (jobInFlight(project)) return error(409, 'conflict', 'A promotion or rollback is already in progress');
    return undefined;
  };

  /** Rollback as Vercel checks it: only to a deployment that has served production, not the current one. */
  const rollbackChecks = (project: GateProject, d: GateDeployment | undefined): Reply | undefined => {
    if (!d || d.project !== project) return world.notFound('Deployment not found');
    const { current, served } = productionOf(project);
    if (world.stateOf(d) !== 'READY' || d.target !== 'production' || !served.has(d)) {
      return error(
        400,
        'not_eligible',
        'Only a production deployment that has served production can be restored',
      );
    }
    if (d === current) return error(409, 'conflict', 'The deployment already serves production');
    if (jobInFlight(project)) return error(409, 'conflict', 'A promotion or rollback is already in progress');
    return undefined;
  };

  routes
    .add(
      'GET',
      '/v1/projects/:projectId/promote/aliases',
      validated('listPromoteAliases', ({ params }) => {
        const project = world.findProject(params.projectId ?? '');
        return project ? { body: promoteAliasesJson(project) } : world.notFound('Project not found');
      }),
    )
    .add(
      'GET',
      '/v9/projects/:idOrName',
      validated('getProject', ({ params }) => {
        const project = world.findProject(params.idOrName ?? '');
        return project ? { body: projectJson(project) } : world.notFound('Project not found');
      }),
    )
    .add(
      'POST',
      '/v10/projects/:projectId/promote/:deploymentId',
      validated('requestPromote', ({ params }) => {
        const project = world.findProject(params.projectId ?? '');
        if (!project) return world.notFound('Project not found');
        const d = deploymentById(params.deploymentId ?? '');
        const refused = promoteChecks(project, d);
        if (refused || !d) return refused ?? world.notFound('Deployment not found');
        accept('promote', project, d);
        return { status: 201 };
      }),
    )
    .add(
      'POST',
      '/v1/projects/:projectId/rollback/:deploymentId',
      validated('requestRollback', ({ params, query }) => {
        const project = world.findProject(params.projectId ?? '');
        if (!project) return world.notFound('Project not found');
        const d = deploymentById(params.deploymentId ?? '');
        const refused = rollbackChecks(project, d);
        if (refused || !d) return refused ?? world.notFound('Deployment not found');
        accept('rollback', project, d, query.get('description') ?? undefined);
        return { status: 201 };
      }),
    );

  return {
    deploymentFields,
    controls: {
      /** Built with automatic domain assignment off: READY, but production only once promoted. */
      stage(deployment: GateDeployment): void {
        staged.add(deployment);
      },
      /** The deployment serving the project's production now. */
      current(project: string): GateDeployment | undefined {
        const found = world.findProject(project);
        return found ? productionOf(found).current : undefined;
      },
      /** Every promote and rollback Vercel accepted, in order. */
      requests: aliasRequests as readonly SimAliasRequest[],
      /** How long Vercel takes to move the domains after accepting (default 300 ms). */
      setSwitchDelay(ms: number): void {
        switchDelayMs = ms;
      },
      /** The next `count` accepted promotions or rollbacks end `failed`, the domains unmoved. */
      failNextJobs(count: number): void {
        failingJobs = count;
      },
      /**
       * What served production when: every change in time order (`auto`: automatic assignment as it became
       * READY; `promote`; `rollback`), with what it replaced.
       */
      history(project: string): ProductionChange[] {
        const found = world.findProject(project);
        return found ? productionOf(found).history : [];
      },
      /** The deployments a rollback moved production away from. */
      rolledBackFrom(project: string): string[] {
        const found = world.findProject(project);
        return found ? [...productionOf(found).rolledBackFrom].map((d) => d.id) : [];
      },
      /** Whether Vercel has paused automatic assignment (a rollback, and no promotion since). */
      paused(project: string): boolean {
        const found = world.findProject(project);
        return found ? productionOf(found).paused : false;
      },
      /**
       * A person's `vercel promote` / `vercel rollback` (the dashboard's buttons): the same checks and job as
       * the API's; throws with Vercel's answer when it would refuse.
       */
      byHand(type: SimAliasRequest['type'], deployment: GateDeployment): void {
        const project = deployment.project;
        const refused =
          type === 'promote' ? promoteChecks(project, deployment) : rollbackChecks(project, deployment);
        if (refused) throw new Error(`Vercel refuses the ${type}: ${JSON.stringify(refused.body)}`);
        accept(type, project, deployment, type === 'rollback' ? 'rolled back by hand' : undefined);
      },
    },
  };
}
