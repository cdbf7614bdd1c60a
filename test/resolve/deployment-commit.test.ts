import { describe, expect, it } from 'vitest';
import { withDeploymentCommit } from '../../src/resolve/index.js';
import type { InputName } from '../../src/settings/inputs.js';
import { contextFor, OTHER_SHA, SHA, settingsFrom, useVercelSim } from './harness.js';

// A recheck of a named deployment reports on that deployment's commit, not on the branch head the
// workflow was started on (GITHUB_SHA, here `bbbb…`).
const TOKEN = 'vercel-token-commit-0123456789';
const { sim, h } = useVercelSim({ token: TOKEN });

const pin = (inputs: Partial<Record<InputName, string>>, event = 'workflow_dispatch') =>
  withDeploymentCommit(
    settingsFrom({ 'vercel-token': TOKEN, 'vercel-api-url': sim.url, ...inputs }),
    contextFor({ name: event }),
    h.deps,
  );

describe('withDeploymentCommit', () => {
  it('takes the commit of a deployment named by id, whatever the event', async () => {
    const d = sim.addDeployment({ project: 'web', sha: SHA });
    expect((await pin({ 'deployment-url': d.id }, 'push')).sha).toBe(SHA);
    expect(h.deps.logger.text()).toContain(`Deployment ${d.id} is of commit ${SHA.slice(0, 7)}`);
  });

  it('takes the commit of a Vercel host on a manual or scheduled run, not on a push', async () => {
    sim.addDeployment({ project: 'web', sha: SHA, url: 'web-abc-acme.vercel.app' });
    const url = 'https://web-abc-acme.vercel.app';
    expect((await pin({ 'deployment-url': url }, 'workflow_dispatch')).sha).toBe(SHA);
    expect((await pin({ 'deployment-url': url }, 'schedule')).sha).toBe(SHA);
    const before = sim.requests.length;
    expect((await pin({ 'deployment-url': url }, 'push')).sha).toBeUndefined();
    expect(sim.requests.length).toBe(before);
  });

  it('leaves the given sha, an unknown host and a failing API alone', async () => {
    const d = sim.addDeployment({ project: 'web', sha: SHA });
    expect((await pin({ 'deployment-url': d.id, sha: OTHER_SHA })).sha).toBe(OTHER_SHA);
    expect((await pin({ 'deployment-url': 'https://shop.example.com' })).sha).toBeUndefined();
    sim.failNext(50, { status: 503 });
    const started = Date.now();
    const pinned = await pin({ 'deployment-url': d.id, 'request-timeout': '1s' });
    expect(pinned.sha).toBeUndefined();
    // One request's worth of time, not the wait-timeout, and a warning that says what the reports will use.
    expect(Date.now() - started).toBeLessThan(3_000);
    expect(h.deps.logger.warnings()).toEqual([
      expect.stringMatching(/^Could not learn the commit of deployment dpl_\w+ in time .*Pass `sha`/),
    ]);
  });
});
