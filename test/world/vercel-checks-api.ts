import { randomBytes } from 'node:crypto';
import type { Reply, RouteContext, RouteTable } from './http-server.js';
import type { GateDeployment, GateProject, GateTools } from './vercel-gate-api.js';
import type { VercelOperation } from './vercel-sdk-requests.js';

/**
 * Vercel Checks v2: a project's checks (`GET /v2/projects/:projectIdOrName/checks`) and a deployment's runs
 * of them (`/v2/deployments/:deploymentId/check-runs`: list, create, get, update). The simulator refuses to
 * reopen a completed run and wants a conclusion exactly with `completed` — perhaps stricter than Vercel, so
 * the gate is shown to rely on neither.
 */

export interface SimCheck {
  id: string;
  name: string;
  project: GateProject;
  blocks: 'build-start' | 'deployment-start' | 'deployment-alias' | 'deployment-promotion' | 'none';
  /** Vercel opens a `queued` run of the check on every deployment of the project. */
  autoRuns: boolean;
  createdAt: number;
}

export interface SimCheckRun {
  id: string;
  check: SimCheck;
  deploymentId: string;
  status: 'queued' | 'running' | 'completed';
  conclusion?: string | undefined;
  conclusionText?: string | undefined;
  externalUrl?: string | undefined;
  externalId?: string | undefined;
  createdAt: number;
  updatedAt: number;
  startedAt?: number | undefined;
  completedAt?: number | undefined;
  /** Every status it went through, in order. */
  history: string[];
}

export function installCheckRoutes(
  routes: RouteTable,
  { world, error, validated, deploymentById }: GateTools,
) {
  const { now } = world;
  const checks: SimCheck[] = [];
  const runs: SimCheckRun[] = [];
  let refusal: { status: number; body: unknown } | undefined;

  const guarded =
    (operation: VercelOperation, handler: (ctx: RouteContext) => Reply) =>
    (ctx: RouteContext): Reply =>
      refusal ? { status: refusal.status, body: refusal.body } : validated(operation, handler)(ctx);

  const checkJson = (c: SimCheck) => ({
    id: c.id,
    name: c.name,
    ownerId: world.team()?.id ?? 'team_sim',
    projectId: c.project.id,
    blocks: c.blocks,
    requires: 'build-ready',
    targets: ['preview', 'production'],
    timeout: 3600,
    isRerequestable: true,
    source: { kind: 'webhook' },
    sourceKind: 'webhook',
    createdAt: c.createdAt,
    updatedAt: c.createdAt,
  });

  const runJson = (r: SimCheckRun) => ({
    id: r.id,
    checkId: r.check.id,
    name: r.check.name,
    ownerId: world.team()?.id ?? 'team_sim',
    deploymentId: r.deploymentId,
    projectId: r.check.project.id,
    source: { kind: 'webhook' },
    status: r.status,
    blocks: r.check.blocks,
    requires: 'build-ready',
    targets: ['preview', 'production'],
    timeout: 3600,
    createdAt: r.createdAt,
    updatedAt: r.updatedAt,
    ...(r.startedAt !== undefined ? { startedAt: r.startedAt } : {}),
    ...(r.completedAt !== undefined ? { completedAt: r.completedAt } : {}),
    ...(r.conclusion !== undefined ? { conclusion: r.conclusion } : {}),
    ...(r.conclusionText !== undefined ? { conclusionText: r.conclusionText } : {}),
    ...(r.externalUrl !== undefined ? { externalUrl: r.externalUrl } : {}),
    ...(r.externalId !== undefined ? { externalId: r.externalId } : {}),
  });

  const newRun = (check: SimCheck, d: GateDeployment): SimCheckRun => {
    const run: SimCheckRun = {
      id: `ckr_${randomBytes(8).toString('hex')}`,
      check,
      deploymentId: d.id,
      status: 'queued',
      createdAt: now(),
      updatedAt: now(),
      history: ['queued'],
    };
    runs.push(run);
    return run;
  };

  /** The runs of a deployment, opening the `queued` runs Vercel makes for its project's checks. */
  const runsOf = (d: GateDeployment) => {
    for (const check of checks) {
      if (
        check.autoRuns &&
        check.project === d.project &&
        !runs.some((r) => r.check === check && r.deploymentId === d.id)
      ) {
        newRun(check, d);
      }
    }
    return runs.filter((r) => r.deploymentId === d.id);
  };

  const STATUSES = new Set(['queued', 'running', 'completed']);

  routes
    .add(
      'GET',
      '/v2/projects/:projectIdOrName/checks',
      guarded('listProjectChecks', ({ params }) => {
        const project = world.findProject(params.projectIdOrName ?? '');
        if (!project) return world.notFound('Project not found');
        return { body: { checks: checks.filter((c) => c.project === project).map(checkJson) } };
      }),
    )
    .add(
      'GET',
      '/v2/deployments/:deploymentId/check-runs',
      guarded('listDeploymentCheckRuns', ({ params }) => {
        const d = deploymentById(params.deploymentId ?? '');
        if (!d) return world.notFound('Deployment not found');
        return { body: { runs: runsOf(d).map(runJson) } };
      }),
    )
    .add(
      'POST',
      '/v2/deployments/:deploymentId/check-runs',
      guarded('createDeploymentCheckRun', ({ params, body }) => {
        const d = deploymentById(params.deploymentId ?? '');
        if (!d) return world.notFound('Deployment not found');
        const checkId = (body as { checkId?: unknown } | undefined)?.checkId;
        const check = checks.find((c) => c.id === checkId && c.project === d.project);
        if (!check)
          return error(400, 'bad_request', "checkId does not name a check of the deployment's project");
        return { body: runJson(newRun(check, d)) };
      }),
    )
    .add(
      'GET',
      '/v2/deployments/:deploymentId/check-runs/:checkRunId',
      guarded('getDeploymentCheckRun', ({ params }) => {
        const run = runs.find((r) => r.id === params.checkRunId && r.deploymentId === params.deploymentId);
        return run ? { body: runJson(run) } : world.notFound('Check run not found');
      }),
    )
    .add(
      'PATCH',
      '/v2/deployments/:deploymentId/check-runs/:checkRunId',
      guarded('updateDeploymentCheckRun', ({ params, body }) => {
        const run = runs.find((r) => r.id === params.checkRunId && r.deploymentId === params.deploymentId);
        if (!run) return world.notFound('Check run not found');
        const update = (body ?? {}) as Partial<
          Record<'status' | 'conclusion' | 'conclusionText' | 'externalUrl' | 'externalId', string>
        >;
        if (run.status === 'completed')
          return error(400, 'bad_request', 'The check run is already completed');
        const status = update.status ?? run.status;
        if (!STATUSES.has(status)) return error(400, 'bad_request', 'Unknown status');
        if ((status === 'completed') !== (update.conclusion !== undefined)) {
          return error(400, 'bad_request', 'A conclusion is given exactly when the status is completed');
        }
        run.status = status as SimCheckRun['status'];
        if (run.history.at(-1) !== status) run.history.push(status);
        if (status === 'running') run.startedAt ??= now();
        if (status === 'completed') run.completedAt = now();
        run.conclusion = update.conclusion ?? run.conclusion;
        run.conclusionText = update.conclusionText ?? run.conclusionText;
        run.externalUrl = update.externalUrl ?? run.externalUrl;
        run.externalId = update.externalId ?? run.externalId;
        run.updatedAt = now();
        return { body: runJson(run) };
      }),
    );

  return {
    add(
      projectName: string,
      spec: { name: string; id?: string; blocks?: SimCheck['blocks']; autoRuns?: boolean },
    ): SimCheck {
      const project = world.addProject({ name: projectName });
      const check: SimCheck = {
        id: spec.id ?? `chk_${randomBytes(8).toString('hex')}`,
        name: spec.name,
        project,
        blocks: spec.blocks ?? 'deployment-promotion',
        autoRuns: spec.autoRuns ?? false,
        createdAt: now(),
      };
      checks.push(check);
      return check;
    },
    runsOf: (deployment: GateDeployment): SimCheckRun[] => runsOf(deployment),
    /** Every Checks v2 call answers `status` with this body (403 without access, 400 wrong token kind). */
    refuse(status: number, body?: unknown): void {
      refusal = {
        status,
        body: body ?? {
          error: { code: 'forbidden', message: 'You do not have permission to access this resource.' },
        },
      };
    },
  };
}
