import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { runBundle, visibleLog, whenPrinted } from '../support/run-bundle.js';
import { useWorld } from '../support/world.js';

// What the runner contract promises beyond verdicts: config errors before any work, no workflow-command
// injection from remote text, no secret anywhere, cancellation, and the post step.
let hostile: Server;
let hostileUrl: string;
const world = useWorld();
beforeAll(async () => {
  // An app whose health answer tries to inject workflow commands and HTML through every text field.
  hostile = createServer((_req, res) => {
    const evil = 'db\n::set-output name=status::healthy\n::add-mask::x <script>alert(1)</script> | col';
    res.writeHead(503, { 'content-type': 'application/json' });
    res.end(
      JSON.stringify({
        timestamp: new Date().toISOString(),
        services: {
          database: { name: evil, status: 'fail', responseTime: 5, details: { provider: '::error::pwned' } },
        },
        summary: {
          overallStatus: 'unhealthy',
          totalChecks: 1,
          passedChecks: 0,
          failedChecks: 1,
          warningChecks: 0,
        },
      }),
    );
  });
  await new Promise<void>((resolve) => hostile.listen(0, '127.0.0.1', resolve));
  hostileUrl = `http://127.0.0.1:${(hostile.address() as AddressInfo).port}`;
});
afterAll(async () => {
  hostile.closeAllConnections();
  await new Promise((resolve) => hostile.close(resolve));
});

describe('runner contract', () => {
  it('fails a bad input with reason config before contacting anything', async () => {
    const before = world.vercel.requests.length;
    const run = await runBundle({
      inputs: {
        ...world.vercelInputs({ sha: 'a'.repeat(40) }),
        'wait-timeout': 'forever',
        'fail-on': 'maybe',
      },
      env: world.runnerEnv(),
    });
    expect(run.code).toBe(1);
    expect(run.outputs).toMatchObject({ status: 'unhealthy', reason: 'config' });
    expect(run.stdout).toContain('`wait-timeout` is "forever"');
    expect(run.stdout).toContain('`fail-on` is "maybe"');
    expect(run.summary).toContain('configuration error');
    expect(world.vercel.requests.length).toBe(before);
    expect(visibleLog(run)).not.toContain(world.vercelToken);
  });

  it('lets no remote text start a workflow command or reach the summary as HTML', async () => {
    const run = await runBundle({ inputs: { 'deployment-url': hostileUrl, 'health-timeout': '3s' } });
    expect(run.code).toBe(1);
    expect(run.outputs.status).toBe('unhealthy');
    const commandLines = run.stdout.split('\n').filter((line) => line.startsWith('::'));
    for (const line of commandLines) {
      expect(line).toMatch(/^::(add-mask|debug|error|warning|notice)[ :]/);
      expect(line).not.toMatch(/::set-output|::add-mask::x|::error::pwned/);
    }
    expect(run.stdout).not.toMatch(/^::set-output/m);
    expect(run.summary).not.toContain('<script>');
    // Exactly the outputs action.yml declares: remote text added none.
    const declared = Object.keys(
      parse(readFileSync(join(import.meta.dirname, '../../action.yml'), 'utf8')).outputs,
    );
    expect(Object.keys(run.outputs).sort()).toEqual(declared.sort());
  });

  it('keeps every secret out of the log, the summary and the JSON report', async () => {
    world.app.setMode('protected');
    try {
      const secrets = {
        'protection-bypass': world.bypassSecret,
        headers: 'X-Api-Key: header-secret-value-77',
        'github-token': world.githubToken,
      };
      const run = await runBundle({
        inputs: { 'deployment-url': world.app.url, ...secrets },
        env: world.runnerEnv(),
      });
      expect(run.code).toBe(0);
      const report = readFileSync(run.outputs['report-path'] as string, 'utf8');
      for (const secret of [world.bypassSecret, 'header-secret-value-77', world.githubToken]) {
        expect(visibleLog(run)).not.toContain(secret);
        expect(run.summary).not.toContain(secret);
        expect(report).not.toContain(secret);
      }
      expect(JSON.parse(report).settings).toBeDefined();
    } finally {
      world.app.setMode('healthy');
    }
  });

  it('stops promptly on SIGINT while waiting, with reason cancelled and a finished state', async () => {
    const sha = 'c'.repeat(40);
    world.deploy({ sha, buildMs: 120_000 });
    let sentAt = 0;
    const run = await runBundle({
      inputs: { ...world.vercelInputs({ sha }), 'github-token': world.githubToken, 'wait-timeout': '2m' },
      env: world.runnerEnv(),
      onSpawn: async (child) => {
        // Mid-wait, not mid-start-up: once the gate reports the build it is following.
        await whenPrinted(child, /\): (QUEUED|BUILDING)/);
        sentAt = Date.now();
        child.kill('SIGINT');
      },
    });
    const stoppedAfter = Date.now() - sentAt;
    expect(sentAt).toBeGreaterThan(0);
    expect(stoppedAfter).toBeLessThan(3000);
    expect(run.code).toBe(1);
    expect(run.outputs).toMatchObject({ status: 'unhealthy', reason: 'cancelled' });
    expect(run.state.finished).toBe('true');
  });

  it('post step: says so when the main step never finished, and stays quiet when it did', async () => {
    const killed = await runBundle({ entry: 'post', state: {} });
    expect(killed.code).toBe(0);
    expect(killed.stdout).toMatch(/::warning title=Deployment health gate did not finish::/);
    expect(killed.summary).toContain('did not finish');

    const finished = await runBundle({ entry: 'post', state: { finished: 'true' } });
    expect(finished.code).toBe(0);
    expect(finished.stdout).toBe('');
    expect(finished.summary).toBe('');
  });
});
