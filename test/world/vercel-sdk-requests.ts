import {
  CreateDeploymentCheckRunRequest$outboundSchema,
  CreateDeploymentCheckRunRequestBody$outboundSchema,
} from '@vercel/sdk/models/createdeploymentcheckrunop.js';
import { GetDeploymentCheckRunRequest$outboundSchema } from '@vercel/sdk/models/getdeploymentcheckrunop.js';
import { GetProjectRequest$outboundSchema } from '@vercel/sdk/models/getprojecthas2.js';
import { ListDeploymentCheckRunsRequest$outboundSchema } from '@vercel/sdk/models/listdeploymentcheckrunsop.js';
import { ListProjectChecksRequest$outboundSchema } from '@vercel/sdk/models/listprojectchecksop.js';
import { RequestPromoteRequest$outboundSchema } from '@vercel/sdk/models/requestpromoteop.js';
import { RequestRollbackRequest$outboundSchema } from '@vercel/sdk/models/requestrollbackop.js';
import {
  UpdateDeploymentCheckRunRequest$outboundSchema,
  UpdateDeploymentCheckRunRequestBody$outboundSchema,
} from '@vercel/sdk/models/updatedeploymentcheckrunop.js';
import type { z } from 'zod/v3';

/**
 * Judges the requests the Vercel simulator receives for the promotion gate's endpoints by Vercel's own
 * request models: the zod schemas of `@vercel/sdk` (generated from Vercel's OpenAPI description), which is
 * how the SDK validates a request before sending it. Path and query parameters are checked together (as the
 * SDK's request object holds them), the JSON body on its own; both strictly, so a field Vercel does not
 * know — one the gate believes it sets but Vercel would ignore — is a problem too.
 */

export type VercelOperation =
  | 'getProject'
  | 'listProjectChecks'
  | 'listDeploymentCheckRuns'
  | 'createDeploymentCheckRun'
  | 'getDeploymentCheckRun'
  | 'updateDeploymentCheckRun'
  | 'requestPromote'
  | 'requestRollback';

interface OperationModel {
  request: z.ZodTypeAny;
  /** The JSON body's model; absent: the operation takes no body. */
  body?: z.ZodTypeAny;
}

const MODELS: Record<VercelOperation, OperationModel> = {
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
  const params = { ...Object.fromEntries(request.query), ...request.pathParams };
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
