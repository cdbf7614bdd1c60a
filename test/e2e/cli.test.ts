import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runNode } from '../support/run-bundle.js';
import { useWorld } from '../support/world.js';

// The CLI bundle (`dist/cli/index.js`, the package's `bin`) runs the same engine as the action, from a
// plain shell: flags named like the inputs, the report on stdout, the log on stderr, the verdict as exit code.
const root = resolve(import.meta.dirname, '..', '..');
const world = useWorld({
  afterEach: (world) => {
    world.app.setMode('healthy');
  },
});

async function cli(
  args: string[],
  env: Record<string, string> = {},
  event?: { name: string; payload: unknown },
) {
  const cwd = await mkdtemp(join(tmpdir(), 'dhg-cli-'));
  const eventEnv: Record<string, string> = {};
  if (event) {
    await writeFile(join(cwd, 'event.json'), JSON.stringify(event.payload));
    Object.assign(eventEnv, { GITHUB_EVENT_NAME: event.name, GITHUB_EVENT_PATH: join(cwd, 'event.json') });
  }
  // No GitHub variables unless an event is given: a developer's shell, not a runner. The ceiling keeps git
  // from finding a repository above the temp folder: this is no checkout.
  const run = await runNode([join(root, 'dist/cli/index.js'), ...args], {
    cwd,
    env: { PATH: process.env.PATH ?? '', HOME: cwd, GIT_CEILING_DIRECTORIES: tmpdir(), ...eventEnv, ...env },
  });
  return { ...run, cwd };
}

describe('the CLI', () => {
  it('passes a healthy deployment: exit 0, the text report on stdout', async () => {
    const run = await cli(['--deployment-url', world.app.url, '--health-timeout', '5s']);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^Deployment health: HEALTHY \(ok\)/m);
    expect(run.stdout).toContain(world.app.url);
  });

  it('fails an unhealthy one with exit 1, and --json - prints the JSON report alone on stdout', async () => {
    world.app.setMode('unhealthy');
    const run = await cli(['--deployment-url', world.app.url, '--health-timeout', '5s', '--json', '-']);
    expect(run.code).toBe(1);
    const report = JSON.parse(run.stdout);
    expect(report).toMatchObject({ schemaVersion: 1, verdict: { status: 'unhealthy', reason: 'endpoint' } });
    expect(run.stderr).toMatch(/Deployment health: UNHEALTHY \(endpoint\)/);
  });

  it('finds the deployment through Vercel with the token from the environment, never printing it', async () => {
    const sha = 'c1c1'.repeat(10);
    const deployment = world.deploy({ sha, project: 'web', buildMs: 300 });
    const run = await cli(
      [
        '--vercel-project=web',
        `--vercel-api-url=${world.vercel.url}`,
        `--sha=${sha}`,
        '--health-timeout=5s',
        '--json',
        'report.json',
      ],
      { VERCEL_TOKEN: world.vercelToken },
    );
    expect(run.code).toBe(0);
    const report = JSON.parse(await readFile(join(run.cwd, 'report.json'), 'utf8'));
    expect(report.deployment).toMatchObject({ id: deployment.id, sha });
    expect(`${run.stdout}${run.stderr}`).not.toContain(world.vercelToken);
  });

  it('refuses an unknown flag and a bad value with exit 2, naming the fix, before contacting anything', async () => {
    const before = world.vercel.requests.length;
    const typo = await cli(['--deployment-ulr', world.app.url]);
    expect(typo.code).toBe(2);
    expect(typo.stderr).toContain('unknown flag --deployment-ulr (did you mean "deployment-url"?)');
    const bad = await cli(['--deployment-url', world.app.url, '--fail-on', 'sometimes']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('`--fail-on` is "sometimes"');
    expect(world.vercel.requests.length).toBe(before);
  });

  it('exit 2 with the fix: no commit outside a checkout, a report it cannot write; a stray secret stays hidden', async () => {
    const env = { VERCEL_TOKEN: world.vercelToken };
    const noCommit = await cli(['--vercel-project', 'web', `--vercel-api-url=${world.vercel.url}`], env);
    expect(noCommit.code).toBe(2);
    expect(noCommit.stderr).toContain('no commit to look the deployment up by: pass --sha');

    // A report that cannot be written is found before any request, not after the probe.
    world.app.clearRequests();
    const unwritable = await cli([
      '--deployment-url',
      world.app.url,
      '--health-timeout',
      '5s',
      '--json',
      '.',
    ]);
    expect(unwritable.code).toBe(2);
    expect(unwritable.stderr).toContain('--json .: the report cannot be written there');
    expect(world.app.requests).toHaveLength(0);

    // The token pasted where a flag belongs: refused, and not echoed.
    const pasted = await cli(['--vercel-project', 'web', world.vercelToken], env);
    expect(pasted.code).toBe(2);
    expect(pasted.stderr).toContain('"***" is not a flag');
    expect(`${pasted.stdout}${pasted.stderr}`).not.toContain(world.vercelToken);
  });

  it('inside a workflow: ends at once on a deployment_status event its own gate wrote', async () => {
    world.app.clearRequests();
    const run = await cli(
      ['--deployment-url', world.app.url],
      { GITHUB_REPOSITORY: 'acme/shop' },
      {
        name: 'deployment_status',
        payload: {
          deployment: { id: 5, sha: 'd'.repeat(40), environment: 'Preview' },
          deployment_status: {
            state: 'success',
            environment_url: world.app.url,
            description: '[Deployment health] Healthy; the gate passes',
            log_url: 'https://github.com/acme/shop/actions/runs/99',
          },
        },
      },
    );
    expect(run.code).toBe(0);
    expect(run.stderr).toContain('written by the deployment health gate itself');
    expect(world.app.healthRequests()).toHaveLength(0);
  });

  it('lists every input in --help with what it means', async () => {
    const run = await cli(['--help']);
    expect(run.code).toBe(0);
    for (const name of ['deployment-url', 'vercel-project', 'observe', 'rollback-on-unhealthy']) {
      expect(run.stdout).toContain(`--${name}`);
    }
    expect(run.stdout).toMatch(/--observe <value>\n\s+Observation window/);
    expect(run.stdout).toContain('--vercel-token <value> (or VERCEL_TOKEN in the environment)');
  });

  it('names flags and environment variables in its advice, not workflow inputs', async () => {
    const missing = await cli(['--deployment-url', world.app.url, '--config', 'nope.yml']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('check `--config` (a path relative to the current directory)');
    expect(missing.stderr).not.toMatch(/actions\/checkout|the `config` input/);

    const needsToken = await cli(['--deployment-url', world.app.url, '--promote']);
    expect(needsToken.code).toBe(2);
    expect(needsToken.stderr).toContain('`--vercel-token` (or VERCEL_TOKEN in the environment)');
    expect(needsToken.stderr).not.toContain('${{');
  });
});
