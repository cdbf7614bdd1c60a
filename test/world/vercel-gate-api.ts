import type { Reply, RouteContext, RouteTable } from './http-server.js';
import { installCheckRoutes, type SimCheck, type SimCheckRun } from './vercel-checks-api.js';
import { installProductionRoutes, type SimAliasRequest } from './vercel-production-api.js';
import { checkVercelRequest, type SdkViolation, type VercelOperation } from './vercel-sdk-requests.js';

/**
 * The part of the simulated Vercel API the promotion gate (issue #6) talks to, kept apart from the
 * deployment routes: a project's production with promote and rollback (`vercel-production-api.ts`), and
 * Checks v2 (`vercel-checks-api.ts`). Requests to these endpoints are judged by `@vercel/sdk`'s request
 * models; violations are answered 400 and recorded.
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
  validated(operation: VercelOperation, handler: (ctx: RouteContext) => Reply): (ctx: RouteContext) => Reply;
  /** A deployment that exists by now, by id. */
  deploymentById(id: string): GateDeployment | undefined;
}

export interface VercelGateSim {
  /** Requests to the gate's endpoints that Vercel's request models (`@vercel/sdk`) reject. */
  violations: SdkViolation[];
  /** Throws listing every violation; does nothing when there are none. */
  assertNoViolations(): void;
  production: ReturnType<typeof installProductionRoutes>['controls'];
  checks: ReturnType<typeof installCheckRoutes>;
}

export interface GateRoutes {
  sim: VercelGateSim;
  /** What the deployment routes add to production deployments: `readySubstate`, `autoAssignCustomDomains`. */
  deploymentFields(deployment: GateDeployment): Record<string, unknown>;
}

export function installGateRoutes(routes: RouteTable, world: GateWorld): GateRoutes {
  const violations: SdkViolation[] = [];
  const error = (status: number, code: string, message: string): Reply => ({
    status,
    body: { error: { code, message } },
  });
  const tools: GateTools = {
    world,
    error,
    validated: (operation, handler) => (ctx) => {
      const problems = checkVercelRequest(operation, {
        pathParams: ctx.params,
        query: ctx.query,
        body: ctx.body,
      });
      if (problems.length) {
        violations.push({ method: ctx.log.method, path: ctx.log.path, operation, problems });
        return error(400, 'bad_request', `Invalid request: ${problems.join('; ')}`);
      }
      return handler(ctx);
    },
    deploymentById: (id) => world.deployments.find((d) => d.id === id && world.stateOf(d) !== undefined),
  };
  const production = installProductionRoutes(routes, tools);
  const checks = installCheckRoutes(routes, tools);
  return {
    sim: {
      violations,
      assertNoViolations() {
        if (violations.length === 0) return;
        const lines = violations.map(
          (v) => `- ${v.method} ${v.path} (${v.operation}): ${v.problems.join('; ')}`,
        );
        throw new Error(
          `The Vercel API simulator saw ${violations.length} request(s) Vercel's request models reject:\n` +
            lines.join('\n'),
        );
      },
      production: production.controls,
      checks,
    },
    deploymentFields: production.deploymentFields,
  };
}
