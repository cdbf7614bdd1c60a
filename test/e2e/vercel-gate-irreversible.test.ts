import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { type BundleRun, runBundle, until, visibleLog } from '../support/run-bundle.js';
import { healthyAppLawfulApis, settle, shaSeries, useWorld } from '../support/world.js';

// "Vercel gate: never the wrong irreversible action": the bundle as the runner runs it, against the simulated
// Vercel API — a check run a kill left `running`, a required checklist item never checked, a deployment of
// another project, conclusions that let Vercel promote what the gate would not, the same project twice.

const world = useWorld({
  afterEach: healthyAppLawfulApis,
});

const nextSha = shaSeries('a7');
const CHECK = 'Deployment health';

function inputsFor(sha: string, project: string, inputs: Record<string, string> = {}) {
  return {
    ...world.vercelInputs({ sha, project }),
    'github-token': world.githubToken,
    'health-timeout': '4s',
    ...inputs,
  };
}

const gate = (inputs: Record<string, string>, options: { dir?: string } = {}) =>
  runBundle({ inputs, env: world.runnerEnv(), ...options });

const post = (inputs: Record<string, string>, main: BundleRun) =>
  runBundle({ entry: 'post', inputs, env: world.runnerEnv(), state: main.state });

const vercelWrites = () =>
  world.vercel.requests.filter((r) => r.method === 'POST' || r.method === 'PATCH').length;

/** `live` serves the project's production; `staged` is a newer production build waiting for the gate. */
async function stagedOverLive(project: string, sha: string) {
  const live = world.deploy({ sha: nextSha(), project, target: 'production', buildMs: 50 });
  await settle(150);
  const staged = world.deploy({ sha, project, target: 'production', buildMs: 200 });
  world.vercel.production.stage(staged);
  await settle(300);
  expect(world.vercel.production.current(project)?.id).toBe(live.id);
  return { live, staged };
}

describe('4. the post step completes the Vercel check run a kill left open', () => {
  it('SIGKILL while the check run is running → the post step completes it `canceled` (GitHub too); a second post step writes nothing', async () => {
    world.vercel.checks.add('killed', { name: CHECK });
    const sha = nextSha();
    const d = world.deploy({ sha, project: 'killed', buildMs: 200 });
    const inputs = inputsFor(sha, 'killed', {
      'vercel-check': CHECK,
      observe: '1m',
      'observe-interval': '1s',
    });
    const killed = await runBundle({
      inputs,
      env: world.runnerEnv(),
      onSpawn: async (child) => {
        await until(
          () =>
            world.vercel.checks.runsOf(d)[0]?.status === 'running' &&
            world.github.findCheckRun({ name: CHECK, head_sha: sha })?.status === 'in_progress',
          'the Vercel and GitHub check runs in progress',
        );
        child.kill('SIGKILL');
      },
    });
    expect(killed.signal).toBe('SIGKILL');
    expect(world.vercel.checks.runsOf(d)[0]?.status).toBe('running');

    const first = await post(inputs, killed);
    expect(first.code).toBe(0);
    const [checkRun] = world.vercel.checks.runsOf(d);
    expect(checkRun).toMatchObject({ status: 'completed', conclusion: 'canceled' });
    expect(checkRun?.conclusionText).toMatch(/stopped before its verdict/);
    expect(world.github.findCheckRun({ name: CHECK, head_sha: sha })).toMatchObject({
      status: 'completed',
      conclusion: 'cancelled',
    });
    expect(first.stdout).toMatch(/Completed Vercel check run ckr_\w+ of dpl_\w+ as canceled/);

    const writes = vercelWrites();
    const second = await post(inputs, killed);
    expect(second.code).toBe(0);
    expect(vercelWrites()).toBe(writes);
  });

  it('a verdict reached but not written (Vercel failed the completion) → the post step writes that verdict', async () => {
    world.vercel.checks.add('unwritten', { name: CHECK });
    const sha = nextSha();
    const d = world.deploy({ sha, project: 'unwritten', buildMs: 200 });
    world.app.setMode('unhealthy');
    // Every attempt (4) of the completing PATCH fails; only that request matches.
    world.vercel.failNext(4, {
      status: 503,
      method: 'PATCH',
      path: `/v2/deployments/${d.id}/check-runs/`,
      when: (r) => (r.body as { status?: string } | undefined)?.status === 'completed',
    });
    const inputs = inputsFor(sha, 'unwritten', { 'vercel-check': CHECK });
    const main = await gate(inputs);
    expect(main.code).toBe(1);
    expect(world.vercel.checks.runsOf(d)[0]?.status).toBe('running');

    await post(inputs, main);
    const [checkRun] = world.vercel.checks.runsOf(d);
    expect(checkRun).toMatchObject({
      status: 'completed',
      conclusion: 'failed',
      externalUrl: main.outputs['check-run-url'],
    });
    expect(checkRun?.conclusionText).toMatch(/^Unhealthy \(endpoint\)/);
  });

  it('after a clean finish the post step makes no Vercel request', async () => {
    world.vercel.checks.add('clean', { name: CHECK });
    const sha = nextSha();
    const d = world.deploy({ sha, project: 'clean', buildMs: 200 });
    const inputs = inputsFor(sha, 'clean', { 'vercel-check': CHECK });
    const main = await gate(inputs);
    expect(main.code).toBe(0);
    expect(world.vercel.checks.runsOf(d)[0]).toMatchObject({ status: 'completed', conclusion: 'succeeded' });

    const before = world.vercel.requests.length;
    await post(inputs, main);
    expect(world.vercel.requests.length).toBe(before);
  });

  it('a monorepo: every project’s Vercel check run a SIGKILL left open is completed', async () => {
    const sha = nextSha();
    world.vercel.checks.add('mono-web', { name: CHECK });
    world.vercel.checks.add('mono-docs', { name: CHECK });
    const web = world.deploy({ sha, project: 'mono-web', buildMs: 200 });
    const docs = world.deploy({ sha, project: 'mono-docs', buildMs: 200 });
    const inputs = inputsFor(sha, 'mono-web', {
      'vercel-project': 'mono-web\nmono-docs',
      'vercel-check': CHECK,
      observe: '1m',
      'observe-interval': '1s',
    });
    const killed = await runBundle({
      inputs,
      env: world.runnerEnv(),
      onSpawn: async (child) => {
        await until(
          () => [web, docs].every((d) => world.vercel.checks.runsOf(d)[0]?.status === 'running'),
          'both Vercel check runs running',
        );
        child.kill('SIGKILL');
      },
    });
    expect(killed.signal).toBe('SIGKILL');

    await post(inputs, killed);
    for (const d of [web, docs]) {
      expect(world.vercel.checks.runsOf(d)[0]).toMatchObject({ status: 'completed', conclusion: 'canceled' });
    }
  });
});

describe('6. a required checklist item that could not be checked blocks promotion', () => {
  it('the env-var lookup answers 5xx: not promoted, the Vercel check fails saying why, the verdict stays healthy', async () => {
    const project = 'envless';
    world.vercel.checks.add(project, { name: CHECK });
    const sha = nextSha();
    const { live, staged } = await stagedOverLive(project, sha);
    // Every look-up of the project's variables fails (resolver policy: 4 attempts), and only those.
    world.vercel.failNext(4, { status: 503, path: `/v10/projects/${project}/env` });
    const dir = await mkdtemp(join(tmpdir(), 'dhg-ws-'));
    await mkdir(join(dir, '.github'));
    await writeFile(
      join(dir, '.github', 'deployment-health.yml'),
      'checklist:\n  env: [DATABASE_URL]\n  dashboard: false\n',
    );

    const run = await gate(
      inputsFor(sha, project, { environment: 'production', promote: 'true', 'vercel-check': CHECK }),
      { dir },
    );

    expect(run.outputs).toMatchObject({ status: 'healthy' });
    expect(run.code).toBe(0);
    expect(world.vercel.production.current(project)?.id).toBe(live.id);
    expect(world.vercel.requestCount({ method: 'POST', path: '/promote/' })).toBe(0);
    const [checkRun] = world.vercel.checks.runsOf(staged);
    expect(checkRun).toMatchObject({ status: 'completed', conclusion: 'failed' });
    expect(checkRun?.conclusionText).toMatch(/not fully checked: required checklist item vercel_env/);
    expect(run.summary).toMatch(/Not promoted: the required checklist item `vercel_env`/);
    expect(visibleLog(run)).toMatch(/not fully checked/);
  });
});

describe('7. a deployment of another project', () => {
  it('`deployment-url: dpl_…` of docs with `vercel-project: web` stops with a config error naming both, before any write', async () => {
    world.vercel.checks.add('other-web', { name: CHECK });
    world.vercel.checks.add('other-docs', { name: CHECK });
    const webLive = world.deploy({ sha: nextSha(), project: 'other-web', target: 'production', buildMs: 50 });
    const sha = nextSha();
    const { live: docsLive, staged: docs } = await stagedOverLive('other-docs', sha);
    const writes = vercelWrites();

    const run = await gate(
      inputsFor(sha, 'other-web', {
        'deployment-url': docs.id,
        environment: 'production',
        promote: 'true',
        'vercel-check': CHECK,
      }),
    );

    expect(run.code).toBe(1);
    expect(run.outputs).toMatchObject({ status: 'unhealthy', reason: 'config' });
    const log = visibleLog(run);
    expect(log).toMatch(
      new RegExp(
        `deployment ${docs.id} of Vercel project other-docs \\(prj_\\w+\\), but \`vercel-project\` is other-web`,
      ),
    );
    // Nothing written on Vercel: no check run, no promotion; both productions as they were.
    expect(vercelWrites()).toBe(writes);
    expect(world.vercel.checks.runsOf(docs)).toEqual([]);
    expect(world.vercel.production.current('other-docs')?.id).toBe(docsLive.id);
    expect(world.vercel.production.current('other-web')?.id).toBe(webLive.id);
  });

  it('a URL Vercel knows, of another project, is refused the same way', async () => {
    const sha = nextSha();
    const { staged: docs } = await stagedOverLive('url-docs', sha);
    world.deploy({ sha: nextSha(), project: 'url-web', buildMs: 50 });
    const run = await gate(
      inputsFor(sha, 'url-web', {
        'deployment-url': `https://${docs.url}`,
        environment: 'production',
        promote: 'true',
      }),
    );
    // The simulator serves every deployment on the sample app's host: the URL names the newest one there.
    expect(run.outputs).toMatchObject({ status: 'unhealthy', reason: 'config' });
    expect(visibleLog(run)).toMatch(/of Vercel project [\w-]+ \(prj_\w+\), but `vercel-project` is url-web/);
    expect(world.vercel.requestCount({ method: 'POST', path: '/promote/' })).toBe(0);
  });
});

describe('8. the Vercel check blocks what the gate would not promote', () => {
  it('unhealthy under fail-on never: the check concludes `failed` (blocks) and `promote` does not promote', async () => {
    const project = 'never';
    world.vercel.checks.add(project, { name: CHECK });
    const sha = nextSha();
    const { live, staged } = await stagedOverLive(project, sha);
    world.app.setMode('unhealthy');

    const run = await gate(
      inputsFor(sha, project, {
        environment: 'production',
        promote: 'true',
        'vercel-check': CHECK,
        'fail-on': 'never',
      }),
    );

    expect(run.code).toBe(0);
    expect(run.outputs).toMatchObject({ status: 'unhealthy' });
    expect(world.vercel.checks.runsOf(staged)[0]).toMatchObject({
      status: 'completed',
      conclusion: 'failed',
    });
    expect(world.vercel.production.current(project)?.id).toBe(live.id);
    expect(world.vercel.requestCount({ method: 'POST', path: `/promote/${staged.id}` })).toBe(0);
    expect(run.summary).toMatch(/an unhealthy deployment is never promoted/);
  });

  it('a deployment that never became READY in time: `failed`, which blocks (not `timeout`)', async () => {
    const project = 'slow';
    world.vercel.checks.add(project, { name: CHECK });
    const sha = nextSha();
    const d = world.deploy({ sha, project, buildMs: 60_000 });
    const run = await gate(inputsFor(sha, project, { 'vercel-check': CHECK, 'wait-timeout': '2s' }));
    expect(run.outputs).toMatchObject({ reason: 'wait-timeout' });
    expect(world.vercel.checks.runsOf(d)[0]).toMatchObject({ status: 'completed', conclusion: 'failed' });
  });
});

describe('9. the same project twice', () => {
  it('a name, its `prj_…` id and another case run one gate: one rollback, and the log says which lines were merged', async () => {
    const project = 'twice';
    const previous = world.deploy({ sha: nextSha(), project, target: 'production', buildMs: 50 });
    await settle(150);
    const sha = nextSha();
    const broken = world.deploy({ sha, project, target: 'production', buildMs: 200 });
    await settle(400);
    expect(world.vercel.production.current(project)?.id).toBe(broken.id);
    world.app.setMode('unhealthy');

    const run = await gate(
      inputsFor(sha, project, {
        'vercel-project': `${project}\n${broken.project.id}\nTwice`,
        environment: 'production',
        'rollback-on-unhealthy': 'true',
      }),
    );

    expect(run.code).toBe(1);
    expect(world.vercel.production.current(project)?.id).toBe(previous.id);
    expect(world.vercel.requestCount({ method: 'POST', path: '/rollback/' })).toBe(1);
    const log = visibleLog(run);
    expect(log).toMatch(
      new RegExp(
        `::warning[^\\n]*\`vercel-project\` lines \`twice\`, \`${broken.project.id}\`, \`Twice\` name the same Vercel project twice \\(${broken.project.id}\\): it is checked once, as \`twice\``,
      ),
    );
    expect(log).not.toMatch(/ROLLBACK FAILED/);
    expect(Object.keys(JSON.parse(run.outputs.projects ?? '{}'))).toEqual([project]);
    // One GitHub check run, named by the first line.
    expect(world.github.checkRuns.filter((c) => c.head_sha === sha).map((c) => c.name)).toEqual([
      `${CHECK} (${project})`,
    ]);
  });
});
