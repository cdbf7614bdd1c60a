import { createHash } from 'node:crypto';
import { mkdir, readFile, rename, stat, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';

/**
 * GitHub's own OpenAPI description of api.github.com (`@octokit/openapi`, dereferenced), indexed by method and
 * path template, and a validator that judges a request the way GitHub's API does: the operation exists, path
 * and query parameters match their schemas, the JSON body matches the request body schema. Problems are worded
 * like GitHub's 422 "Invalid request." messages.
 *
 * The description is 73 MB and takes ~1.6 s to read and parse, so it is loaded once per process, lazily, and
 * only the request side (plus the success responses of the operations the simulator serves) is kept. That
 * index (~1 MB) is cached in `node_modules/.cache/deployment-health-gate/`, keyed by the package version and
 * file, so later processes (each vitest worker) load it in milliseconds.
 */

/** A JSON Schema as GitHub's description writes it (OpenAPI 3.0 dialect, normalised for Ajv). */
export type JsonSchema = { [keyword: string]: unknown };

/** A path, query, header or cookie parameter of an operation. */
export interface OperationParameter {
  name: string;
  in: 'path' | 'query' | 'header' | 'cookie';
  required: boolean;
  schema: JsonSchema;
  /** `x-multi-segment`: the value may contain `/` (a ref like `heads/main`). */
  multiSegment: boolean;
}

/** One operation of GitHub's REST API: a method on a path template, with what it accepts. */
export interface GitHubOperation {
  /** Upper case: `POST`. */
  method: string;
  /** `/repos/{owner}/{repo}/check-runs`. */
  template: string;
  /** `checks/create`. */
  operationId: string;
  /** `x-github.category` / `subcategory`: `checks` / `runs`, `deployments` / `statuses`, `commits` / `statuses`. */
  category: string;
  subcategory: string;
  /** What GitHub puts in `documentation_url`. */
  documentationUrl: string;
  parameters: OperationParameter[];
  requestBody?: { required: boolean; json?: JsonSchema | undefined } | undefined;
  /** Success-response schemas by status, kept only for the operations in {@link RESPONSE_SCHEMAS_FOR}. */
  responses?: Record<string, JsonSchema> | undefined;
}

/** One thing GitHub would reject. `where` is `path.check_run_id`, `query.status`, `body.output.summary`, `body`. */
export interface Problem {
  where: string;
  /** GitHub's wording (the line after "Invalid request." in the 422 body). */
  message: string;
  /** Extra explanation for people (why no `anyOf` branch matched); not part of GitHub's answer. */
  detail?: string;
}

/** The verdict on one request. `status` is what GitHub would answer; undefined when the request is valid. */
export interface RequestCheck {
  operation?: GitHubOperation | undefined;
  /** Decoded path parameters of the matched template. */
  pathParams: Record<string, string>;
  /** 404 no such operation, 400 body is not JSON, 422 the request breaks the schema. */
  status?: 404 | 400 | 422 | undefined;
  problems: Problem[];
}

/** A request as the simulator received it. */
export interface RequestToCheck {
  method: string;
  /** The URL path, still percent-encoded, without the query. */
  path: string;
  query: URLSearchParams;
  /** Parsed JSON body; a string means the body was not JSON; undefined means no body. */
  body: unknown;
}

/** Operations whose success responses are kept, so tests can prove the simulator's JSON has GitHub's shape. */
export const RESPONSE_SCHEMAS_FOR = [
  'checks/create',
  'checks/update',
  'checks/get',
  'checks/list-for-ref',
  'checks/list-annotations',
  'repos/create-deployment',
  'repos/list-deployments',
  'repos/get-deployment',
  'repos/create-deployment-status',
  'repos/list-deployment-statuses',
  'repos/get-deployment-status',
  'repos/create-commit-status',
  'repos/list-commit-statuses-for-ref',
  'repos/get',
  'git/create-blob',
  'git/get-blob',
  'git/create-tree',
  'git/get-tree',
  'git/create-commit',
  'git/get-commit',
  'git/get-ref',
  'git/create-ref',
  'git/update-ref',
  'issues/list-for-repo',
  'issues/create',
  'issues/get',
  'issues/update',
  'issues/create-comment',
  'issues/list-comments',
  'issues/list-labels-for-repo',
  'issues/create-label',
  'issues/get-label',
  'search/issues-and-pull-requests',
] as const;

/** Bump when the cached index's shape or the schema normalisation changes. */
const INDEX_FORMAT = 1;
const METHODS = ['get', 'put', 'post', 'patch', 'delete', 'head', 'options'] as const;

interface SerializedIndex {
  format: number;
  operations: GitHubOperation[];
}

interface CompiledOperation {
  operation: GitHubOperation;
  pattern: RegExp;
  names: string[];
  literalSegments: number;
  multiSegments: number;
}

/** The loaded index; see {@link loadGitHubOpenApi}. */
export class GitHubOpenApi {
  private readonly byMethod = new Map<string, CompiledOperation[]>();
  private readonly all: CompiledOperation[] = [];
  private readonly bodyValidators = new Map<string, ValidateFunction>();
  private readonly paramValidators = new Map<string, ValidateFunction>();
  private readonly responseValidators = new Map<string, ValidateFunction>();
  private readonly bodyAjv = newAjv('request');
  private readonly paramAjv = newAjv('parameters');
  private readonly responseAjv = newAjv('response');

  constructor(
    readonly operations: readonly GitHubOperation[],
    /** Where the index came from and how long loading took (for the test report). */
    readonly load: { source: 'cache' | 'spec'; ms: number },
  ) {
    for (const operation of operations) {
      const compiled = compileTemplate(operation);
      this.all.push(compiled);
      const list = this.byMethod.get(operation.method) ?? [];
      list.push(compiled);
      this.byMethod.set(operation.method, list);
    }
  }

  /** The operation by id (`checks/create`), or undefined. */
  byId(operationId: string): GitHubOperation | undefined {
    return this.operations.find((op) => op.operationId === operationId);
  }

  /**
   * The operation a request is for: the most specific template (most literal segments) that matches the
   * path, for this method. `allowed` lists the methods the path has when this one is not among them.
   */
  find(
    method: string,
    path: string,
  ): { operation?: GitHubOperation | undefined; pathParams: Record<string, string>; allowed: string[] } {
    const best = pickMostSpecific(this.byMethod.get(method.toUpperCase()) ?? [], path);
    if (best) return { operation: best.compiled.operation, pathParams: best.params, allowed: [] };
    const allowed = this.all.filter((c) => c.pattern.test(path)).map((c) => c.operation.method);
    return { pathParams: {}, allowed: [...new Set(allowed)] };
  }

  /** Judges a request as GitHub would, before any resource is looked up. */
  checkRequest(request: RequestToCheck): RequestCheck {
    const method = request.method.toUpperCase();
    const found = this.find(method, request.path);
    const operation = found.operation;
    if (!operation) {
      const message = found.allowed.length
        ? `${method} is not an operation of ${request.path} (GitHub's description has ${found.allowed.join(', ')}).`
        : `No operation in GitHub's OpenAPI description matches ${method} ${request.path}.`;
      return { pathParams: {}, status: 404, problems: [{ where: 'path', message }] };
    }

    const problems: Problem[] = [];
    const pathParams: Record<string, string> = {};
    for (const [name, raw] of Object.entries(found.pathParams)) {
      try {
        pathParams[name] = decodeURIComponent(raw);
      } catch {
        problems.push({ where: `path.${name}`, message: `"${name}" is not validly percent-encoded.` });
      }
    }
    problems.push(...this.checkParameters(operation, 'path', pathParams));
    problems.push(...this.checkParameters(operation, 'query', queryObject(request.query)));

    if (typeof request.body === 'string') {
      return {
        operation,
        pathParams,
        status: 400,
        problems: [...problems, { where: 'body', message: 'Problems parsing JSON' }],
      };
    }
    problems.push(...this.checkBody(operation, request.body));
    return { operation, pathParams, status: problems.length ? 422 : undefined, problems };
  }

  /**
   * Problems with a response body the simulator produced, judged against GitHub's response schema for that
   * operation and status; `undefined` when the index keeps no schema for it (see {@link RESPONSE_SCHEMAS_FOR}).
   */
  checkResponse(operationId: string, status: number, body: unknown): Problem[] | undefined {
    const operation = this.byId(operationId);
    const schema = operation?.responses?.[String(status)];
    if (!operation || !schema) return undefined;
    const key = `${operationId} ${status}`;
    let validate = this.responseValidators.get(key);
    if (!validate) {
      validate = this.responseAjv.compile(schema);
      this.responseValidators.set(key, validate);
    }
    return validate(body) ? [] : problemsFrom(validate.errors ?? [], 'response');
  }

  private checkParameters(
    operation: GitHubOperation,
    location: 'path' | 'query',
    values: Record<string, string | string[]>,
  ): Problem[] {
    const key = `${operation.method} ${operation.template} ${location}`;
    let validate = this.paramValidators.get(key);
    if (!validate) {
      const declared = operation.parameters.filter((p) => p.in === location);
      validate = this.paramAjv.compile({
        type: 'object',
        properties: Object.fromEntries(declared.map((p) => [p.name, p.schema])),
        required: declared.filter((p) => p.required).map((p) => p.name),
        additionalProperties: false,
      });
      this.paramValidators.set(key, validate);
    }
    // Ajv coerces in place ("30" → 30); keep the caller's values as they were.
    return validate({ ...values }) ? [] : problemsFrom(validate.errors ?? [], location);
  }

  private checkBody(operation: GitHubOperation, body: unknown): Problem[] {
    const declared = operation.requestBody;
    if (body === undefined) {
      // GitHub's answer when a required body is missing altogether.
      return declared?.required
        ? [{ where: 'body', message: "For 'links/0/schema', nil is not an object." }]
        : [];
    }
    if (!declared) {
      // An operation without a body rejects every key it is sent.
      if (body !== null && typeof body === 'object' && !Array.isArray(body)) {
        return Object.keys(body).map((k) => ({
          where: `body.${k}`,
          message: `"${k}" is not a permitted key.`,
        }));
      }
      return [];
    }
    if (!declared.json) return [];
    const key = `${operation.method} ${operation.template}`;
    let validate = this.bodyValidators.get(key);
    if (!validate) {
      validate = this.bodyAjv.compile(declared.json);
      this.bodyValidators.set(key, validate);
    }
    return validate(body) ? [] : problemsFrom(validate.errors ?? [], 'body');
  }
}

let loading: Promise<GitHubOpenApi> | undefined;

/** The index, loaded once per process (from the cache when it is current, else from the description). */
export function loadGitHubOpenApi(): Promise<GitHubOpenApi> {
  loading ??= loadIndex().catch((error: unknown) => {
    loading = undefined;
    throw error;
  });
  return loading;
}

async function loadIndex(): Promise<GitHubOpenApi> {
  const started = performance.now();
  const require = createRequire(import.meta.url);
  const packageJson = require.resolve('@octokit/openapi/package.json');
  const packageDir = dirname(packageJson);
  const specPath = join(packageDir, 'generated', 'api.github.com.deref.json');
  const { version } = JSON.parse(await readFile(packageJson, 'utf8')) as { version: string };
  const info = await stat(specPath);
  const key = createHash('sha1')
    .update(JSON.stringify([INDEX_FORMAT, version, info.size, info.mtimeMs, RESPONSE_SCHEMAS_FOR]))
    .digest('hex')
    .slice(0, 16);
  // node_modules/@octokit/openapi → node_modules/.cache/…
  const cacheFile = join(
    dirname(dirname(packageDir)),
    '.cache',
    'deployment-health-gate',
    `github-openapi-${key}.json`,
  );

  const cached = await readFile(cacheFile, 'utf8')
    .then((text) => JSON.parse(text) as SerializedIndex)
    .catch(() => undefined);
  if (cached?.format === INDEX_FORMAT && Array.isArray(cached.operations)) {
    return new GitHubOpenApi(cached.operations, { source: 'cache', ms: performance.now() - started });
  }

  const spec = JSON.parse(await readFile(specPath, 'utf8')) as Spec;
  const index: SerializedIndex = { format: INDEX_FORMAT, operations: indexOperations(spec) };
  await writeAtomically(cacheFile, JSON.stringify(index)).catch(() => {
    // A read-only node_modules only costs the next process the slow load.
  });
  return new GitHubOpenApi(index.operations, { source: 'spec', ms: performance.now() - started });
}

async function writeAtomically(file: string, text: string): Promise<void> {
  await mkdir(dirname(file), { recursive: true });
  // Parallel workers may build the index at once; rename makes the last writer win without torn files.
  const temporary = `${file}.${process.pid}.${Date.now()}.tmp`;
  await writeFile(temporary, text);
  await rename(temporary, file);
}

/** The part of an OpenAPI 3.0 document the index reads. */
export interface Spec {
  paths: Record<string, Record<string, unknown>>;
}

interface SpecOperation {
  operationId?: string;
  parameters?: SpecParameter[];
  requestBody?: { required?: boolean; content?: Record<string, { schema?: JsonSchema }> };
  responses?: Record<string, { content?: Record<string, { schema?: JsonSchema }> }>;
  externalDocs?: { url?: string };
  'x-github'?: { category?: string; subcategory?: string };
}

interface SpecParameter {
  name: string;
  in: OperationParameter['in'];
  required?: boolean;
  schema?: JsonSchema;
  'x-multi-segment'?: boolean;
}

/** The index of a (dereferenced) OpenAPI description: one entry per method and path template. */
export function indexOperations(spec: Spec): GitHubOperation[] {
  const keepResponses = new Set<string>(RESPONSE_SCHEMAS_FOR);
  const operations: GitHubOperation[] = [];
  for (const [template, item] of Object.entries(spec.paths)) {
    const shared = (item.parameters as SpecParameter[] | undefined) ?? [];
    for (const method of METHODS) {
      const op = item[method] as SpecOperation | undefined;
      if (!op) continue;
      const parameters = new Map<string, SpecParameter>();
      for (const p of [...shared, ...(op.parameters ?? [])]) parameters.set(`${p.in}:${p.name}`, p);
      const operationId = op.operationId ?? `${method} ${template}`;
      const body = op.requestBody;
      const jsonBody = body?.content?.['application/json']?.schema;
      let responses: Record<string, JsonSchema> | undefined;
      if (keepResponses.has(operationId)) {
        responses = {};
        for (const [status, response] of Object.entries(op.responses ?? {})) {
          const schema = response.content?.['application/json']?.schema;
          if (status.startsWith('2') && schema) responses[status] = normaliseSchema(schema);
        }
      }
      operations.push({
        method: method.toUpperCase(),
        template,
        operationId,
        category: op['x-github']?.category ?? '',
        subcategory: op['x-github']?.subcategory ?? '',
        documentationUrl: op.externalDocs?.url ?? 'https://docs.github.com/rest',
        parameters: [...parameters.values()].map((p) => ({
          name: p.name,
          in: p.in,
          required: p.required === true,
          schema: normaliseSchema(p.schema ?? {}),
          multiSegment: p['x-multi-segment'] === true,
        })),
        requestBody: body
          ? { required: body.required === true, json: jsonBody ? normaliseSchema(jsonBody) : undefined }
          : undefined,
        responses,
      });
    }
  }
  return operations;
}

// Keywords that only annotate; dropping them keeps the index small and Ajv quiet.
const ANNOTATIONS = new Set([
  'description',
  'example',
  'examples',
  'externalDocs',
  'deprecated',
  'readOnly',
  'writeOnly',
  'xml',
  'discriminator',
]);

/**
 * Copies a schema without annotations and turns OpenAPI 3.0's `nullable` into something Ajv accepts in every
 * position: Ajv only allows `nullable` next to `type`, and an `enum` must list `null` itself.
 */
export function normaliseSchema(schema: unknown): JsonSchema {
  if (schema === null || typeof schema !== 'object' || Array.isArray(schema)) return {};
  const out: JsonSchema = {};
  for (const [keyword, value] of Object.entries(schema as JsonSchema)) {
    if (ANNOTATIONS.has(keyword) || keyword.startsWith('x-')) continue;
    if (keyword === 'title' && typeof value === 'string') continue;
    if (keyword === 'properties' || keyword === 'patternProperties') {
      out[keyword] = Object.fromEntries(
        Object.entries((value ?? {}) as Record<string, unknown>).map(([name, sub]) => [
          name,
          normaliseSchema(sub),
        ]),
      );
    } else if (keyword === 'items' || keyword === 'not') {
      out[keyword] = Array.isArray(value) ? value.map(normaliseSchema) : normaliseSchema(value);
    } else if (keyword === 'additionalProperties') {
      out[keyword] = typeof value === 'boolean' ? value : normaliseSchema(value);
    } else if (keyword === 'allOf' || keyword === 'anyOf' || keyword === 'oneOf') {
      out[keyword] = (value as unknown[]).map(normaliseSchema);
    } else {
      out[keyword] = value;
    }
  }
  if (out.nullable === true) {
    if (Array.isArray(out.enum) && !out.enum.includes(null)) out.enum = [...out.enum, null];
    if (out.type === undefined) {
      delete out.nullable;
      return Object.keys(out).length === 0 ? {} : { anyOf: [{ type: 'null' }, out] };
    }
  } else if (out.nullable !== undefined && out.type === undefined) {
    delete out.nullable;
  }
  return out;
}

const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/i;

/**
 * `parameters` coerce query and path strings to the declared types. `response` accepts an empty `uri`:
 * GitHub answers `""` for URLs never set (a deployment status's `environment_url`, whose documented default
 * is `""`), although its response schemas say `format: uri`.
 */
function newAjv(use: 'request' | 'parameters' | 'response'): Ajv {
  const anything = () => true;
  const isUri = (value: string) => /^[a-z][a-z0-9+.-]*:/i.test(value) && URL.canParse(value);
  return new Ajv({
    strict: false,
    allErrors: true,
    verbose: true,
    // OpenAPI 3.0 schemas are not all valid draft-07 (boolean exclusiveMinimum and the like).
    validateSchema: false,
    ...(use === 'parameters' ? { coerceTypes: 'array' as const } : {}),
    formats: {
      // GitHub parses timestamps as ISO 8601 (`YYYY-MM-DDTHH:MM:SSZ`); anything else is a 422.
      'date-time': (value: string) => RFC3339.test(value) && !Number.isNaN(Date.parse(value)),
      uri: use === 'response' ? (value: string) => value === '' || isUri(value) : isUri,
      'uri-template': anything,
      int32: anything,
      int64: anything,
      double: anything,
      date: anything,
      email: anything,
      timestamp: anything,
      'repo.nwo': anything,
      binary: anything,
    },
  });
}

function compileTemplate(operation: GitHubOperation): CompiledOperation {
  const names: string[] = [];
  let literalSegments = 0;
  let multiSegments = 0;
  const source = operation.template
    .split('/')
    .map((segment) => {
      if (!segment.includes('{')) {
        if (segment) literalSegments++;
        return escapeRegExp(segment);
      }
      return segment.replace(
        /\{([^}]+)\}|([^{]+)/g,
        (_, name: string | undefined, literal: string | undefined) => {
          if (literal !== undefined) return escapeRegExp(literal);
          const param = operation.parameters.find((p) => p.in === 'path' && p.name === name);
          names.push(name ?? '');
          if (param?.multiSegment) {
            multiSegments++;
            return '(.+?)';
          }
          return '([^/]+)';
        },
      );
    })
    .join('/');
  return { operation, pattern: new RegExp(`^${source}$`), names, literalSegments, multiSegments };
}

function pickMostSpecific(
  candidates: CompiledOperation[],
  path: string,
): { compiled: CompiledOperation; params: Record<string, string> } | undefined {
  let best: { compiled: CompiledOperation; params: Record<string, string> } | undefined;
  for (const compiled of candidates) {
    const m = compiled.pattern.exec(path);
    if (!m) continue;
    const better =
      !best ||
      compiled.literalSegments > best.compiled.literalSegments ||
      (compiled.literalSegments === best.compiled.literalSegments &&
        compiled.multiSegments < best.compiled.multiSegments);
    if (better) {
      best = { compiled, params: Object.fromEntries(compiled.names.map((n, i) => [n, m[i + 1] ?? ''])) };
    }
  }
  return best;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function queryObject(query: URLSearchParams): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const key of new Set(query.keys())) {
    const values = query.getAll(key);
    out[key] = values.length === 1 ? (values[0] ?? '') : values;
  }
  return out;
}

/** Ajv errors → GitHub's wording, one problem each, without the noise of every failed `anyOf` branch. */
function problemsFrom(errors: ErrorObject[], location: string): Problem[] {
  const branching = errors.filter((e) => e.keyword === 'anyOf' || e.keyword === 'oneOf');
  const insideBranch = (e: ErrorObject) => branching.some((b) => e.schemaPath.startsWith(`${b.schemaPath}/`));
  return errors
    .filter((e) => !insideBranch(e))
    .map((e) => {
      const problem: Problem = { where: whereOf(location, e), message: messageOf(e) };
      if (e.keyword === 'anyOf' || e.keyword === 'oneOf') {
        const reasons = errors.filter((x) => x.schemaPath.startsWith(`${e.schemaPath}/`)).map(messageOf);
        if (reasons.length) problem.detail = [...new Set(reasons)].join(' / ');
      }
      return problem;
    });
}

function whereOf(location: string, e: ErrorObject): string {
  const segments = e.instancePath
    .split('/')
    .slice(1)
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
  const params = e.params as Record<string, unknown>;
  if (e.keyword === 'required') segments.push(String(params.missingProperty));
  if (e.keyword === 'additionalProperties') segments.push(String(params.additionalProperty));
  let where = location;
  for (const s of segments) where += /^\d+$/.test(s) ? `[${s}]` : `.${s}`;
  return where;
}

function messageOf(e: ErrorObject): string {
  const params = e.params as Record<string, unknown>;
  // GitHub names the failing spot by schema path: 'properties/output/properties/title'.
  const pointer = e.instancePath
    .split('/')
    .slice(1)
    .map((s) => (/^\d+$/.test(s) ? 'items' : `properties/${s}`))
    .join('/');
  const at = `For '${pointer || '#'}', ${shown(e.data)}`;
  const size = (value: unknown) =>
    typeof value === 'string' ? [...value].length : Array.isArray(value) ? value.length : 0;
  switch (e.keyword) {
    case 'required':
      return `"${String(params.missingProperty)}" wasn't supplied.`;
    case 'additionalProperties':
      return `"${String(params.additionalProperty)}" is not a permitted key.`;
    case 'maxItems':
      return `No more than ${String(params.limit)} items are allowed; ${size(e.data)} were supplied.`;
    case 'minItems':
      return `At least ${String(params.limit)} items are required; ${size(e.data)} were supplied.`;
    case 'maxLength':
      return `Only ${String(params.limit)} characters are allowed; ${size(e.data)} were supplied.`;
    case 'minLength':
      return `At least ${String(params.limit)} characters are required; ${size(e.data)} were supplied.`;
    case 'enum':
      return `${at} is not a member of [${(params.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')}].`;
    case 'type':
      return `${at} is not ${withArticle(String(params.type))}.`;
    case 'format':
      return `${at} is not a valid ${String(params.format)}.`;
    case 'anyOf':
    case 'oneOf':
      return `No subschema in "${e.keyword}" matched.`;
    default:
      return `${at} ${e.message ?? 'is invalid'}.`;
  }
}

function withArticle(type: string): string {
  return type
    .split(',')
    .map((t) => (/^[aeiou]/.test(t) ? `an ${t}` : `a ${t}`))
    .join(' or ');
}

function shown(value: unknown): string {
  const text = value === undefined ? 'nil' : JSON.stringify(value);
  return text.length > 80 ? `${text.slice(0, 77)}…` : text;
}
