import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Clock } from '../../src/model/deps.js';
import { defaultResolvePolicy, type GitHub, resolveDeployment } from '../../src/resolve/index.js';
import { GITHUB_WAIT_URL, threeMinuteGitHubWait } from '../support/three-minute-github-wait.js';
import { until } from '../support/until.js';
import { type GitHubSim, startGitHubApi } from '../world/github-api.js';
import {
  contextFor,
  type Harness,
  harness,
  OTHER_SHA,
  octokitFor,
  ready,
  SHA,
  scaledClock,
  settingsFrom,
} from './harness.js';

// How the resolver paces its polls of GitHub deployments (no Vercel token), with the default (production)
// policy on a clock running 50× faster. The clock records every wait the resolver asks for and which GitHub
// answer came just before it, so these tests read the spacing the code chose, not a machine's timing.

const SPEED = 50;
const { githubPoll } = defaultResolvePolicy;
/** The steady interval with its jitter: what every poll waits while GitHub answers 304. */
const steady = { min: githubPoll.initialMs * (1 - githubPoll.jitter), max: githubPoll.initialMs };

interface Wait {
  ms: number;
  /** The status of the last GitHub answer before the wait (undefined before the first). */
  after: number | undefined;
}

let sim: GitHubSim;
let h: Harness;
let github: GitHub;
let waits: Wait[];

/** A scaled clock that records each wait with the GitHub answer before it. */
function recordingClock(): Clock {
  const base = scaledClock(SPEED);
  return {
    now: base.now,
    sleep(ms, signal) {
      waits.push({ ms, after: sim.requests.at(-1)?.status });
      return base.sleep(ms, signal);
    },
  };
}

beforeEach(async () => {
  sim = await startGitHubApi();
  waits = [];
  h = harness({ clock: recordingClock() });
  github = octokitFor(sim.url);
});
afterEach(async () => {
  h.controller.abort();
  await h.close();
  await sim.close();
  sim.assertNoViolations();
});

function resolve() {
  return resolveDeployment({
    settings: settingsFrom({ 'wait-timeout': '10m', 'request-timeout': '2s' }),
    context: contextFor({ sha: SHA }),
    deps: h.deps,
    github,
  });
}

/** The waits between polls: those after an answer (200 or 304), not the retries after an error. */
const pollWaits = () => waits.filter((w) => w.after === 200 || w.after === 304);
const statusPolls = (id: number) =>
  sim.requests.filter((r) => r.path.endsWith(`/deployments/${id}/statuses`));
const inSteady = (ms: number) => ms >= steady.min && ms <= steady.max;

/** Vercel's earlier deployment (so the repository has the integration) and this commit's, `in_progress`. */
function building() {
  sim.addDeployment({ sha: OTHER_SHA, environment: 'Preview', statuses: [{ state: 'success' }] });
  return sim.addDeployment({ sha: SHA, environment: 'Preview', statuses: [{ state: 'in_progress' }] });
}

/** Runs `action` once the statuses have been polled `polls` times. */
function afterPolls(id: number, polls: number, action: () => void) {
  return until(() => statusPolls(id).length >= polls, `${polls} polls`).then(action);
}

describe('polling GitHub deployments: steady while answers are free, slower on trouble', () => {
  it('while GitHub answers 304, every poll waits the steady interval, before and after the deployment appears', async () => {
    sim.addDeployment({ sha: OTHER_SHA, environment: 'Preview', statuses: [{ state: 'success' }] });
    const lists = () => sim.requests.filter((r) => r.path === '/repos/acme/shop/deployments' && r.query.sha);
    let id = 0;
    const appears = until(() => lists().length >= 4, 'four lists').then(() => {
      id = sim.addDeployment({ sha: SHA, environment: 'Preview', statuses: [{ state: 'pending' }] }).id;
    });
    const success = until(() => id > 0 && statusPolls(id).length >= 6, 'six status polls').then(() =>
      sim.addStatus(id, { state: 'success', environment_url: GITHUB_WAIT_URL }),
    );
    const outcome = ready(await resolve());
    await Promise.all([appears, success]);
    expect(outcome.deployment.url).toBe(GITHUB_WAIT_URL);

    expect(sim.notModifiedCount({ path: '/deployments' })).toBeGreaterThanOrEqual(3);
    expect(sim.notModifiedCount({ path: '/statuses' })).toBeGreaterThanOrEqual(4);
    const afterFree = pollWaits().filter((w) => w.after === 304);
    expect(afterFree.length).toBeGreaterThanOrEqual(7);
    expect(afterFree.filter((w) => !inSteady(w.ms))).toEqual([]);
    // Answers with news (the first list, the deployment appearing) cost a request but are no reason to slow.
    expect(pollWaits().filter((w) => w.after === 200 && !inSteady(w.ms))).toEqual([]);
    // No answer but the changes cost rate limit: the first list, the look at the repository's deployments,
    // the list once the deployment appeared, its first statuses and the success.
    expect(sim.requests.filter((r) => r.status !== 304)).toHaveLength(5);
  });

  it('after an error it backs off, then returns to the steady interval', async () => {
    const d = building();
    const fault = afterPolls(d.id, 3, () => sim.failNext(1, { status: 502, path: '/statuses' }));
    const success = afterPolls(d.id, 8, () =>
      sim.addStatus(d.id, { state: 'success', environment_url: GITHUB_WAIT_URL }),
    );
    ready(await resolve());
    await Promise.all([fault, success]);

    const failed = waits.findIndex((w) => w.after === 502);
    expect(failed).toBeGreaterThan(0);
    // The retry of the failed request waits the retry backoff; the poll after the answer that followed it
    // waits longer than the steady interval; the polls after that are steady again.
    const after = waits.slice(failed + 1);
    expect(after[0]?.ms).toBeGreaterThan(steady.max);
    expect(after.length).toBeGreaterThanOrEqual(3);
    expect(after.slice(1).every((w) => inSteady(w.ms))).toBe(true);
    expect(waits.slice(0, failed).every((w) => w.after === undefined || inSteady(w.ms))).toBe(true);
  });

  it('after a secondary rate limit it waits the Retry-After GitHub asks for, then backs off', async () => {
    const d = building();
    const limited = afterPolls(d.id, 3, () =>
      sim.failNext(1, {
        status: 403,
        retryAfter: 3,
        path: '/statuses',
        body: { message: 'You have exceeded a secondary rate limit' },
      }),
    );
    const success = afterPolls(d.id, 8, () =>
      sim.addStatus(d.id, { state: 'success', environment_url: GITHUB_WAIT_URL }),
    );
    ready(await resolve());
    await Promise.all([limited, success]);

    const refused = waits.findIndex((w) => w.after === 403);
    expect(waits[refused]?.ms).toBe(3000);
    const after = waits.slice(refused + 1);
    expect(after[0]?.ms).toBeGreaterThan(steady.max);
    expect(after.slice(1).every((w) => inSteady(w.ms))).toBe(true);
  });

  it('a low x-ratelimit-remaining slows every poll to the ceiling, until the limit has room again', async () => {
    const d = building();
    sim.setRateLimit({ remaining: defaultResolvePolicy.githubLowRemaining - 10 });
    const room = afterPolls(d.id, 4, () => sim.setRateLimit({ remaining: 4000 }));
    const success = afterPolls(d.id, 8, () =>
      sim.addStatus(d.id, { state: 'success', environment_url: GITHUB_WAIT_URL }),
    );
    ready(await resolve());
    await Promise.all([room, success]);

    const polls = pollWaits();
    const slowest = githubPoll.maxMs * (1 - githubPoll.jitter);
    // Until the limit has room again (the fourth poll's answer says so at the earliest), at the ceiling…
    expect(polls.slice(0, 3).every((w) => w.ms >= slowest && w.ms <= githubPoll.maxMs)).toBe(true);
    // …then steady again: 304s cost nothing.
    expect(polls.slice(-2).every((w) => inSteady(w.ms))).toBe(true);
  });

  it('a 3-minute wait costs at most 12 rate-limited requests, however often it polls', async () => {
    // The action's own client and the default policy, on a clock 60× faster (as the Vercel budget test).
    const wait = await threeMinuteGitHubWait({ speed: 60 });
    expect(wait.outcome.deployment).toMatchObject({ url: GITHUB_WAIT_URL, source: 'github-deployments' });
    expect(wait.rateLimited).toBeLessThanOrEqual(12);
    // Everything else was a free 304.
    expect(wait.notModified).toBe(wait.requests - wait.rateLimited);
    expect(wait.notModified).toBeGreaterThan(wait.rateLimited);
  });
});
