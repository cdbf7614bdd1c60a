import { GetDeploymentsResponseBody$inboundSchema } from '@vercel/sdk/models/getdeploymentsop.js';
import {
  GetProjectLastAliasRequest$inboundSchema,
  GetProjectRollbackDescription$inboundSchema,
} from '@vercel/sdk/models/getprojectfrompreset.js';
import { ListPromoteAliasesResponseBody2$inboundSchema } from '@vercel/sdk/models/listpromotealiasesop.js';
import { request } from 'undici';
import { describe, expect, it } from 'vitest';
import { settle } from '../../support/world.js';
import { deployment, TOKEN, useVercelGateWorld } from './support.js';

// The simulator's production history, held to Vercel's response models: what the gate reads to choose a
// rollback target and to learn whether a rollback paused automatic assignment.
const world = useVercelGateWorld({ lawfulApis: true });

async function call(method: 'GET' | 'POST', path: string) {
  const response = await request(`${world.sim.url}${path}`, {
    method,
    headers: { authorization: `Bearer ${TOKEN}` },
  });
  const text = await response.body.text();
  return { status: response.statusCode, data: text ? (JSON.parse(text) as Record<string, unknown>) : {} };
}

describe('simulated production history', () => {
  it('records a rollback as Vercel does, pauses automatic assignment until a promotion, and lists its aliases', async () => {
    const { sim } = world;
    const a = deployment(sim, { target: 'production', agoMs: 60_000 });
    const b = deployment(sim, { target: 'production', agoMs: 30_000 });
    sim.production.byHand('rollback', a);
    await settle(200);

    const project = (await call('GET', `/v9/projects/${a.project.id}`)).data;
    expect(GetProjectLastAliasRequest$inboundSchema.parse(project.lastAliasRequest)).toMatchObject({
      type: 'rollback',
      fromDeploymentId: b.id,
      toDeploymentId: a.id,
      jobStatus: 'succeeded',
    });
    expect(GetProjectRollbackDescription$inboundSchema.parse(project.rollbackDescription)).toMatchObject({
      description: 'rolled back by hand',
    });
    // A new automatic production build does not take production while the rollback stands.
    const c = deployment(sim, { target: 'production', agoMs: 0 });
    expect(sim.production.current('shop')?.id).toBe(a.id);
    expect(sim.production.paused('shop')).toBe(true);

    sim.production.byHand('promote', c);
    const inFlight = (await call('GET', `/v1/projects/${a.project.id}/promote/aliases`)).data;
    expect(ListPromoteAliasesResponseBody2$inboundSchema.parse(inFlight).aliases).toEqual([
      expect.objectContaining({ alias: 'shop.vercel.app', status: 'pending' }),
    ]);
    await settle(200);
    const done = (await call('GET', `/v1/projects/${a.project.id}/promote/aliases?limit=20`)).data;
    expect(ListPromoteAliasesResponseBody2$inboundSchema.parse(done).aliases[0]?.status).toBe('completed');
    const after = (await call('GET', `/v9/projects/${a.project.id}`)).data;
    expect(after.rollbackDescription).toBeUndefined();
    expect(sim.production.paused('shop')).toBe(false);
    expect(sim.production.rolledBackFrom('shop')).toEqual([b.id]);
  });

  it('pages the deployment list newest first: `until` = the previous page’s `pagination.next`', async () => {
    const { sim } = world;
    const made = Array.from({ length: 7 }, (_, i) =>
      deployment(sim, { target: 'production', staged: true, agoMs: 10_000 - i * 100 }),
    );
    const seen: string[] = [];
    let until: number | null | undefined;
    for (let page = 0; page < 5; page++) {
      const query = `projectId=${made[0]?.project.id}&target=production&state=READY&limit=3${until ? `&until=${until}` : ''}`;
      const body = GetDeploymentsResponseBody$inboundSchema.parse(
        (await call('GET', `/v6/deployments?${query}`)).data,
      );
      seen.push(...body.deployments.map((d) => d.uid));
      until = body.pagination.next;
      if (!until) break;
    }
    expect(seen).toEqual(made.map((d) => d.id).reverse());
  });

  it('can carry a write out and then lose its answer', async () => {
    const { sim } = world;
    deployment(sim, { target: 'production', agoMs: 60_000 });
    const staged = deployment(sim, { target: 'production', staged: true, agoMs: 1_000 });
    sim.failNext(1, { status: 502, method: 'POST', path: '/promote/', afterHandling: true });

    const answer = await call('POST', `/v10/projects/${staged.project.id}/promote/${staged.id}`);
    await settle(200);

    expect(answer.status).toBe(502);
    expect(sim.production.requests).toHaveLength(1);
    expect(sim.production.current('shop')?.id).toBe(staged.id);
  });
});
