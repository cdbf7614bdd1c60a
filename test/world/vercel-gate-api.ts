import type { Reply, RouteTable } from './http-server.js';
import { installCheckRoutes, type SimCheck, type SimCheckRun } from './vercel-checks-api.js';
import { installProductionRoutes, type SimAliasRequest } from './vercel-production-api.js';
import type { VercelRequestJudge } from './vercel-sdk-requests.js';

/**
 * The part of the simulated Vercel API the promotion gate (issue #6) talks to, kept apart from the
 * deployment routes: a project's production with promote and rollback (`vercel-production-api.ts`), and
 * Checks v2 (`vercel-checks-api.ts`). Requests to these endpoints, like all the simulator's, are judged by
 * `@vercel/sdk`'s request models (`vercel-sdk-requests.ts`).
 */

export type { SimAliasRequest, SimCheck, SimCheckRun };

/** What the deployment routes share with these (see `startVercelApi`). */
export interface GateWorld {
  now: () => number;
  deployments: readonly GateDeployment[];
  findProject(nameOrId: string): GateProject | undefined;
  addProject(spec: { name: string }): GateProject;
  stateOf(deployment: GateDeployment): string | undefined;
  notFound(message: string): Reply;
  /** The team the API requires, if any (for `accountId`). */
  team(): { id: string; slug: string } | undefined;
}

export interface GateProject {
  id: string;
  name: string;
}

export interface GateDeployment {
  id: string;
  url: string;
  project: GateProject;
  sha: string;
  target: 'preview' | 'production';
  createdAt: number;
  timeline: Array<{ state: string; afterMs: number }>;
}

/** What the gate's route files share: the world, and the answers and judging every route uses. */
export interface GateTools {
  world: GateWorld;
  error(status: number, code: string, message: string): Reply;
  /** Judges the request by the SDK's models; a violation is answered as Vercel would (400) and recorded. */
  validated: VercelRequestJudge['validated'];
  /** A deployment that exists by now, by id. */
  deploymentById(id: string): GateDeployment | undefined;
}

export interface VercelGateSim {
  production: ReturnType<typeof installProductionRoutes>['controls'];
  checks: ReturnType<typeof installCheckRoutes>;
}

export interface GateRoutes {
  sim: VercelGateSim;
  /** What the deployment routes add to production deployments: `readySubstate`, `autoAssignCustomDomains`. */
  deploymentFields(deployment: GateDeployment): Record<string, unknown>;
}

export function installGateRoutes(
  routes: RouteTable,
  world: GateWorld,
  judge: VercelRequestJudge,
): GateRoutes {
  const tools: GateTools = {
    world,
    error: (status, code, message) => ({ status, body: { error: { code, message } } }),
    validated: judge.validated,
    deploymentById: (id) => world.deployments.find((d) => d.id === id && world.stateOf(d) !== undefined),
  };
  const production = installProductionRoutes(routes, tools);
  const checks = installCheckRoutes(routes, tools);
  return {
    sim: { production: production.controls, checks },
    deploymentFields: production.deploymentFields,
  };
}
