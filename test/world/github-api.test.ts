import { getOctokit } from '@actions/github';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type GitHubSim, startGitHubApi } from './github-api.js';

const SHA = 'a1b2c3d4e5f60718293a4b5c6d7e8f9012345678';
const OTHER_SHA = 'ffffeeeeddddccccbbbbaaaa9999888877776666';
const repo = { owner: 'acme', repo: 'shop' };

let sim: GitHubSim;
let octokit: ReturnType<typeof getOctokit>;

beforeEach(async () => {
  sim = await startGitHubApi();
  octokit = getOctokit('ghs_simulated0123456789', { baseUrl: sim.url });
});
afterEach(async () => {
  await sim.close();
});

interface GitHubError {
  status: number;
  response?: { data?: unknown; headers?: Record<string, string> };
}

/** The error a call fails with; fails the test when it succeeds. */
async function rejection(call: Promise<unknown>): Promise<GitHubError & { data: Record<string, unknown> }> {
  try {
    await call;
  } catch (error) {
    const e = error as GitHubError;
    return Object.assign(e, { data: (e.response?.data ?? {}) as Record<string, unknown> });
  }
  throw new Error('expected GitHub to refuse the request');
}

const annotation = (i: number, level: 'notice' | 'warning' | 'failure' = 'warning') => ({
  path: '.github/deployment-health.yml',
  start_line: i + 1,
  end_line: i + 1,
  annotation_level: level,
  message: `rule ${i} triggered`,
});

/** Every response of these calls validates against GitHub's response schema. */
function expectGitHubShape(operationId: string, status: number, body: unknown) {
  expect(sim.openApi.checkResponse(operationId, status, body)).toEqual([]);
}

describe('check runs through Octokit', () => {
  it('create → annotate → complete: GitHub-shaped answers, a state history, no violations', async () => {
    const created = await octokit.rest.checks.create({
      ...repo,
      name: 'Deployment health',
      head_sha: SHA,
      status: 'in_progress',
      started_at: '2026-05-04T01:14:52Z',
      details_url: 'https://github.com/acme/shop/actions/runs/42',
      external_id: 'run-42',
      output: { title: 'Checking', summary: 'Waiting for the deployment', annotations: [annotation(0)] },
    });
    expect(created.status).toBe(201);
    expectGitHubShape('checks/create', 201, created.data);
    const id = created.data.id;
    expect(created.data.html_url).toBe(`https://github.com/acme/shop/runs/${id}`);
    expect(created.data.output.annotations_count).toBe(1);

    const updated = await octokit.rest.checks.update({
      ...repo,
      check_run_id: id,
      output: { title: 'Checking', summary: 'Probing', text: 'details', annotations: [annotation(1)] },
    });
    expectGitHubShape('checks/update', 200, updated.data);

    const completed = await octokit.rest.checks.update({
      ...repo,
      check_run_id: id,
      conclusion: 'failure',
      completed_at: '2026-05-04T01:20:00Z',
      output: { title: 'Unhealthy', summary: 'database: fail', annotations: [annotation(2, 'failure')] },
    });
    expect(completed.data).toMatchObject({
      status: 'completed',
      conclusion: 'failure',
      completed_at: '2026-05-04T01:20:00Z',
      output: { title: 'Unhealthy', summary: 'database: fail', text: 'details', annotations_count: 3 },
    });

    const got = await octokit.rest.checks.get({ ...repo, check_run_id: id });
    expectGitHubShape('checks/get', 200, got.data);
    const listed = await octokit.rest.checks.listForRef({
      ...repo,
      ref: SHA,
      check_name: 'Deployment health',
    });
    expectGitHubShape('checks/list-for-ref', 200, listed.data);
    expect(listed.data.check_runs.map((r) => r.id)).toEqual([id]);
    const annotations = await octokit.rest.checks.listAnnotations({ ...repo, check_run_id: id });
    expectGitHubShape('checks/list-annotations', 200, annotations.data);

    const run = sim.findCheckRun({ name: 'Deployment health', head_sha: SHA });
    expect(run?.history.map((h) => [h.via, h.status, h.conclusion, h.annotationsAdded])).toEqual([
      ['create', 'in_progress', null, 1],
      ['update', 'in_progress', null, 1],
      ['update', 'completed', 'failure', 1],
    ]);
    expect(run).toMatchObject({ external_id: 'run-42', started_at: '2026-05-04T01:14:52Z' });
    expect(sim.violations).toEqual([]);
    expect(() => sim.assertNoViolations()).not.toThrow();
  });

  it('accumulates annotations across updates, as GitHub does, and pages them', async () => {
    const { data } = await octokit.rest.checks.create({
      ...repo,
      name: 'Deployment health',
      head_sha: SHA,
      output: { title: 't', summary: 's', annotations: Array.from({ length: 50 }, (_, i) => annotation(i)) },
    });
    for (const start of [50, 100]) {
      const count = start === 50 ? 50 : 20;
      await octokit.rest.checks.update({
        ...repo,
        check_run_id: data.id,
        output: {
          title: 't',
          summary: 's',
          annotations: Array.from({ length: count }, (_, i) => annotation(start + i)),
        },
      });
    }
    const firstPage = await octokit.rest.checks.listAnnotations({
      ...repo,
      check_run_id: data.id,
      per_page: 100,
    });
    const secondPage = await octokit.rest.checks.listAnnotations({
      ...repo,
      check_run_id: data.id,
      per_page: 100,
      page: 2,
    });
    const lines = [...firstPage.data, ...secondPage.data].map((a) => a.start_line);
    expect(lines).toEqual(Array.from({ length: 120 }, (_, i) => i + 1));
    expect(sim.checkRuns[0]?.annotations).toHaveLength(120);
    const run = await octokit.rest.checks.get({ ...repo, check_run_id: data.id });
    expect(run.data.output.annotations_count).toBe(120);
    sim.assertNoViolations();
  });

  it('GET answers carry an ETag; sending it back gets a 304', async () => {
    const { data } = await octokit.rest.checks.create({ ...repo, name: 'n', head_sha: SHA });
    const first = await octokit.rest.checks.get({ ...repo, check_run_id: data.id });
    const etag = String(first.headers.etag);
    const again = await rejection(
      octokit.rest.checks.get({ ...repo, check_run_id: data.id, headers: { 'if-none-match': etag } }),
    );
    expect(again.status).toBe(304);
    expect(sim.notModifiedCount({ path: '/check-runs/' })).toBe(1);
  });

  it('lists runs of a commit by name and status, newest per name unless filter=all', async () => {
    const old = sim.addCheckRun({ name: 'Deployment health', head_sha: SHA, status: 'in_progress' });
    sim.addCheckRun({ name: 'lint', head_sha: SHA, conclusion: 'success' });
    sim.addCheckRun({ name: 'Deployment health', head_sha: OTHER_SHA, status: 'in_progress' });
    const newer = sim.addCheckRun({ name: 'Deployment health', head_sha: SHA, status: 'queued' });

    const latest = await octokit.rest.checks.listForRef({
      ...repo,
      ref: SHA,
      check_name: 'Deployment health',
    });
    expect(latest.data.check_runs.map((r) => r.id)).toEqual([newer.id]);
    const all = await octokit.rest.checks.listForRef({ ...repo, ref: SHA, filter: 'all' });
    expect(all.data.total_count).toBe(3);
    const running = await octokit.rest.checks.listForRef({
      ...repo,
      ref: SHA,
      status: 'in_progress',
      filter: 'all',
    });
    expect(running.data.check_runs.map((r) => r.id)).toEqual([old.id]);
    sim.assertNoViolations();
  });
});

describe('GitHub refuses what GitHub refuses (422 + a recorded violation)', () => {
  const createBody = { ...repo, name: 'Deployment health', head_sha: SHA };

  it('an unknown conclusion', async () => {
    const { data } = await octokit.rest.checks.create(createBody);
    const error = await rejection(
      octokit.request('PATCH /repos/{owner}/{repo}/check-runs/{check_run_id}', {
        ...repo,
        check_run_id: data.id,
        conclusion: 'passed' as 'success',
      }),
    );
    expect(error.status).toBe(422);
    expect(error.data.message).toMatch(
      /^Invalid request\.\n\nFor 'properties\/conclusion', "passed" is not a member of \[/,
    );
    expect(error.data.documentation_url).toBe('https://docs.github.com/rest/checks/runs#update-a-check-run');
    expect(sim.violations).toEqual([
      expect.objectContaining({
        method: 'PATCH',
        operation: 'checks/update',
        kind: 'invalid',
        status: 422,
        problems: [expect.stringMatching(/^body\.conclusion: .*"passed" is not a member of/)],
      }),
    ]);
    expect(sim.checkRuns[0]?.status).toBe('queued');
  });

  it('a missing required field', async () => {
    const error = await rejection(
      octokit.request('POST /repos/{owner}/{repo}/check-runs', {
        ...repo,
        name: 'Deployment health',
      } as never),
    );
    expect(error.status).toBe(422);
    expect(error.data.message).toBe(`Invalid request.\n\n"head_sha" wasn't supplied.`);
    expect(sim.violations[0]?.problems).toEqual([`body.head_sha: "head_sha" wasn't supplied.`]);
    expect(sim.checkRuns).toHaveLength(0);
  });

  it('an unknown body key where the spec forbids extra keys, but not where it allows them', async () => {
    const error = await rejection(
      octokit.request('POST /repos/{owner}/{repo}/hooks', {
        ...repo,
        config: { url: 'https://example.invalid/hook' },
        secret_sauce: true,
      } as never),
    );
    expect(error.status).toBe(422);
    expect(error.data.message).toBe('Invalid request.\n\n"secret_sauce" is not a permitted key.');
    expect(sim.violations.map((v) => v.operation)).toEqual(['repos/create-webhook']);

    // GitHub's description lets check-run bodies carry other keys, so that is no violation.
    sim.clearViolations();
    const created = await octokit.request('POST /repos/{owner}/{repo}/check-runs', {
      ...createBody,
      secret_sauce: true,
    } as never);
    expect((created as { status: number }).status).toBe(201);
    sim.assertNoViolations();
  });

  it('51 annotations in one request', async () => {
    const error = await rejection(
      octokit.rest.checks.create({
        ...createBody,
        output: {
          title: 't',
          summary: 's',
          annotations: Array.from({ length: 51 }, (_, i) => annotation(i)),
        },
      }),
    );
    expect(error.status).toBe(422);
    expect(error.data.message).toBe(
      'Invalid request.\n\nNo more than 50 items are allowed; 51 were supplied.',
    );
    expect(sim.violations[0]?.problems).toEqual([
      'body.output.annotations: No more than 50 items are allowed; 51 were supplied.',
    ]);
  });

  it('a 70,000-character summary, and a shorter one over 65,535 bytes', async () => {
    const error = await rejection(
      octokit.rest.checks.create({ ...createBody, output: { title: 't', summary: 'x'.repeat(70_000) } }),
    );
    expect(error.status).toBe(422);
    expect(error.data.message).toBe(
      'Invalid request.\n\nOnly 65535 characters are allowed; 70000 were supplied.',
    );

    // 30,000 euro signs are 90,000 UTF-8 bytes: GitHub counts bytes too.
    const bytes = await rejection(
      octokit.rest.checks.create({
        ...createBody,
        output: { title: 't', summary: 's', text: '€'.repeat(30_000) },
      }),
    );
    expect(bytes.status).toBe(422);
    expect(bytes.data).toMatchObject({
      message: 'Validation Failed',
      errors: [
        {
          resource: 'CheckRun',
          code: 'custom',
          field: 'text',
          message: 'text exceeds a maximum bytesize of 65535',
        },
      ],
    });
    expect(sim.violations).toHaveLength(2);
    expect(sim.checkRuns).toHaveLength(0);
  });

  it('a 141-character status description (140 is fine)', async () => {
    const d = sim.addDeployment({ sha: SHA, environment: 'Preview' });
    const post = (description: string) =>
      octokit.rest.repos.createDeploymentStatus({
        ...repo,
        deployment_id: d.id,
        state: 'success',
        description,
      });
    const error = await rejection(post('d'.repeat(141)));
    expect(error.status).toBe(422);
    expect(error.data).toEqual({
      message: 'Validation Failed',
      errors: [
        {
          resource: 'DeploymentStatus',
          code: 'custom',
          field: 'description',
          message: 'description is too long (maximum is 140 characters)',
        },
      ],
      documentation_url: 'https://docs.github.com/rest/deployments/statuses#create-a-deployment-status',
      status: '422',
    });
    expect(sim.violations).toHaveLength(1);
    expect(d.statuses).toHaveLength(0);
    await post('d'.repeat(140));
    expect(d.statuses).toHaveLength(1);

    const commit = await rejection(
      octokit.rest.repos.createCommitStatus({
        ...repo,
        sha: SHA,
        state: 'success',
        description: 'c'.repeat(141),
      }),
    );
    expect(commit.data.errors).toEqual([
      expect.objectContaining({ resource: 'Status', field: 'description' }),
    ]);
  });

  it('completed without a conclusion, in each way GitHub refuses it', async () => {
    const created = await rejection(octokit.rest.checks.create({ ...createBody, status: 'completed' }));
    expect(created.data.message).toBe(`Invalid request.\n\n"conclusion" wasn't supplied.`);

    const { data } = await octokit.rest.checks.create({ ...createBody, status: 'in_progress' });
    const patchStatus = await rejection(
      octokit.rest.checks.update({ ...repo, check_run_id: data.id, status: 'completed' }),
    );
    expect(patchStatus.data.message).toBe('Invalid request.\n\nNo subschema in "anyOf" matched.');
    expect(sim.violations.at(-1)?.problems[0]).toContain(`"conclusion" wasn't supplied.`);

    const patchTime = await rejection(
      octokit.rest.checks.update({ ...repo, check_run_id: data.id, completed_at: '2026-05-04T01:20:00Z' }),
    );
    expect(patchTime.status).toBe(422);
    expect(sim.violations).toHaveLength(3);
    expect(sim.checkRuns[0]?.status).toBe('in_progress');
  });

  it('an update whose output has no title, a bad timestamp, columns across lines', async () => {
    const { data } = await octokit.rest.checks.create(createBody);
    const noTitle = await rejection(
      octokit.rest.checks.update({ ...repo, check_run_id: data.id, output: { summary: 's' } }),
    );
    expect(noTitle.data.message).toBe(`Invalid request.\n\n"title" wasn't supplied.`);
    const badTime = await rejection(
      octokit.rest.checks.update({ ...repo, check_run_id: data.id, started_at: 'yesterday' }),
    );
    expect(badTime.data.message).toContain(`"yesterday" is not a valid date-time.`);
    const columns = await rejection(
      octokit.rest.checks.update({
        ...repo,
        check_run_id: data.id,
        output: {
          title: 't',
          summary: 's',
          annotations: [{ ...annotation(0), end_line: 3, start_column: 2 }],
        },
      }),
    );
    expect(columns.data.message).toBe('Validation Failed');
    expect(sim.violations.map((v) => v.problems.length)).toEqual([1, 1, 1]);
  });

  it('query and path parameters must exist and match their schemas', async () => {
    const badStatus = await rejection(
      octokit.request('GET /repos/{owner}/{repo}/commits/{ref}/check-runs', {
        ...repo,
        ref: SHA,
        status: 'running',
      } as never),
    );
    expect(badStatus.status).toBe(422);
    const unknownQuery = await rejection(
      octokit.request('GET /repos/{owner}/{repo}/deployments', { ...repo, state: 'success' } as never),
    );
    expect(unknownQuery.data.message).toBe('Invalid request.\n\n"state" is not a permitted key.');
    const badId = await rejection(
      octokit.request('GET /repos/{owner}/{repo}/check-runs/{check_run_id}', {
        ...repo,
        check_run_id: 'latest' as never,
      }),
    );
    expect(badId.data.message).toContain(`"latest" is not an integer.`);
    expect(sim.violations.map((v) => v.problems[0]?.split(':')[0])).toEqual([
      'query.status',
      'query.state',
      'path.check_run_id',
    ]);
  });

  it('an operation GitHub does not have is a 404 violation; one the simulator does not serve too', async () => {
    const unknown = await rejection(octokit.request('POST /repos/{owner}/{repo}/check-run', { ...repo }));
    expect(unknown.status).toBe(404);
    const unserved = await rejection(
      octokit.request('GET /repos/{owner}/{repo}/commits/{ref}/status', { ...repo, ref: SHA }),
    );
    expect(unserved.status).toBe(404);
    expect(sim.violations.map((v) => [v.kind, v.operation])).toEqual([
      ['unknown-operation', undefined],
      ['unserved', 'repos/get-combined-status-for-ref'],
    ]);
    expect(() => sim.assertNoViolations()).toThrow(
      /2 request\(s\) GitHub would reject:\n {2}POST \/repos\/acme\/shop\/check-run → 404 unknown-operation/,
    );
  });

  it('a body that is not JSON is a 400', async () => {
    const response = await fetch(`${sim.url}/repos/acme/shop/check-runs`, {
      method: 'POST',
      headers: { authorization: 'token x', 'content-type': 'application/json' },
      body: '{"name": ',
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ message: 'Problems parsing JSON' });
    expect(sim.violations[0]?.status).toBe(400);
  });

  it('401 without authorization, before anything else', async () => {
    const response = await fetch(`${sim.url}/repos/acme/shop/check-runs`, { method: 'POST', body: '{}' });
    expect(response.status).toBe(401);
    expect(sim.violations).toEqual([]);
  });
});

describe('deployments and their statuses', () => {
  it('a success status marks earlier deployments of that environment inactive, unless auto_inactive: false', async () => {
    const older = sim.addDeployment({
      sha: OTHER_SHA,
      environment: 'staging',
      statuses: [{ state: 'success' }],
    });
    const failed = sim.addDeployment({
      sha: OTHER_SHA,
      environment: 'staging',
      statuses: [{ state: 'failure' }],
    });
    const transient = sim.addDeployment({
      sha: OTHER_SHA,
      environment: 'staging',
      transient_environment: true,
      statuses: [{ state: 'success' }],
    });
    const elsewhere = sim.addDeployment({
      sha: OTHER_SHA,
      environment: 'qa',
      statuses: [{ state: 'success' }],
    });

    const created = await octokit.rest.repos.createDeployment({
      ...repo,
      ref: SHA,
      environment: 'staging',
      required_contexts: [],
      auto_merge: false,
      description: 'health gate',
      payload: { gate: 'deployment-health' },
    });
    expect(created.status).toBe(201);
    expectGitHubShape('repos/create-deployment', 201, created.data);
    const id = (created.data as { id: number }).id;
    expect(created.data).toMatchObject({ sha: SHA, environment: 'staging', production_environment: false });

    // auto_inactive: false leaves every other deployment exactly as it was.
    await octokit.rest.repos.createDeploymentStatus({
      ...repo,
      deployment_id: id,
      state: 'success',
      auto_inactive: false,
    });
    expect(older.statuses.map((s) => s.state)).toEqual(['success']);

    const status = await octokit.rest.repos.createDeploymentStatus({
      ...repo,
      deployment_id: id,
      state: 'success',
      environment_url: 'https://shop-abc.vercel.app',
      log_url: 'https://github.com/acme/shop/actions/runs/42',
      description: 'healthy',
    });
    expectGitHubShape('repos/create-deployment-status', 201, status.data);
    expect(status.data).toMatchObject({
      environment_url: 'https://shop-abc.vercel.app',
      log_url: 'https://github.com/acme/shop/actions/runs/42',
      target_url: 'https://github.com/acme/shop/actions/runs/42',
    });
    expect(older.statuses.map((s) => s.state)).toEqual(['inactive', 'success']);
    expect(failed.statuses.map((s) => s.state)).toEqual(['failure']);
    expect(transient.statuses.map((s) => s.state)).toEqual(['success']);
    expect(elsewhere.statuses.map((s) => s.state)).toEqual(['success']);

    const statuses = await octokit.rest.repos.listDeploymentStatuses({ ...repo, deployment_id: id });
    expectGitHubShape('repos/list-deployment-statuses', 200, statuses.data);
    expect(statuses.data.map((s) => s.state)).toEqual(['success', 'success']);
    const one = await octokit.rest.repos.getDeployment({ ...repo, deployment_id: id });
    expectGitHubShape('repos/get-deployment', 200, one.data);
    const list = await octokit.rest.repos.listDeployments({ ...repo, environment: 'staging' });
    expectGitHubShape('repos/list-deployments', 200, list.data);
    expect(list.data.map((d) => d.id)).toEqual([id, transient.id, failed.id, older.id]);
    sim.assertNoViolations();
  });

  it('creating a deployment checks the commit’s contexts (409) unless required_contexts: []', async () => {
    sim.addCheckRun({ name: 'Deployment health', head_sha: SHA, status: 'in_progress' });
    sim.addCommitStatus({ sha: SHA, context: 'Vercel', state: 'success' });
    const conflict = await rejection(
      octokit.rest.repos.createDeployment({ ...repo, ref: SHA, environment: 'Preview' }),
    );
    expect(conflict.status).toBe(409);
    expect(conflict.data).toMatchObject({
      message: `Conflict: Commit status checks failed for ${SHA}.`,
      errors: [
        {
          resource: 'Deployment',
          field: 'required_contexts',
          code: 'invalid',
          contexts: [
            { context: 'Vercel', state: 'success' },
            { context: 'Deployment health', state: 'pending' },
          ],
        },
      ],
    });
    expect(sim.deployments).toHaveLength(0);
    const named = await octokit.rest.repos.createDeployment({
      ...repo,
      ref: SHA,
      environment: 'Preview',
      required_contexts: ['Vercel'],
    });
    expect(named.status).toBe(201);
    expect(sim.violations).toEqual([]);
  });

  it('commit statuses and the repository answer in GitHub’s shape', async () => {
    const created = await octokit.rest.repos.createCommitStatus({
      ...repo,
      sha: SHA,
      state: 'pending',
      context: 'Deployment health',
      target_url: 'https://github.com/acme/shop/actions/runs/42',
    });
    expectGitHubShape('repos/create-commit-status', 201, created.data);
    const listed = await octokit.rest.repos.listCommitStatusesForRef({ ...repo, ref: SHA });
    expectGitHubShape('repos/list-commit-statuses-for-ref', 200, listed.data);
    expect(listed.data.map((s) => s.context)).toEqual(['Deployment health']);
    const repository = await octokit.rest.repos.get({ ...repo });
    expectGitHubShape('repos/get', 200, repository.data);
    expect(repository.data.permissions).toMatchObject({ push: true, pull: true });
    sim.assertNoViolations();
  });
});

describe('failures for the reporters’ tests', () => {
  it('denyPermission answers writes 403 exactly as GitHub does; reads still work', async () => {
    sim.addCheckRun({ name: 'Deployment health', head_sha: SHA, status: 'in_progress' });
    sim.denyPermission('checks');
    const refused = await rejection(
      octokit.rest.checks.create({ ...repo, name: 'Deployment health', head_sha: SHA }),
    );
    expect(refused.status).toBe(403);
    expect(refused.data).toEqual({
      message: 'Resource not accessible by integration',
      // The operation's `externalDocs` in GitHub's description (still the old reference URL for this one).
      documentation_url: 'https://docs.github.com/rest/reference/checks#create-a-check-run',
      status: '403',
    });
    expect(refused.response?.headers?.['x-accepted-github-permissions']).toBe('checks=write');
    const read = await octokit.rest.checks.listForRef({ ...repo, ref: SHA });
    expect(read.data.total_count).toBe(1);
    expect(sim.checkRuns).toHaveLength(1);

    // Other areas are untouched until denied too.
    const d = await octokit.rest.repos.createDeployment({ ...repo, ref: SHA, required_contexts: [] });
    sim.denyPermission('deployments');
    sim.denyPermission('statuses');
    const deploymentId = (d.data as { id: number }).id;
    const statuses = [
      rejection(
        octokit.rest.repos.createDeploymentStatus({ ...repo, deployment_id: deploymentId, state: 'success' }),
      ),
      rejection(octokit.rest.repos.createCommitStatus({ ...repo, sha: SHA, state: 'success' })),
    ];
    expect((await Promise.all(statuses)).map((e) => e.status)).toEqual([403, 403]);
    const repository = await octokit.rest.repos.get({ ...repo });
    expect(repository.data.permissions?.push).toBe(false);

    sim.allowPermission('checks');
    expect((await octokit.rest.checks.create({ ...repo, name: 'x', head_sha: SHA })).status).toBe(201);
    sim.assertNoViolations();
  });

  it('a denied write that is also invalid answers 403 but is still recorded', async () => {
    sim.denyPermission('checks');
    const refused = await rejection(
      octokit.rest.checks.create({ ...repo, name: 'n', head_sha: SHA, conclusion: 'passed' as 'success' }),
    );
    expect(refused.status).toBe(403);
    expect(sim.violations).toHaveLength(1);
  });

  it('failNext: one 502 then success; a secondary rate limit with retry-after', async () => {
    sim.failNext(1, { status: 502, path: '/check-runs' });
    const failed = await rejection(octokit.rest.checks.create({ ...repo, name: 'n', head_sha: SHA }));
    expect(failed.status).toBe(502);
    expect(failed.data).toMatchObject({ message: 'simulated 502' });
    expect((await octokit.rest.checks.create({ ...repo, name: 'n', head_sha: SHA })).status).toBe(201);

    sim.failNext(1, {
      status: 403,
      retryAfter: 7,
      path: /\/check-runs\/\d+$/,
      body: { message: 'You have exceeded a secondary rate limit.' },
    });
    const limited = await rejection(
      octokit.rest.checks.update({ ...repo, check_run_id: sim.checkRuns[0]?.id ?? 0, status: 'in_progress' }),
    );
    expect(limited.status).toBe(403);
    expect(limited.response?.headers?.['retry-after']).toBe('7');
    expect(sim.checkRuns[0]?.history).toHaveLength(1);
    expect(sim.requests.map((r) => r.status)).toEqual([502, 201, 403]);
  });

  it('setLatency keeps requests in flight; one the client abandons is never applied', async () => {
    sim.setLatency(300, { method: 'PATCH' });
    const run = sim.addCheckRun({ name: 'Deployment health', head_sha: SHA, status: 'in_progress' });
    const controller = new AbortController();
    const inFlight = octokit.rest.checks.update({
      ...repo,
      check_run_id: run.id,
      conclusion: 'success',
      request: { signal: controller.signal },
    });
    setTimeout(() => controller.abort(), 50);
    await expect(inFlight).rejects.toThrow();

    const started = Date.now();
    await octokit.rest.checks.update({ ...repo, check_run_id: run.id, conclusion: 'cancelled' });
    expect(Date.now() - started).toBeGreaterThanOrEqual(280);
    await octokit.rest.checks.get({ ...repo, check_run_id: run.id });

    expect(run.history.map((h) => h.conclusion)).toEqual([null, 'cancelled']);
    expect(sim.requests.map((r) => [r.method, r.aborted === true])).toEqual([
      ['PATCH', true],
      ['PATCH', false],
      ['GET', false],
    ]);
    expect(sim.requests[1]?.body).toEqual({ conclusion: 'cancelled' });
    expect(sim.requests[1]?.operation).toBe('checks/update');
  });
});
