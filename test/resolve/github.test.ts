import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { RunContext } from '../../src/model/run-context.js';
import { type GitHub, resolveDeployment } from '../../src/resolve/index.js';
import type { InputName } from '../../src/settings/inputs.js';
import { until } from '../support/until.js';
import { type GitHubSim, startGitHubApi } from '../world/github-api.js';
import {
  contextFor,
  fastPolicy,
  type Harness,
  harness,
  octokitFor,
  ready,
  SHA,
  settingsFrom,
  stopped,
} from './harness.js';

let sim: GitHubSim;
let h: Harness;
let github: GitHub;

beforeEach(async () => {
  sim = await startGitHubApi();
  h = harness();
  github = octokitFor(sim.url);
});
afterEach(async () => {
  h.controller.abort();
  await h.close();
  await sim.close();
});

function resolve(
  inputs: Partial<Record<InputName, string>> = {},
  context: RunContext = contextFor({ sha: SHA }),
  options: { withGitHub?: boolean } = {},
) {
  const settings = settingsFrom({ 'wait-timeout': '10s', 'request-timeout': '2s', ...inputs });
  const gh = options.withGitHub === false ? undefined : github;
  return resolveDeployment({ settings, context, deps: h.deps, github: gh, policy: fastPolicy });
}

const later = (ms: number, action: () => void) => setTimeout(action, ms);

describe('deployment_status events', () => {
  const event = (state: string, extra: Record<string, unknown> = {}, id = 501) =>
    contextFor({
      name: 'deployment_status',
      sha: 'c'.repeat(40),
      payload: {
        deployment_status: {
          state,
          environment_url: 'https://shop-git-feature-acme.vercel.app',
          target_url: 'https://vercel.com/acme/shop/AbC123',
          description: state === 'failure' ? 'Deployment has failed' : 'Deployment has completed',
          ...extra,
        },
        deployment: { id, sha: SHA, environment: 'Preview', production_environment: false },
      },
    });

  it('success: ready at once from the event, no request made', async () => {
    const outcome = ready(await resolve({}, event('success')));
    expect(outcome.deployment).toEqual({
      url: 'https://shop-git-feature-acme.vercel.app',
      sha: SHA,
      environment: 'preview',
      inspectorUrl: 'https://vercel.com/acme/shop/AbC123',
      source: 'deployment_status',
      githubDeploymentId: 501,
      project: undefined,
    });
    expect(outcome.requests).toBe(0);
    expect(sim.requests).toHaveLength(0);
  });

  it('failure: stops as deployment-error with the description and the inspector link', async () => {
    const outcome = stopped(await resolve({}, event('failure')));
    expect(outcome.reason).toBe('deployment-error');
    expect(outcome.message).toContain('Deployment has failed');
    expect(outcome.message).toContain('https://vercel.com/acme/shop/AbC123');
    expect(outcome.deployment).toMatchObject({ sha: SHA, githubDeploymentId: 501 });
  });

  it('pending: waits on the deployment’s statuses, with conditional requests, until success', async () => {
    const d = sim.addDeployment({ sha: SHA, environment: 'Preview', statuses: [{ state: 'pending' }] });
    const pollsOf = () => sim.requests.filter((r) => r.path.endsWith(`/deployments/${d.id}/statuses`));
    // Success arrives after the second poll, however slowly the machine runs: the third poll sees it.
    const success = until(() => pollsOf().length >= 2, 'two polls').then(() =>
      sim.addStatus(d.id, {
        state: 'success',
        environment_url: 'https://shop-abc-acme.vercel.app',
        target_url: 'https://vercel.com/acme/shop/XyZ',
      }),
    );
    const outcome = ready(await resolve({}, event('pending', { environment_url: '' }, d.id)));
    await success;
    expect(outcome.deployment).toMatchObject({
      url: 'https://shop-abc-acme.vercel.app',
      githubDeploymentId: d.id,
      source: 'deployment_status',
    });
    const polls = pollsOf();
    expect(polls.length).toBeGreaterThanOrEqual(3);
    // After the first answer every poll sends the ETag back; unchanged answers are 304s.
    expect(polls.slice(1).every((r) => typeof r.headers['if-none-match'] === 'string')).toBe(true);
    expect(sim.notModifiedCount({ path: '/statuses' })).toBeGreaterThanOrEqual(1);
    expect(outcome.requests).toBe(polls.length);
  });
});

describe('no Vercel token: the GitHub deployments Vercel creates', () => {
  it('finds the commit’s deployment, polls with ETags, and takes environment_url on success', async () => {
    later(300, () => {
      const d = sim.addDeployment({ sha: SHA, environment: 'Preview', statuses: [{ state: 'in_progress' }] });
      later(300, () =>
        sim.addStatus(d.id, { state: 'success', environment_url: 'https://shop-q1w2-acme.vercel.app' }),
      );
    });
    sim.addDeployment({ sha: 'e'.repeat(40), environment: 'Production', statuses: [{ state: 'success' }] });

    const outcome = ready(await resolve());
    expect(outcome.deployment).toMatchObject({
      url: 'https://shop-q1w2-acme.vercel.app',
      sha: SHA,
      environment: 'preview',
      source: 'github-deployments',
    });
    const lists = sim.requests.filter(
      (r) => r.path === '/repos/acme/shop/deployments' && r.query.sha === SHA,
    );
    expect(lists.length).toBeGreaterThanOrEqual(2);
    expect(lists[0]?.headers['if-none-match']).toBeUndefined();
    expect(lists[1]?.headers['if-none-match']).toMatch(/^W\/"[0-9a-f]{40}"$/);
    expect(sim.notModifiedCount()).toBeGreaterThanOrEqual(1);
    expect(h.deps.logger.text()).toMatch(/in_progress/);
    expect(h.deps.logger.text()).toMatch(/success/);
  });

  it('stops as deployment-error when Vercel marks it failed', async () => {
    sim.addDeployment({
      sha: SHA,
      environment: 'Production',
      statuses: [
        { state: 'pending' },
        { state: 'failure', description: 'Build failed', target_url: 'https://vercel.com/acme/shop/F41L' },
      ],
    });
    const outcome = stopped(await resolve());
    expect(outcome.reason).toBe('deployment-error');
    expect(outcome.message).toContain('Build failed');
    expect(outcome.deployment).toMatchObject({
      inspectorUrl: 'https://vercel.com/acme/shop/F41L',
      environment: 'production',
    });
  });

  it('picks the named project in a monorepo ("Preview – web")', async () => {
    sim.addDeployment({
      sha: SHA,
      environment: 'Preview – docs',
      statuses: [{ state: 'success', environment_url: 'https://docs-1.vercel.app' }],
    });
    const web = sim.addDeployment({
      sha: SHA,
      environment: 'Preview – web',
      statuses: [{ state: 'success', environment_url: 'https://web-1.vercel.app' }],
    });
    sim.addDeployment({
      sha: SHA,
      environment: 'Preview – docs',
      statuses: [{ state: 'success', environment_url: 'https://docs-2.vercel.app' }],
    });
    const outcome = ready(await resolve({ 'vercel-project': 'web' }));
    expect(outcome.deployment).toMatchObject({
      url: 'https://web-1.vercel.app',
      githubDeploymentId: web.id,
      project: 'web',
    });

    const ambiguous = stopped(await resolve());
    expect(ambiguous.reason).toBe('config');
    expect(ambiguous.message).toMatch(/`docs`, `web`|`web`, `docs`/);
  });

  it('says at once that nothing can be found when Vercel never created GitHub deployments here', async () => {
    sim.addDeployment({ sha: SHA, environment: 'github-pages', creator: 'github-actions[bot]' });
    const started = Date.now();
    const outcome = stopped(await resolve());
    expect(outcome.reason).toBe('not-found');
    expect(Date.now() - started).toBeLessThan(1000);
    expect(outcome.message).toMatch(/deployment-url.*vercel-token/);
  });

  it('keeps polling within wait-timeout while the commit has no deployment yet', async () => {
    sim.addDeployment({ sha: 'e'.repeat(40), environment: 'Preview', statuses: [{ state: 'success' }] });
    const outcome = stopped(await resolve({ 'wait-timeout': '600ms' }));
    expect(outcome.reason).toBe('wait-timeout');
    expect(outcome.message).toMatch(/no GitHub deployment for commit a1b2c3d had appeared/);
    expect(sim.notModifiedCount({ path: '/deployments' })).toBeGreaterThanOrEqual(2);
  });

  it('waits out a GitHub rate limit (403 with Retry-After) and explains a 403 without one', async () => {
    sim.failNext(1, {
      status: 403,
      retryAfter: 1,
      path: '/deployments',
      body: { message: 'secondary rate limit' },
    });
    sim.addDeployment({
      sha: SHA,
      environment: 'Preview',
      statuses: [{ state: 'success', environment_url: 'https://shop-rl.vercel.app' }],
    });
    ready(await resolve());
    const [first, second] = sim.requests;
    expect(first?.status).toBe(403);
    expect((second?.at ?? 0) - (first?.at ?? 0)).toBeGreaterThanOrEqual(950);

    sim.failNext(1, {
      status: 403,
      path: '/deployments',
      body: { message: 'Resource not accessible by integration' },
    });
    const refused = stopped(await resolve());
    expect(refused.reason).toBe('config');
    expect(refused.message).toMatch(/deployments: read/);
  });

  it('retries GitHub 5xx answers', async () => {
    sim.failNext(2, { status: 502, path: '/deployments' });
    sim.addDeployment({
      sha: SHA,
      environment: 'Preview',
      statuses: [{ state: 'success', environment_url: 'https://shop-5xx.vercel.app' }],
    });
    ready(await resolve());
    expect(sim.requests.slice(0, 3).map((r) => r.status)).toEqual([502, 502, 200]);
  });
});

describe('nothing to go on', () => {
  it('stops as not-found naming the inputs to set', async () => {
    const outcome = stopped(await resolve({}, contextFor({ name: 'push', sha: SHA }), { withGitHub: false }));
    expect(outcome.reason).toBe('not-found');
    expect(outcome.message).toContain('`deployment-url`');
    expect(outcome.message).toContain('`vercel-token`');
    expect(outcome.message).toContain('`push`');
    expect(outcome.requests).toBe(0);
  });

  it('a deployment-url without token is ready at once, even a local one', async () => {
    const outcome = ready(
      await resolve({ 'deployment-url': 'http://127.0.0.1:4567/base/' }, contextFor({ sha: SHA })),
    );
    expect(outcome.deployment).toEqual({
      url: 'http://127.0.0.1:4567/base',
      sha: SHA,
      environment: 'preview',
      source: 'input',
    });
    expect(outcome.requests).toBe(0);
    expect(sim.requests).toHaveLength(0);
  });
});
