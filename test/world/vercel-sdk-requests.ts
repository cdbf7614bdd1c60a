import {
  CreateDeploymentCheckRunRequest$outboundSchema,
  CreateDeploymentCheckRunRequestBody$outboundSchema,
} from '@vercel/sdk/models/createdeploymentcheckrunop.js';
import { FilterProjectEnvsRequest$outboundSchema } from '@vercel/sdk/models/filterprojectenvsop.js';
import { GetDeploymentCheckRunRequest$outboundSchema } from '@vercel/sdk/models/getdeploymentcheckrunop.js';
import { GetDeploymentEventsRequest$outboundSchema } from '@vercel/sdk/models/getdeploymenteventsop.js';
// The SDK's generator files `getDeployment`'s request model under this name.
import { GetDeploymentRequest$outboundSchema } from '@vercel/sdk/models/getdeploymentgitsourcedeploymentsresponse200applicationjsonresponsebody215type.js';
import { GetDeploymentsRequest$outboundSchema } from '@vercel/sdk/models/getdeploymentsop.js';
import { GetProjectRequest$outboundSchema } from '@vercel/sdk/models/getprojecthas2.js';
import { ListDeploymentCheckRunsRequest$outboundSchema } from '@vercel/sdk/models/listdeploymentcheckrunsop.js';
import { ListProjectChecksRequest$outboundSchema } from '@vercel/sdk/models/listprojectchecksop.js';
import { ListPromoteAliasesRequest$outboundSchema } from '@vercel/sdk/models/listpromotealiasesop.js';
import { RequestPromoteRequest$outboundSchema } from '@vercel/sdk/models/requestpromoteop.js';
import { RequestRollbackRequest$outboundSchema } from '@vercel/sdk/models/requestrollbackop.js';
import {
  UpdateDeploymentCheckRunRequest$outboundSchema,
  UpdateDeploymentCheckRunRequestBody$outboundSchema,
} from '@vercel/sdk/models/updatedeploymentcheckrunop.js';
import type { z } from 'zod/v3';
import type { Reply, RouteContext } from './http-server.js';

/**
 * Judges the requests the Vercel simulator receives by Vercel's own request models: the zod schemas of
 * `@vercel/sdk` (generated from Vercel's OpenAPI description), which is how the SDK validates a request
 * before sending it. Path and query parameters are checked together (as the SDK's request object holds
 * them), the JSON body on its own; both strictly, so a field Vercel does not know — one the gate believes it
 * sets but Vercel would ignore — is a problem too. Every endpoint the action calls has a model here.
 */

export type VercelOperation =
  | 'getDeployments'
  | 'getDeployment'
  | 'getDeploymentEvents'
  | 'filterProjectEnvs'
  | 'getProject'
  | 'listProjectChecks'
  | 'listDeploymentCheckRuns'
  | 'createDeploymentCheckRun'
  | 'getDeploymentCheckRun'
  | 'updateDeploymentCheckRun'
  | 'requestPromote'
  | 'listPromoteAliases'
  | 'requestRollback';

interface OperationModel {
  request: z.ZodTypeAny;
  /** The JSON body's model; absent: the operation takes no body. */
  body?: z.ZodTypeAny;
}

const MODELS: Record<VercelOperation, OperationModel> = {
  // The SDK lists through `/v7/deployments`; `/v6`, which the action and Vercel's examples use, takes the
  // same query.
  getDeployments: { request: GetDeploymentsRequest$outboundSchema },
  getDeployment: { request: GetDeploymentRequest$outboundSchema },
  getDeploymentEvents: { request: GetDeploymentEventsRequest$outboundSchema },
  filterProjectEnvs: { request: FilterProjectEnvsRequest$outboundSchema },
  getProject: { request: GetProjectRequest$outboundSchema },
  listProjectChecks: { request: ListProjectChecksRequest$outboundSchema },
  listDeploymentCheckRuns: { request: ListDeploymentCheckRunsRequest$outboundSchema },
  createDeploymentCheckRun: {
    request: CreateDeploymentCheckRunRequest$outboundSchema,
    body: CreateDeploymentCheckRunRequestBody$outboundSchema,
  },
  getDeploymentCheckRun: { request: GetDeploymentCheckRunRequest$outboundSchema },
  updateDeploymentCheckRun: {
    request: UpdateDeploymentCheckRunRequest$outboundSchema,
    body: UpdateDeploymentCheckRunRequestBody$outboundSchema,
  },
  requestPromote: { request: RequestPromoteRequest$outboundSchema },
  listPromoteAliases: { request: ListPromoteAliasesRequest$outboundSchema },
  requestRollback: { request: RequestRollbackRequest$outboundSchema },
};

/** One request the SDK's models reject. */
export interface SdkViolation {
  method: string;
  path: string;
  operation: VercelOperation;
  /** `where: message`, e.g. `body.conclusion: Invalid enum value…`. */
  problems: string[];
}

/** The object schema behind the SDK's `.transform(remap)` wrappers. */
function objectOf(schema: z.ZodTypeAny): z.AnyZodObject | undefined {
  let current: z.ZodTypeAny = schema;
  for (let depth = 0; depth < 5; depth++) {
    const def = current._def as { typeName?: string; schema?: z.ZodTypeAny; getter?: () => z.ZodTypeAny };
    if (def.typeName === 'ZodObject') return current as z.AnyZodObject;
    if (def.typeName === 'ZodEffects' && def.schema) current = def.schema;
    else if (def.typeName === 'ZodLazy' && def.getter) current = def.getter();
    else return undefined;
  }
  return undefined;
}

/** The schema inside `.optional()`, `.default()` and `.nullable()`. */
function baseOf(schema: z.ZodTypeAny): z.ZodTypeAny {
  let current = schema;
  for (let depth = 0; depth < 5; depth++) {
    const def = current._def as { typeName?: string; innerType?: z.ZodTypeAny };
    if (!def.innerType) return current;
    current = def.innerType;
  }
  return current;
}

/**
 * A query string holds text only; the SDK writes its numbers and booleans as `?limit=20&follow=1`. Reads
 * such a text back as the type the model expects, and leaves anything else as text for the model to judge
 * (`limit=twenty` stays a string and is reported).
 */
function fromQuery(
  object: z.AnyZodObject | undefined,
  params: Record<string, string>,
): Record<string, unknown> {
  if (!object) return params;
  const typed: Record<string, unknown> = { ...params };
  for (const [key, text] of Object.entries(params)) {
    const field = object.shape[key] as z.ZodTypeAny | undefined;
    const type = field ? (baseOf(field)._def as { typeName?: string }).typeName : undefined;
    if (type === 'ZodNumber' && /^-?\d+(\.\d+)?$/.test(text)) typed[key] = Number(text);
    else if (type === 'ZodBoolean' && (text === 'true' || text === 'false')) typed[key] = text === 'true';
  }
  return typed;
}

function issuesOf(where: string, schema: z.ZodTypeAny, value: unknown): string[] {
  const parsed = schema.safeParse(value);
  if (parsed.success) return [];
  return parsed.error.issues.map((issue) => {
    const at = [where, ...issue.path.map(String)].filter(Boolean).join('.');
    return `${at}: ${issue.message}`;
  });
}

/** What Vercel's request models say about one request (empty when it is valid). */
export function checkVercelRequest(
  operation: VercelOperation,
  request: { pathParams: Record<string, string>; query: URLSearchParams; body: unknown },
): string[] {
  const model = MODELS[operation];
  const object = objectOf(model.request);
  const params = fromQuery(object, { ...Object.fromEntries(request.query), ...request.pathParams });
  const problems: string[] = [];
  if (object) {
    const withoutBody = 'requestBody' in object.shape ? object.omit({ requestBody: true }) : object;
    problems.push(...issuesOf('request', withoutBody.strict(), params));
  } else {
    problems.push(...issuesOf('request', model.request, params));
  }
  const hasBody =
    request.body !== undefined &&
    !(typeof request.body === 'object' && request.body !== null && Object.keys(request.body).length === 0);
  if (!model.body) {
    if (hasBody) problems.push('body: this operation takes no request body');
  } else if (typeof request.body === 'string') {
    problems.push('body: not JSON');
  } else if (request.body !== undefined) {
    const bodyObject = objectOf(model.body);
    problems.push(...issuesOf('body', bodyObject ? bodyObject.strict() : model.body, request.body));
  }
  return problems;
}

/** The simulator's judge: every request it was asked about, and what the models rejected. */
export interface VercelRequestJudge {
  /** Requests Vercel's request models (`@vercel/sdk`) reject. */
  violations: SdkViolation[];
  /** Throws listing every violation; does nothing when there are none. */
  assertNoViolations(): void;
  /**
   * Wraps a route's handler: a request the models reject is recorded and answered 400 as Vercel would,
   * without reaching the handler.
   */
  validated<R extends Reply | 'handled'>(
    operation: VercelOperation,
    handler: (ctx: RouteContext) => R,
  ): (ctx: RouteContext) => R | Reply;
}

export function createRequestJudge(): VercelRequestJudge {
  const violations: SdkViolation[] = [];
  return {
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
    validated: (operation, handler) => (ctx) => {
      const problems = checkVercelRequest(operation, {
        pathParams: ctx.params,
        query: ctx.query,
        body: ctx.body,
      });
      if (problems.length === 0) return handler(ctx);
      violations.push({ method: ctx.log.method, path: ctx.log.path, operation, problems });
      return {
        status: 400,
        body: { error: { code: 'bad_request', message: `Invalid request: ${problems.join('; ')}` } },
      };
    },
  };
}
