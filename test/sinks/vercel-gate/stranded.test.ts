import { describe, expect, it } from 'vitest';
import { createVercelGate } from '../../../src/sinks/vercel-gate/gate.js';
import { checkRunExternalId, VERCEL_STATE } from '../../../src/sinks/vercel-gate/state.js';
import { completeStrandedVercelCheck } from '../../../src/sinks/vercel-gate/stranded.js';
import { CHECK_RUN_URL, deployment, fastPolicy, runFor, SHA, useVercelGateWorld } from './support.js';

// The post step's Vercel half: what the main step saves, and how the post step completes a Vercel check run
// a kill left open (and nothing else).

const world = useVercelGateWorld();

/** A GITHUB_STATE as the runner keeps it: the last value of a name wins. */
function stateFile() {
  const saved = new Map<string, string>();
  return {
    saveState: (name: string, value: string) => void saved.set(name, value),
    getState: (name: string) => saved.get(name) ?? '',
    saved,
  };
}

function settingsOf(inputs: Record<string, string> = {}) {
  const d = deployment(world.sim, { target: 'preview' });
  const run = runFor(
    world.sim,
    d,
    { status: 'unhealthy' },
    { 'vercel-check': 'Deployment health', ...inputs },
  );
  return { d, run };
}

const post = (run: ReturnType<typeof settingsOf>['run'], getState: (name: string) => string) =>
  completeStrandedVercelCheck({
    settings: run.settings,
    context: run.context,
    deps: world.h.deps,
    getState,
    policy: fastPolicy,
  });

/** The main step up to its verdict: the gate started and resolved `run`, saving what it records to `state`. */
async function resolvedGate(run: ReturnType<typeof settingsOf>['run'], state: ReturnType<typeof stateFile>) {
  const gate = createVercelGate({
    settings: run.settings,
    context: run.context,
    deps: world.h.deps,
    policy: fastPolicy,
    saveState: state.saveState,
  });
  await gate.started({
    sha: SHA,
    environment: 'preview',
    deploymentUrl: undefined,
    githubDeploymentId: undefined,
  });
  if (run.resolve) await gate.resolved(run.resolve);
  return gate;
}

describe('the main step leaves the post step what it needs', () => {
  it('saves the deployment and the run before writing, the conclusion before completing, `completed` after', async () => {
    const { sim } = world;
    sim.checks.add('shop', { name: 'Deployment health' });
    const { d, run } = settingsOf();
    const state = stateFile();
    const gate = await resolvedGate(run, state);
    await gate.finish(run, { checkRunUrl: CHECK_RUN_URL });

    const [checkRun] = sim.checks.runsOf(d);
    expect(Object.fromEntries(state.saved)).toEqual({
      [VERCEL_STATE.deploymentId]: d.id,
      [VERCEL_STATE.checkId]: checkRun?.check.id,
      [VERCEL_STATE.runId]: checkRun?.id,
      [VERCEL_STATE.conclusion]: 'failed',
      [VERCEL_STATE.conclusionText]: checkRun?.conclusionText,
      [VERCEL_STATE.externalUrl]: CHECK_RUN_URL,
      [VERCEL_STATE.completed]: 'true',
    });
    // The run carries this attempt's id, by which the post step tells it from another attempt's.
    expect(checkRun?.externalId).toBe(checkRunExternalId(run.context));

    // After a clean finish the post step makes no Vercel request at all.
    const before = sim.requests.length;
    await post(run, state.getState);
    expect(sim.requests.length).toBe(before);
  });

  it('does not record completion when Vercel did not take it; the post step then writes the saved verdict', async () => {
    const { sim } = world;
    sim.checks.add('shop', { name: 'Deployment health' });
    const { d, run } = settingsOf();
    const state = stateFile();
    const gate = await resolvedGate(run, state);
    await new Promise((r) => setTimeout(r, 200));
    // Every attempt of the completing PATCH (fastPolicy: 3) fails.
    sim.failNext(3, { status: 503, method: 'PATCH', path: '/check-runs/' });
    const actions = await gate.finish(run, { checkRunUrl: CHECK_RUN_URL });
    expect(actions.problems.join('\n')).toMatch(/503/);
    expect(sim.checks.runsOf(d)[0]?.status).toBe('running');
    expect(state.getState(VERCEL_STATE.completed)).toBe('');
    expect(state.getState(VERCEL_STATE.conclusion)).toBe('failed');

    await post(run, state.getState);
    expect(sim.checks.runsOf(d)[0]).toMatchObject({
      status: 'completed',
      conclusion: 'failed',
      externalUrl: CHECK_RUN_URL,
    });
    expect(sim.checks.runsOf(d)[0]?.conclusionText).toMatch(/^Unhealthy \(endpoint\)/);
  });
});

describe('the post step completes what a kill left open', () => {
  it('a running run with no verdict saved → canceled; a second post step reads and writes nothing', async () => {
    const { sim } = world;
    sim.checks.add('shop', { name: 'Deployment health' });
    const { d, run } = settingsOf();
    const state = stateFile();
    await resolvedGate(run, state);
    await new Promise((r) => setTimeout(r, 200));
    expect(sim.checks.runsOf(d)[0]?.status).toBe('running');
    // Killed here: `finish` never runs.

    await post(run, state.getState);
    const [checkRun] = sim.checks.runsOf(d);
    expect(checkRun).toMatchObject({
      status: 'completed',
      conclusion: 'canceled',
      externalUrl: run.context.runUrl,
    });
    expect(checkRun?.conclusionText).toMatch(/stopped before its verdict/);
    expect(world.h.deps.logger.lines.map((l) => l.message).join('\n')).toMatch(
      /Completed Vercel check run ckr_\w+ of dpl_\w+ as canceled: the gate stopped before its verdict/,
    );

    const patches = () => sim.requestCount({ method: 'PATCH' });
    const before = patches();
    await post(run, state.getState);
    expect(patches()).toBe(before);
    sim.assertNoViolations();
  });

  it('a creation the kill cut off: completes the open run of the check without an id, never another attempt’s', async () => {
    const { sim } = world;
    const check = sim.checks.add('shop', { name: 'Deployment health' });
    const { d, run } = settingsOf();
    // Two open runs of the check: one just created (no externalId yet), one another attempt is running.
    const api = `${sim.url}/v2/deployments/${d.id}/check-runs`;
    const headers = {
      authorization: `Bearer ${run.settings.vercel.token}`,
      'content-type': 'application/json',
    };
    const create = async () =>
      (await (
        await fetch(api, { method: 'POST', headers, body: JSON.stringify({ checkId: check.id }) })
      ).json()) as {
        id: string;
      };
    const theirs = await create();
    await fetch(`${api}/${theirs.id}`, {
      method: 'PATCH',
      headers,
      body: JSON.stringify({
        status: 'running',
        externalId: checkRunExternalId({ ...run.context, runAttempt: '2' }),
      }),
    });
    const ours = await create();
    const state = stateFile();
    state.saveState(VERCEL_STATE.deploymentId, d.id);
    state.saveState(VERCEL_STATE.checkId, check.id);

    await post(run, state.getState);

    const byId = new Map(sim.checks.runsOf(d).map((r) => [r.id, r]));
    expect(byId.get(ours.id)).toMatchObject({ status: 'completed', conclusion: 'canceled' });
    expect(byId.get(theirs.id)).toMatchObject({ status: 'running' });
  });

  it('makes no request when nothing was started, or without a token', async () => {
    const { sim } = world;
    const { run } = settingsOf();
    const before = sim.requests.length;
    await post(run, () => '');
    const state = stateFile();
    state.saveState(VERCEL_STATE.deploymentId, 'dpl_x');
    state.saveState(VERCEL_STATE.runId, 'ckr_x');
    await completeStrandedVercelCheck({
      settings: { ...run.settings, vercel: { ...run.settings.vercel, token: undefined } },
      context: run.context,
      deps: world.h.deps,
      getState: state.getState,
    });
    expect(sim.requests.length).toBe(before);
  });

  it('says so, without throwing, when Vercel does not answer', async () => {
    const { sim } = world;
    const { run } = settingsOf();
    const state = stateFile();
    state.saveState(VERCEL_STATE.deploymentId, 'dpl_gone');
    state.saveState(VERCEL_STATE.runId, 'ckr_gone');
    sim.failNext(10, { status: 502, path: '/check-runs/' });
    await post(run, state.getState);
    const warnings = world.h.deps.logger.lines.filter((l) => l.level === 'warning').map((l) => l.message);
    expect(warnings.join('\n')).toMatch(/The Vercel check run of dpl_gone may still be open: .*502/);
  });
});
