import { CreateDeploymentCheckRunResponseBody1$inboundSchema } from '@vercel/sdk/models/createdeploymentcheckrunop.js';
import {
  GetProjectLastAliasRequest$inboundSchema,
  GetProjectTargets$inboundSchema,
} from '@vercel/sdk/models/getprojectfrompreset.js';
import { ListDeploymentCheckRunsRuns1$inboundSchema } from '@vercel/sdk/models/listdeploymentcheckrunsop.js';
import { ListProjectChecksResponseBody$inboundSchema } from '@vercel/sdk/models/listprojectchecksop.js';
import { UpdateDeploymentCheckRunResponseBody1$inboundSchema } from '@vercel/sdk/models/updatedeploymentcheckrunop.js';
import { request } from 'undici';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { deployment, startWorld, TOKEN, type World } from './support.js';

// The simulator is only as good as its likeness to Vercel: what it accepts and what it answers are held to
// Vercel's own models, the zod schemas `@vercel/sdk` validates requests and responses with.

let world: World;
beforeEach(async () => {
  world = await startWorld();
});
afterEach(async () => {
  await world.close();
});

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
