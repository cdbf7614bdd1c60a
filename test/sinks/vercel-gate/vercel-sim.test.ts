import { CreateDeploymentCheckRunResponseBody1$inboundSchema } from '@vercel/sdk/models/createdeploymentcheckrunop.js';
import {
  GetProjectLastAliasRequest$inboundSchema,
  GetProjectTargets$inboundSchema,
} from '@vercel/sdk/models/getprojectfrompreset.js';
import { ListDeploymentCheckRunsRuns1$inboundSchema } from '@vercel/sdk/models/listdeploymentcheckrunsop.js';
import { ListProjectChecksResponseBody$inboundSchema } from '@vercel/sdk/models/listprojectchecksop.js';
import { UpdateDeploymentCheckRunResponseBody1$inboundSchema } from '@vercel/sdk/models/updatedeploymentcheckrunop.js';
import { request } from 'undici';
import { describe, expect, it } from 'vitest';
import { deployment, SHA, TOKEN, useVercelGateWorld } from './support.js';

// The simulator is only as good as its likeness to Vercel: what it accepts and what it answers are held to
// Vercel's own models, the zod schemas `@vercel/sdk` validates requests and responses with.

const world = useVercelGateWorld();

async function call(method: 'GET' | 'POST' | 'PATCH', path: string, body?: unknown) {
  const response = await request(`${world.sim.url}${path}`, {
    method,
    headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.body.text();
  return { status: response.statusCode, data: text ? (JSON.parse(text) as unknown) : undefined };
}

describe('simulated Vercel API, judged by @vercel/sdk', () => {
  it("rejects and records what Vercel's request models reject", async () => {
    const { sim } = world;
    const d = deployment(sim, { target: 'production', staged: true });
    const check = sim.checks.add('shop', { name: 'Deployment health' });
    const created = await call('POST', `/v2/deployments/${d.id}/check-runs`, { checkId: check.id });
    const runId = (created.data as { id: string }).id;

    // GitHub's word for it, not Vercel's; and a field Vercel does not have.
    const wrongWord = await call('PATCH', `/v2/deployments/${d.id}/check-runs/${runId}`, {
      status: 'completed',
      conclusion: 'success',
    });
    const unknownField = await call('PATCH', `/v2/deployments/${d.id}/check-runs/${runId}`, {
      status: 'running',
      detailsUrl: 'https://example.com',
    });
    const withBody = await call('POST', `/v10/projects/${d.project.id}/promote/${d.id}`, { force: true });

    expect([wrongWord.status, unknownField.status, withBody.status]).toEqual([400, 400, 400]);
    expect(sim.violations.map((v) => v.operation)).toEqual([
      'updateDeploymentCheckRun',
      'updateDeploymentCheckRun',
      'requestPromote',
    ]);
    expect(sim.violations[0]?.problems.join()).toMatch(/body\.conclusion: Invalid enum value/);
    expect(sim.violations[1]?.problems.join()).toMatch(/Unrecognized key\(s\) in object: 'detailsUrl'/);
    expect(() => sim.assertNoViolations()).toThrow(/3 request\(s\) Vercel's request models reject/);
    // Nothing was changed by the rejected requests.
    expect(sim.checks.runsOf(d)[0]?.status).toBe('queued');
    expect(sim.production.requests).toEqual([]);
  });

  it('judges the deployment endpoints the resolver uses too, reading query text as the model types it', async () => {
    const { sim } = world;
    const d = deployment(sim, { target: 'preview' });
    sim.addEnv('shop', { key: 'DATABASE_URL', target: ['preview'], value: 'postgres://db' });

    // What the action sends: numbers and flags travel as query text and are read back as the SDK types them.
    const good = await Promise.all([
      call('GET', `/v6/deployments?projectId=shop&sha=${SHA}&target=preview&limit=20`),
      call('GET', `/v13/deployments/${d.id}`),
      call('GET', `/v13/deployments/${d.url}`),
      call('GET', `/v3/deployments/${d.id}/events?builds=1&direction=backward&limit=30`),
      call('GET', '/v10/projects/shop/env?decrypt=false'),
    ]);
    // The followed stream is newline-delimited JSON, not one document.
    const stream = await request(`${sim.url}/v3/deployments/${d.id}/events?follow=1&builds=1`, {
      headers: { authorization: `Bearer ${TOKEN}` },
    });
    const lines = (await stream.body.text()).trim().split('\n');
    expect(good.map((answer) => answer.status)).toEqual([200, 200, 200, 200, 200]);
    expect([stream.statusCode, lines.length > 1]).toEqual([200, true]);
    sim.assertNoViolations();

    const bad = await Promise.all([
      call('GET', '/v6/deployments?projectId=shop&limit=twenty'),
      call('GET', `/v13/deployments/${d.id}?withLogs=1`),
      call('GET', `/v3/deployments/${d.id}/events?direction=sideways&limit=5`),
      call('GET', '/v10/projects/shop/env?decrypt=yes'),
    ]);
    expect(bad.map((answer) => answer.status)).toEqual([400, 400, 400, 400]);
    expect(sim.violations.map((v) => [v.operation, v.problems.join('; ')])).toEqual([
      ['getDeployments', expect.stringMatching(/^request\.limit: Expected number, received string/)],
      ['getDeployment', expect.stringMatching(/Unrecognized key\(s\) in object: 'withLogs'/)],
      ['getDeploymentEvents', expect.stringMatching(/^request\.direction: Invalid enum value/)],
      ['filterProjectEnvs', expect.stringMatching(/^request\.decrypt: Invalid enum value/)],
    ]);
  });

  it('answers in the shapes the SDK parses', async () => {
    const { sim } = world;
    const previous = deployment(sim, { target: 'production', agoMs: 60_000 });
    const staged = deployment(sim, { target: 'production', staged: true, agoMs: 1_000 });
    const check = sim.checks.add('shop', { name: 'Deployment health', autoRuns: true });

    const checks = await call('GET', '/v2/projects/shop/checks');
    expect(ListProjectChecksResponseBody$inboundSchema.safeParse(checks.data).error?.issues).toBeUndefined();

    const runs = await call('GET', `/v2/deployments/${staged.id}/check-runs`);
    const listed = (runs.data as { runs: unknown[] }).runs;
    expect(listed).toHaveLength(1);
    for (const run of listed) {
      expect(ListDeploymentCheckRunsRuns1$inboundSchema.safeParse(run).error?.issues).toBeUndefined();
    }
    const created = await call('POST', `/v2/deployments/${staged.id}/check-runs`, { checkId: check.id });
    expect(
      CreateDeploymentCheckRunResponseBody1$inboundSchema.safeParse(created.data).error?.issues,
    ).toBeUndefined();
    const id = (created.data as { id: string }).id;
    const updated = await call('PATCH', `/v2/deployments/${staged.id}/check-runs/${id}`, {
      status: 'completed',
      conclusion: 'succeeded',
      conclusionText: 'Healthy: The deployment is healthy.',
      externalUrl: 'https://github.com/acme/shop/runs/1',
    });
    expect(
      UpdateDeploymentCheckRunResponseBody1$inboundSchema.safeParse(updated.data).error?.issues,
    ).toBeUndefined();

    expect((await call('POST', `/v10/projects/${staged.project.id}/promote/${staged.id}`)).status).toBe(201);
    const project = (await call('GET', '/v9/projects/shop')).data as {
      targets: { production: unknown };
      lastAliasRequest: unknown;
    };
    expect(
      GetProjectTargets$inboundSchema.safeParse(project.targets.production).error?.issues,
    ).toBeUndefined();
    expect(
      GetProjectLastAliasRequest$inboundSchema.safeParse(project.lastAliasRequest).error?.issues,
    ).toBeUndefined();
    expect(project.lastAliasRequest).toMatchObject({
      type: 'promote',
      jobStatus: 'in-progress',
      fromDeploymentId: previous.id,
      toDeploymentId: staged.id,
    });
    sim.assertNoViolations();
  });

  it('says which production deployments are staged and which have served production', async () => {
    const { sim } = world;
    const live = deployment(sim, { target: 'production', agoMs: 1_000 });
    const staged = deployment(sim, { target: 'production', staged: true });
    const detail = async (id: string) => (await call('GET', `/v13/deployments/${id}`)).data;

    expect(await detail(live.id)).toMatchObject({ readySubstate: 'PROMOTED', autoAssignCustomDomains: true });
    expect(await detail(staged.id)).toMatchObject({
      readySubstate: 'STAGED',
      autoAssignCustomDomains: false,
    });
  });
});
