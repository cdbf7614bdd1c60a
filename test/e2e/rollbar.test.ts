import { describe, expect, it } from 'vitest';
import { runBundle, visibleLog } from '../support/run-bundle.js';
import { shaSeries, useWorld } from '../support/world.js';

// Rollbar deploys and alert items from the bundle, run as the runner runs it, against the simulated Rollbar.
const world = useWorld({
  beforeEach: (world) => {
    world.app.setMode('healthy');
    world.app.clearRequests();
  },
});

const nextSha = shaSeries('e2');
const deploysOf = (sha: string) => [...world.rollbar.deploys.values()].filter((d) => d.revision === sha);
const itemsOf = (sha: string) =>
  world.rollbar.itemData().filter((item) => JSON.stringify(item).includes(sha));
async function gate(inputs: Record<string, string> = {}) {
  const sha = nextSha();
  const run = await runBundle({
    inputs: {
      'deployment-url': world.app.url,
      sha,
      'health-timeout': '4s',
      'rollbar-token': world.rollbar.token,
      'rollbar-endpoint': world.rollbar.url,
      ...inputs,
    },
    env: world.runnerEnv(),
  });
  return { run, sha };
}

describe('Rollbar from the bundle', () => {
  it('a healthy deployment: one deploy, started then succeeded, and no items', async () => {
    const { run, sha } = await gate();
    expect(run.code).toBe(0);
    const deploys = deploysOf(sha);
    expect(deploys).toHaveLength(1);
    expect(deploys[0]).toMatchObject({
      environment: 'preview',
      status: 'succeeded',
      local_username: 'octocat',
    });
    expect(deploys[0]?.comment).toContain('https://github.com/acme/shop/actions/runs/4242');
    expect(itemsOf(sha)).toHaveLength(0);
    expect(run.summary).toMatch(/✅[^\n]*Rollbar/);
  });

  it('a database outage: the deploy failed, one critical item per triggered rule, fingerprints stable across runs', async () => {
    world.app.setMode('unhealthy');
    const first = await gate({ 'rollbar-environment': 'staging' });
    expect(first.run.code).toBe(1);
    expect(deploysOf(first.sha)[0]).toMatchObject({ environment: 'staging', status: 'failed' });
    const items = itemsOf(first.sha);
    const database = items.find((item) => JSON.stringify(item).includes('database_connection_failure'));
    expect(database).toMatchObject({ level: 'critical', environment: 'staging' });
    expect(String(database?.title)).toContain('Database Connection Failure');

    const second = await gate({ 'rollbar-environment': 'staging' });
    const again = itemsOf(second.sha).find((item) =>
      JSON.stringify(item).includes('database_connection_failure'),
    );
    expect(again?.fingerprint).toBe(database?.fingerprint);
  });

  it('sends the Rollbar token to Rollbar only, and no secret in any payload', async () => {
    world.app.setMode('unhealthy');
    const { run } = await gate({
      'protection-bypass': world.bypassSecret,
      headers: 'X-Api-Key: rollbar-e2e-header-secret',
    });
    expect(world.app.requests.some((r) => JSON.stringify(r.headers).includes(world.rollbar.token))).toBe(
      false,
    );
    const payloads = JSON.stringify(world.rollbar.requests.map((r) => r.body));
    for (const secret of [world.bypassSecret, 'rollbar-e2e-header-secret', world.rollbar.token]) {
      expect(payloads).not.toContain(secret);
    }
    expect(visibleLog(run)).not.toContain(world.rollbar.token);
  });

  it('a Rollbar outage changes nothing but a warning', async () => {
    world.rollbar.failNext(50, 500);
    try {
      const { run, sha } = await gate();
      expect(run.code).toBe(0);
      expect(run.outputs.status).toBe('healthy');
      expect(deploysOf(sha)).toHaveLength(0);
      const warnings = visibleLog(run)
        .split('\n')
        .filter((line) => line.startsWith('::warning') && /Rollbar/.test(line));
      expect(warnings).toHaveLength(1);
    } finally {
      world.rollbar.clearFaults();
    }
  });

  it('a wrong token: one warning naming the scope; the optional checklist item fails, degraded at worst', async () => {
    const { run } = await gate({ 'rollbar-token': 'not-the-rollbar-token' });
    expect(run.code).toBe(0);
    expect(run.outputs).toMatchObject({ status: 'degraded', reason: 'checklist' });
    expect(visibleLog(run)).toMatch(/::warning[^\n]*post_server_item/);
    expect(run.summary).toMatch(/Rollbar accepted the deploy[^\n]*401/);
  });

  it('a wait that times out records the deploy as timed_out', async () => {
    const sha = nextSha();
    world.deploy({ sha, buildMs: 60_000 });
    const run = await runBundle({
      inputs: {
        ...world.vercelInputs({ sha }),
        'wait-timeout': '2s',
        'rollbar-token': world.rollbar.token,
        'rollbar-endpoint': world.rollbar.url,
      },
      env: world.runnerEnv(),
    });
    expect(run.outputs.reason).toBe('wait-timeout');
    expect(deploysOf(sha)).toEqual([expect.objectContaining({ status: 'timed_out' })]);
  });
});
