import { mkdir, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runBundle, runNode, visibleLog } from '../support/run-bundle.js';
import { HOSTILE_TEXTS, injectedCommands } from '../support/runner-commands.js';
import { shaSeries, useWorld } from '../support/world.js';
import { HEALTH_PATH } from '../world/sample-app.js';

// Hostile text through every path to stdout and stderr — a health body, the app's reply to `force-check`,
// a Vercel build's output and error message, a rule name in the config file, a config file's keys, an
// input's value — and the whole output of the action's bundle and the CLI's bundle scanned with both of the
// runner's command rules (`::cmd::` at a line's start, `##[cmd]` anywhere, lines ending at CR, LF or CRLF).
const root = resolve(import.meta.dirname, '..', '..');
const EVIL = HOSTILE_TEXTS.join(' | ');
/** Environment variables and arguments cannot carry NUL. */
const EVIL_ARG = EVIL.replace(/\0/g, '');
const EVIL_KEY = 'db ##[add-mask]FAIL\r::error::key';

const nextSha = shaSeries('e1');

function hostileHealthBody() {
  return {
    timestamp: new Date().toISOString(),
    requestId: EVIL,
    deployment: { version: EVIL, deploymentId: 'dpl_hostile', region: EVIL, status: 'ready' },
    services: {
      database: {
        name: EVIL,
        status: 'warn',
        responseTime: 5,
        details: { provider: EVIL, note: EVIL, nested: { deeper: EVIL } },
      },
      [EVIL_KEY]: { name: EVIL, status: 'fail', responseTime: 3, details: EVIL },
    },
    summary: {
      overallStatus: 'unhealthy',
      totalChecks: 2,
      passedChecks: 0,
      failedChecks: 1,
      warningChecks: 1,
    },
  };
}

const world = useWorld({
  afterEach: (world) => {
    world.app.route(HEALTH_PATH, undefined);
  },
});

/** Health answers (HTTP 200 against an unhealthy body: the disagreement is quoted too) and hostile replies to POSTs. */
function serveHostileApp() {
  world.app.route(HEALTH_PATH, (request) =>
    request.method === 'POST'
      ? { status: 400, body: EVIL, headers: { 'content-type': 'text/plain' } }
      : { status: 200, body: hostileHealthBody() },
  );
}

/** A workspace whose config names a rule with hostile text (a valid file: the rule triggers). */
async function workspace(config: unknown): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'dhg-hostile-'));
  await mkdir(join(dir, '.github'), { recursive: true });
  await writeFile(join(dir, '.github/deployment-health.json'), JSON.stringify(config));
  return dir;
}
const hostileRules = {
  rules: [
    {
      id: 'hostile_rule',
      name: EVIL,
      condition: { metric: 'avg_response_time', operator: 'gte', threshold: 0 },
      severity: 'warning',
    },
  ],
};

function expectNoInjectedCommand(output: string, secrets: string[] = []) {
  expect(injectedCommands(output, secrets)).toEqual([]);
  // The hostile text did reach the output, made safe: the scan saw what it had to judge.
  expect(output).toContain('## [stop-commands]x');
}

describe('hostile text through every path of the action', () => {
  it('a health body, the reply to force-check and a rule name from the config file', async () => {
    serveHostileApp();
    const run = await runBundle({
      dir: await workspace(hostileRules),
      inputs: {
        'deployment-url': world.app.url,
        'health-timeout': '4s',
        'force-check': 'true',
        config: '.github/deployment-health.json',
        'github-token': world.githubToken,
        'protection-bypass': world.bypassSecret,
      },
      env: { ...world.runnerEnv(), RUNNER_DEBUG: '1' },
    });
    expect(run.outputs).toMatchObject({ status: 'unhealthy', reason: 'endpoint' });
    expectNoInjectedCommand(`${run.stdout}\n${run.stderr}`, [world.githubToken, world.bypassSecret]);
    expect(visibleLog(run)).not.toContain(world.bypassSecret);
    // The config's rule fired and its hostile name was printed (escaped) among the annotations.
    expect(run.stdout).toMatch(/^::warning .*hostile_rule|^::warning title=[^:]*::.*## \[stop-commands\]x/m);
  });

  it("a failed Vercel build's output and error message", async () => {
    const sha = nextSha();
    world.vercel.addDeployment({
      project: 'shop',
      sha,
      url: new URL(world.app.url).host,
      timeline: [
        { state: 'QUEUED', afterMs: 0 },
        { state: 'BUILDING', afterMs: 50 },
        { state: 'ERROR', afterMs: 300 },
      ],
      buildLog: HOSTILE_TEXTS,
      errorMessage: EVIL,
    });
    const run = await runBundle({
      inputs: { ...world.vercelInputs({ sha }), 'github-token': world.githubToken, 'health-timeout': '4s' },
      env: world.runnerEnv(),
    });
    expect(run.outputs).toMatchObject({ status: 'unhealthy', reason: 'deployment-error' });
    expectNoInjectedCommand(`${run.stdout}\n${run.stderr}`, [world.githubToken, world.vercelToken]);
  });

  it('an input value and a config file key in configuration errors, log and summary alike', async () => {
    const byInput = await runBundle({
      inputs: { 'deployment-url': world.app.url, 'fail-on': EVIL_ARG },
      env: world.runnerEnv(),
    });
    expect(byInput.outputs).toMatchObject({ status: 'unhealthy', reason: 'config' });
    expectNoInjectedCommand(`${byInput.stdout}\n${byInput.stderr}`);

    const byFile = await runBundle({
      dir: await workspace({ rules: [{ id: 'x', [EVIL]: 1, name: '<img src=x onerror=alert(1)>' }] }),
      inputs: { 'deployment-url': world.app.url, config: '.github/deployment-health.json' },
      env: world.runnerEnv(),
    });
    expect(byFile.outputs).toMatchObject({ status: 'unhealthy', reason: 'config' });
    expect(injectedCommands(`${byFile.stdout}\n${byFile.stderr}`, [])).toEqual([]);
    expect(byFile.stdout).toContain('## [stop-commands]x');
    // The summary is Markdown: the quoted value is text there, never markup.
    expect(byInput.summary).toContain('configuration error');
    expect(byFile.summary).not.toMatch(/<img|<script/);
  });
});

describe('a configuration error in the job summary', () => {
  it('quotes input values and config text as text, never as markup', async () => {
    const run = await runBundle({
      inputs: {
        'deployment-url': world.app.url,
        'fail-on': '<img src=x onerror=alert(1)> [x](https://evil)',
      },
      env: world.runnerEnv(),
    });
    expect(run.outputs).toMatchObject({ status: 'unhealthy', reason: 'config' });
    expect(run.summary).toContain('configuration error');
    expect(run.summary).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(run.summary).not.toContain('<img');
    expect(run.summary).not.toContain('[x](https://evil)');
  });
});

describe('hostile text through every path of the CLI', () => {
  async function cli(args: string[], cwd?: string) {
    const dir = cwd ?? (await mkdtemp(join(tmpdir(), 'dhg-cli-hostile-')));
    return runNode([join(root, 'dist/cli/index.js'), ...args], {
      cwd: dir,
      env: {
        PATH: process.env.PATH ?? '',
        HOME: dir,
        GIT_CEILING_DIRECTORIES: tmpdir(),
        RUNNER_DEBUG: '1',
      },
    });
  }

  it('keeps the text report, the log and `--json -` free of commands; the JSON still parses', async () => {
    serveHostileApp();
    const dir = await workspace(hostileRules);
    const common = ['--deployment-url', world.app.url, '--health-timeout', '4s', '--force-check', 'true'];
    const text = await cli([...common, '--config', '.github/deployment-health.json'], dir);
    expect(text.code).toBe(1);
    expectNoInjectedCommand(`${text.stdout}\n${text.stderr}`);

    const json = await cli([...common, '--config', '.github/deployment-health.json', '--json', '-'], dir);
    expect(json.code).toBe(1);
    expect(injectedCommands(`${json.stdout}\n${json.stderr}`, [])).toEqual([]);
    expect(JSON.parse(json.stdout)).toMatchObject({ verdict: { status: 'unhealthy', reason: 'endpoint' } });
  });

  it('keeps configuration errors on stderr free of commands', async () => {
    const run = await cli(['--deployment-url', world.app.url, '--fail-on', EVIL_ARG]);
    expect(run.code).toBe(2);
    expectNoInjectedCommand(`${run.stdout}\n${run.stderr}`);
  });
});

describe('a secret the app echoes', () => {
  it('leaves not even its first characters where a detail is cut to length', async () => {
    // The app puts the bypass secret it received just before the 200-character cut of a service's details,
    // and inside a nested value cut at 80: redacting after the cut would leave the secret's first characters.
    world.app.route(HEALTH_PATH, (request) => {
      const secret = String(request.headers['x-vercel-protection-bypass'] ?? '');
      const body = hostileHealthBody();
      body.services.database.details = {
        note: `${'x'.repeat(180)}${secret}`,
        nested: { deeper: `${'y'.repeat(60)}${secret}` },
      } as never;
      return { status: 200, body };
    });
    const run = await runBundle({
      inputs: {
        'deployment-url': world.app.url,
        'health-timeout': '4s',
        'protection-bypass': world.bypassSecret,
      },
      env: { ...world.runnerEnv(), RUNNER_DEBUG: '1' },
    });
    expect(world.app.healthRequests().at(-1)?.headers['x-vercel-protection-bypass']).toBe(world.bypassSecret);
    const prefix = world.bypassSecret.slice(0, 8);
    const report = await readFile(run.outputs['report-path'] ?? '', 'utf8');
    expect(report).toContain('xxxxxxxxxx');
    for (const [where, text] of [
      ['log', visibleLog(run)],
      ['summary', run.summary],
      ['JSON report', report],
    ]) {
      expect(text, where).not.toContain(prefix);
    }
  });
});
