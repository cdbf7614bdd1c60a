import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import type { InputName } from '../../src/settings/inputs.js';
import {
  contextFor,
  ready,
  resolveThroughVercel,
  SHA,
  stopped,
  useVercelSim,
  VERCEL_TOKEN,
} from './harness.js';

const { sim, h } = useVercelSim();

const resolve = (inputs: Partial<Record<InputName, string>> = {}, context = contextFor({ sha: SHA })) =>
  resolveThroughVercel({ sim, h }, inputs, { context });

const build = (readyAfterMs: number) => [
  { state: 'QUEUED' as const, afterMs: 0 },
  { state: 'BUILDING' as const, afterMs: Math.round(readyAfterMs / 3) },
  { state: 'READY' as const, afterMs: readyAfterMs },
];

describe('Vercel API: waiting through the events stream', () => {
  it('follows QUEUED → BUILDING → READY with a handful of requests and acts on READY at once', async () => {
    const d = sim.addDeployment({ project: 'web', sha: SHA, timeline: build(900) });
    const outcome = ready(await resolve());

    expect(outcome.deployment).toMatchObject({
      url: `https://${d.url}`,
      id: d.id,
      sha: SHA,
      environment: 'preview',
      inspectorUrl: d.inspectorUrl,
      source: 'vercel-api',
      project: 'web',
    });
    // list + stream + one confirmation
    expect(outcome.requests).toBe(3);
    expect(sim.requestCount()).toBe(3);
    expect(outcome.waitedMs).toBeGreaterThanOrEqual(850);
    expect(outcome.waitedMs).toBeLessThan(1400);

    const stream = sim.requests.find((r) => r.path.endsWith('/events'));
    expect(stream?.query).toMatchObject({ follow: '1', builds: '1' });
    expect(stream?.headers.authorization).toBe(`Bearer ${VERCEL_TOKEN}`);
    const list = sim.requests.find((r) => r.path === '/v6/deployments');
    expect(list?.query).toMatchObject({ projectId: 'web', sha: SHA });

    // One log line per state, not one per event or poll.
    const states = h.deps.logger.lines
      .filter((l) => l.message.includes(d.id))
      .map((l) => l.message.split(': ').pop());
    expect(states).toEqual(['QUEUED', 'BUILDING', 'READY']);
  });

  it('reopens a stream that breaks and still sees READY', async () => {
    sim.breakEventsStream(2);
    sim.addDeployment({ project: 'web', sha: SHA, timeline: build(600) });
    const outcome = ready(await resolve());
    expect(sim.requestCount({ path: '/events' })).toBeGreaterThanOrEqual(2);
    expect(outcome.requests).toBeLessThan(15);
  });
});

describe('Vercel API: polling when the stream is refused', () => {
  it('polls GET /v13/deployments/{id} with backoff until READY', async () => {
    sim.refuseEventsStream(404);
    const d = sim.addDeployment({ project: 'web', sha: SHA, timeline: build(900) });
    const outcome = ready(await resolve());
    expect(outcome.deployment.id).toBe(d.id);
    const polls = sim.requestCount({ path: '/v13/deployments/' });
    // 50 ms growing to 200 ms: about 7 polls for a 0.9 s build, never a storm.
    expect(polls).toBeGreaterThanOrEqual(4);
    expect(polls).toBeLessThanOrEqual(12);
    expect(outcome.requests).toBe(polls + 2);
    const gaps = sim.requests
      .filter((r) => r.path.startsWith('/v13/'))
      .map((r, i, all) => (i === 0 ? 0 : r.at - (all[i - 1]?.at ?? 0)))
      .slice(1);
    expect(Math.max(...gaps)).toBeGreaterThanOrEqual(150);
  });
});

describe('Vercel API: builds that do not become ready', () => {
  it('stops with Vercel’s error message and the inspector URL on ERROR', async () => {
    const d = sim.addDeployment({
      project: 'web',
      sha: SHA,
      timeline: [
        { state: 'BUILDING', afterMs: 0 },
        { state: 'ERROR', afterMs: 300 },
      ],
      errorMessage: "Module not found: Can't resolve './missing'",
      errorCode: 'BUILD_FAILED',
    });
    const outcome = stopped(await resolve());
    expect(outcome.reason).toBe('deployment-error');
    expect(outcome.message).toContain("Module not found: Can't resolve './missing'");
    expect(outcome.message).toContain('BUILD_FAILED');
    expect(outcome.message).toContain(d.inspectorUrl);
    expect(outcome.deployment).toMatchObject({ id: d.id, inspectorUrl: d.inspectorUrl, sha: SHA });
  });

  it('stops as deployment-canceled on CANCELED', async () => {
    sim.addDeployment({
      project: 'web',
      sha: SHA,
      timeline: [
        { state: 'QUEUED', afterMs: 0 },
        { state: 'CANCELED', afterMs: 200 },
      ],
    });
    const outcome = stopped(await resolve());
    expect(outcome.reason).toBe('deployment-canceled');
    expect(outcome.message).toMatch(/canceled/);
  });
});

describe('Vercel API: choosing the deployment', () => {
  it('never picks another project’s deployment of the same commit', async () => {
    const web = sim.addDeployment({ project: 'web', sha: SHA, timeline: build(300) });
    sim.addDeployment({ project: 'docs', sha: SHA });
    sim.addDeployment({ project: 'web', sha: 'e'.repeat(40) });
    const outcome = ready(await resolve());
    expect(outcome.deployment.id).toBe(web.id);
    expect(outcome.deployment.project).toBe('web');
  });

  it('without vercel-project, names the projects and asks for one instead of guessing', async () => {
    sim.addDeployment({ project: 'web', sha: SHA });
    sim.addDeployment({ project: 'docs', sha: SHA });
    const outcome = stopped(await resolve({ 'vercel-project': '' }));
    expect(outcome.reason).toBe('config');
    expect(outcome.message).toMatch(/`web`/);
    expect(outcome.message).toMatch(/`docs`/);
    expect(outcome.message).toContain('vercel-project');
  });

  it('picks the target the environment input asks for', async () => {
    const production = sim.addDeployment({ project: 'web', sha: SHA, target: 'production' });
    sim.addDeployment({ project: 'web', sha: SHA, target: 'preview' });
    const outcome = ready(await resolve({ environment: 'production' }));
    expect(outcome.deployment).toMatchObject({ id: production.id, environment: 'production' });
    expect(sim.requests.find((r) => r.path === '/v6/deployments')?.query.target).toBe('production');
  });

  it('keeps polling the list until the deployment appears', async () => {
    const d = sim.addDeployment({ project: 'web', sha: SHA, appearAfterMs: 500 });
    const outcome = ready(await resolve());
    expect(outcome.deployment.id).toBe(d.id);
    expect(sim.requestCount({ path: '/v6/deployments' })).toBeGreaterThanOrEqual(3);
    expect(h.deps.logger.text()).toMatch(/Waiting for Vercel to create a deployment of project `web`/);
  });

  it('says so when the project does not exist', async () => {
    sim.addProject({ name: 'web' });
    const outcome = stopped(await resolve({ 'vercel-project': 'wbe' }));
    expect(outcome.reason).toBe('config');
    expect(outcome.message).toMatch(/does not know project `wbe`/);
  });
});

describe('Vercel API: teams, tokens, failures', () => {
  it('sends teamId for team ids and slug for anything else', async () => {
    sim.requireTeam({ id: 'team_abc123', slug: 'acme' });
    sim.addDeployment({ project: 'web', sha: SHA });
    ready(await resolve({ 'vercel-team': 'team_abc123' }));
    expect(sim.requests.every((r) => r.query.teamId === 'team_abc123' && r.query.slug === undefined)).toBe(
      true,
    );

    sim.requests.length = 0;
    ready(await resolve({ 'vercel-team': 'acme' }));
    expect(sim.requests.length).toBeGreaterThan(0);
    expect(sim.requests.every((r) => r.query.slug === 'acme' && r.query.teamId === undefined)).toBe(true);
  });

  it('explains a 403 for a team project when vercel-team is missing', async () => {
    sim.requireTeam({ id: 'team_abc123', slug: 'acme' });
    sim.addDeployment({ project: 'web', sha: SHA });
    const outcome = stopped(await resolve());
    expect(outcome.reason).toBe('config');
    expect(outcome.message).toMatch(/403.*set `vercel-team`/);
  });

  it('explains an invalid token without printing it', async () => {
    sim.requireToken('the-right-token');
    const outcome = stopped(await resolve());
    expect(outcome.reason).toBe('config');
    expect(outcome.message).toMatch(/`vercel-token` is invalid/);
    expect(outcome.message).not.toContain(VERCEL_TOKEN);
    expect(outcome.requests).toBe(1);
  });

  it('honours Retry-After on 429', async () => {
    sim.failNext(1, { status: 429, retryAfter: 1, path: '/v6/deployments' });
    sim.addDeployment({ project: 'web', sha: SHA });
    ready(await resolve());
    const lists = sim.requests.filter((r) => r.path === '/v6/deployments');
    expect(lists.map((r) => r.status)).toEqual([429, 200]);
    expect((lists[1]?.at ?? 0) - (lists[0]?.at ?? 0)).toBeGreaterThanOrEqual(950);
  });

  it('gives every request its own timeout: a Vercel API that never answers ends at wait-timeout, explained', async () => {
    const silent = createServer(() => undefined);
    await new Promise<void>((r) => silent.listen(0, '127.0.0.1', r));
    try {
      const started = Date.now();
      const outcome = stopped(
        await resolve({
          'vercel-api-url': `http://127.0.0.1:${(silent.address() as AddressInfo).port}`,
          'request-timeout': '150ms',
          'wait-timeout': '1s',
        }),
      );
      expect(Date.now() - started).toBeLessThan(1250);
      expect(outcome.reason).toBe('wait-timeout');
      expect(outcome.message).toMatch(
        /Last problem: no answer from the Vercel API to GET \/v6\/deployments \(timed out\)/,
      );
      expect(outcome.requests).toBeGreaterThanOrEqual(4);
    } finally {
      silent.closeAllConnections();
      silent.close();
    }
  });

  it('retries 5xx answers', async () => {
    sim.failNext(2, { status: 502, path: '/v6/deployments' });
    sim.addDeployment({ project: 'web', sha: SHA });
    ready(await resolve());
    expect(sim.requests.filter((r) => r.path === '/v6/deployments').map((r) => r.status)).toEqual([
      502, 502, 200,
    ]);
  });
});

describe('Vercel API: the wall-clock limit and cancellation', () => {
  it('stops at wait-timeout, never later, naming the last state and the inspector URL (stream)', async () => {
    const d = sim.addDeployment({
      project: 'web',
      sha: SHA,
      timeline: [
        { state: 'QUEUED', afterMs: 0 },
        { state: 'BUILDING', afterMs: 200 },
        { state: 'READY', afterMs: 10_000 },
      ],
    });
    const started = Date.now();
    const outcome = stopped(await resolve({ 'wait-timeout': '1s' }));
    const took = Date.now() - started;
    expect(outcome.reason).toBe('wait-timeout');
    expect(took).toBeGreaterThanOrEqual(990);
    expect(took).toBeLessThan(1250);
    expect(outcome.waitedMs).toBeLessThan(1250);
    expect(outcome.message).toMatch(/still BUILDING/);
    expect(outcome.message).toContain(d.inspectorUrl);
    expect(outcome.message).toContain('wait-timeout');
  });

  it('stops at wait-timeout while polling too', async () => {
    sim.refuseEventsStream(403);
    sim.addDeployment({ project: 'web', sha: SHA, timeline: build(10_000) });
    const started = Date.now();
    const outcome = stopped(await resolve({ 'wait-timeout': '800ms' }));
    expect(outcome.reason).toBe('wait-timeout');
    expect(Date.now() - started).toBeLessThan(1050);
  });

  it('names the missing deployment when none appeared in time', async () => {
    sim.addProject({ name: 'web' });
    const outcome = stopped(await resolve({ 'wait-timeout': '400ms' }));
    expect(outcome.reason).toBe('wait-timeout');
    expect(outcome.message).toMatch(/no Vercel deployment of project `web` for commit a1b2c3d had appeared/);
  });

  it('returns cancelled promptly when the run is aborted mid-stream', async () => {
    sim.addDeployment({ project: 'web', sha: SHA, timeline: build(10_000) });
    const pending = resolve();
    await new Promise((r) => setTimeout(r, 400));
    const abortedAt = Date.now();
    h.controller.abort(new Error('SIGTERM'));
    const outcome = stopped(await pending);
    expect(Date.now() - abortedAt).toBeLessThan(150);
    expect(outcome.reason).toBe('cancelled');
    expect(outcome.deployment.id).toMatch(/^dpl_/);
  });
});

describe('deployment-url input with a Vercel token', () => {
  it('looks the host up to learn the id and waits until READY', async () => {
    const d = sim.addDeployment({
      project: 'web',
      sha: SHA,
      timeline: build(600),
      url: 'web-pr-7-acme.vercel.app',
    });
    const outcome = ready(
      await resolve({ 'deployment-url': 'web-pr-7-acme.vercel.app', 'vercel-project': '' }),
    );
    expect(outcome.deployment).toMatchObject({
      url: 'https://web-pr-7-acme.vercel.app',
      id: d.id,
      inspectorUrl: d.inspectorUrl,
      source: 'input',
    });
    expect(sim.requests[0]?.path).toBe('/v13/deployments/web-pr-7-acme.vercel.app');
    expect(outcome.waitedMs).toBeGreaterThanOrEqual(550);
  });

  it('carries on without Vercel facts for a host Vercel does not know (404)', async () => {
    const outcome = ready(await resolve({ 'deployment-url': 'http://127.0.0.1:9/app' }));
    expect(outcome.deployment).toMatchObject({ url: 'http://127.0.0.1:9/app', source: 'input' });
    expect(outcome.deployment.id).toBeUndefined();
    expect(sim.requests[0]?.path).toBe('/v13/deployments/127.0.0.1%3A9');
    expect(outcome.requests).toBe(1);
  });

  it('a refused token only costs the Vercel facts: the URL is checked as given, with a warning', async () => {
    sim.requireToken('another-token');
    const outcome = ready(await resolve({ 'deployment-url': 'https://shop.example.com' }));
    expect(outcome.deployment).toMatchObject({ url: 'https://shop.example.com', source: 'input' });
    expect(h.deps.logger.lines.find((l) => l.level === 'warning')?.message).toMatch(
      /`vercel-token` is invalid/,
    );
    expect(h.deps.logger.text()).not.toContain(VERCEL_TOKEN);
  });

  it('stops on a failed build even when the URL was given', async () => {
    sim.addDeployment({
      project: 'web',
      sha: SHA,
      url: 'web-bad.vercel.app',
      timeline: [{ state: 'ERROR', afterMs: 0 }],
      errorMessage: 'Build exceeded 45 minutes',
    });
    const outcome = stopped(await resolve({ 'deployment-url': 'https://web-bad.vercel.app' }));
    expect(outcome.reason).toBe('deployment-error');
    expect(outcome.message).toContain('Build exceeded 45 minutes');
  });
});

describe('repository_dispatch pending event with a token', () => {
  it('waits on the named deployment through the Vercel API', async () => {
    const d = sim.addDeployment({ project: 'web', sha: SHA, timeline: build(500) });
    const context = contextFor({
      name: 'repository_dispatch',
      sha: 'c'.repeat(40),
      payload: {
        action: 'vercel.deployment.pending',
        client_payload: {
          environment: 'preview',
          git: { ref: 'main', sha: SHA },
          id: d.id,
          project: { id: d.project.id, name: 'web' },
          state: { type: 'pending' },
          url: `https://${d.url}`,
        },
      },
    });
    const outcome = ready(await resolve({ 'vercel-project': '' }, context));
    expect(outcome.deployment).toMatchObject({ id: d.id, sha: SHA, source: 'repository_dispatch' });
    expect(sim.requestCount({ path: '/v6/' })).toBe(0);
  });

  it('looks up the named project when the event is for another project', async () => {
    const web = sim.addDeployment({ project: 'web', sha: SHA });
    const context = contextFor({
      name: 'repository_dispatch',
      payload: {
        action: 'vercel.deployment.success',
        client_payload: {
          git: { sha: SHA },
          project: { id: 'prj_docs', name: 'docs' },
          url: 'docs-1.vercel.app',
        },
      },
    });
    const outcome = ready(await resolve({}, context));
    expect(outcome.deployment).toMatchObject({ id: web.id, source: 'vercel-api', sha: SHA });
    expect(h.deps.logger.text()).toMatch(/is for project `docs`, not `web`/);
  });
});
