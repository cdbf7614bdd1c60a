import { describe, expect, it } from 'vitest';
import { GitHubOpenApi, indexOperations, loadGitHubOpenApi, normaliseSchema } from './github-openapi.js';

const none = new URLSearchParams();

describe("GitHub's OpenAPI index", () => {
  it('is loaded once per process and knows the operations the reporters use', async () => {
    const [a, b] = await Promise.all([loadGitHubOpenApi(), loadGitHubOpenApi()]);
    expect(a).toBe(b);
    expect(a.operations.length).toBeGreaterThan(1000);
    expect(a.byId('checks/update')).toMatchObject({
      method: 'PATCH',
      template: '/repos/{owner}/{repo}/check-runs/{check_run_id}',
      category: 'checks',
      documentationUrl: 'https://docs.github.com/rest/checks/runs#update-a-check-run',
    });
    expect(a.byId('repos/create-deployment-status')?.category).toBe('deployments');
    expect(a.byId('repos/create-commit-status')).toMatchObject({
      category: 'commits',
      subcategory: 'statuses',
    });
  });

  it('matches the most specific template, multi-segment refs included', async () => {
    const api = await loadGitHubOpenApi();
    expect(api.find('GET', '/repos/acme/shop/commits/heads/main/check-runs')).toMatchObject({
      operation: { operationId: 'checks/list-for-ref' },
      pathParams: { owner: 'acme', repo: 'shop', ref: 'heads/main' },
    });
    const encoded = api.checkRequest({
      method: 'GET',
      path: '/repos/acme/shop/commits/heads%2Fmain/check-runs',
      query: none,
      body: undefined,
    });
    expect(encoded.pathParams.ref).toBe('heads/main');
    expect(encoded.problems).toEqual([]);
    expect(api.find('GET', '/repos/acme/shop/deployments/12/statuses').operation?.operationId).toBe(
      'repos/list-deployment-statuses',
    );
    expect(api.find('DELETE', '/repos/acme/shop/check-runs')).toEqual({ pathParams: {}, allowed: ['POST'] });
  });

  it('coerces query strings to their types without changing them, and rejects what does not fit', async () => {
    const api = await loadGitHubOpenApi();
    const query = new URLSearchParams('per_page=100&page=2&environment=Preview');
    const fine = api.checkRequest({
      method: 'GET',
      path: '/repos/acme/shop/deployments',
      query,
      body: undefined,
    });
    expect(fine.status).toBeUndefined();
    expect(query.get('per_page')).toBe('100');
    const wrong = api.checkRequest({
      method: 'GET',
      path: '/repos/acme/shop/deployments',
      query: new URLSearchParams('per_page=many'),
      body: undefined,
    });
    expect(wrong.problems).toEqual([
      { where: 'query.per_page', message: `For 'properties/per_page', "many" is not an integer.` },
    ]);
  });

  it('a missing body, and a body sent to an operation that takes none', async () => {
    const api = await loadGitHubOpenApi();
    const missing = api.checkRequest({
      method: 'POST',
      path: '/repos/acme/shop/check-runs',
      query: none,
      body: undefined,
    });
    expect(missing.problems.map((p) => p.message)).toEqual(["For 'links/0/schema', nil is not an object."]);
    const unwanted = api.checkRequest({
      method: 'PUT',
      path: '/repos/acme/shop/immutable-releases',
      query: none,
      body: { enabled: true },
    });
    expect(unwanted.problems).toEqual([
      { where: 'body.enabled', message: '"enabled" is not a permitted key.' },
    ]);
  });

  it('checks the simulator’s responses against GitHub’s response schemas', async () => {
    const api = await loadGitHubOpenApi();
    const problems = api.checkResponse('checks/get', 200, { id: 1, name: 'x' });
    expect(problems?.map((p) => p.message)).toContain(`"head_sha" wasn't supplied.`);
    expect(api.checkResponse('pulls/create', 201, {})).toBeUndefined();
  });
});

describe('indexing and normalising a description', () => {
  it('merges path-level parameters, keeps JSON bodies, and names the docs', () => {
    const operations = indexOperations({
      paths: {
        '/things/{id}': {
          parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'integer' } }],
          patch: {
            operationId: 'things/update',
            externalDocs: { url: 'https://docs.example/things#update' },
            'x-github': { category: 'things', subcategory: 'core' },
            parameters: [{ name: 'dry_run', in: 'query', schema: { type: 'boolean', description: 'no-op' } }],
            requestBody: {
              required: true,
              content: {
                'application/json': { schema: { type: 'object', properties: { title: { type: 'string' } } } },
              },
            },
          },
        },
      },
    });
    expect(operations).toEqual([
      {
        method: 'PATCH',
        template: '/things/{id}',
        operationId: 'things/update',
        category: 'things',
        subcategory: 'core',
        documentationUrl: 'https://docs.example/things#update',
        parameters: [
          { name: 'id', in: 'path', required: true, schema: { type: 'integer' }, multiSegment: false },
          { name: 'dry_run', in: 'query', required: false, schema: { type: 'boolean' }, multiSegment: false },
        ],
        requestBody: { required: true, json: { type: 'object', properties: { title: { type: 'string' } } } },
        responses: undefined,
      },
    ]);
    const api = new GitHubOpenApi(operations, { source: 'spec', ms: 0 });
    const check = api.checkRequest({
      method: 'PATCH',
      path: '/things/7',
      query: new URLSearchParams('dry_run=true'),
      body: { title: 3 },
    });
    expect(check.problems).toEqual([
      { where: 'body.title', message: `For 'properties/title', 3 is not a string.` },
    ]);
  });

  it('drops annotations but keeps properties named like them, and makes nullable Ajv-safe', () => {
    expect(
      normaliseSchema({
        type: 'object',
        description: 'a run',
        title: 'Run',
        example: {},
        properties: { title: { type: 'string', description: 'x' }, description: { type: 'string' } },
      }),
    ).toEqual({ type: 'object', properties: { title: { type: 'string' }, description: { type: 'string' } } });
    expect(normaliseSchema({ nullable: true, allOf: [{ type: 'object' }] })).toEqual({
      anyOf: [{ type: 'null' }, { allOf: [{ type: 'object' }] }],
    });
    expect(normaliseSchema({ type: 'string', nullable: true, enum: ['a'] })).toEqual({
      type: 'string',
      nullable: true,
      enum: ['a', null],
    });
    expect(normaliseSchema({ nullable: true })).toEqual({});
  });
});
