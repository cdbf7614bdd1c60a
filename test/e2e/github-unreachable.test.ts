import { createServer, type Server, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runBundle, visibleLog } from '../support/run-bundle.js';
import { type SampleApp, startSampleApp } from '../world/sample-app.js';

// The bundle with a GitHub that cannot be reached: the verdict, the outputs and the exit code are the
// deployment's, and the step ends soon after the reports' 15 s budget (REPORT_BUDGET_MS) instead of waiting out
// every request's timeout and retries. The bounds are generous (the budget plus slack): they prove the run
// ends, not how fast.

const BOUND_MS = 30_000;
const SHA = 'ab'.repeat(20);

let app: SampleApp;
let hanging: Server;
const held = new Set<Socket>();
let connections = 0;
beforeAll(async () => {
  app = await startSampleApp();
  // Accepts every connection and never answers.
  hanging = createServer((socket) => {
    connections++;
    held.add(socket);
    socket.on('close', () => held.delete(socket));
  });
  await new Promise<void>((resolve) => hanging.listen(0, '127.0.0.1', resolve));
});
afterAll(async () => {
  for (const socket of held) socket.destroy();
  await new Promise((resolve) => hanging.close(resolve));
  await app.close();
});

/** A port nothing listens on: connections are refused. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

const gate = (apiUrl: string, entry: 'main' | 'post' = 'main', state: Record<string, string> = {}) =>
  runBundle({
    entry,
    state,
    inputs: { 'deployment-url': app.url, sha: SHA, 'github-token': 'ghs_unreachable0123456789' },
    env: { GITHUB_API_URL: apiUrl, GITHUB_REPOSITORY: 'acme/shop' },
    timeoutMs: 90_000,
  });

function expectHealthyVerdict(run: Awaited<ReturnType<typeof gate>>) {
  expect(run.signal).toBeNull();
  expect(run.code).toBe(0);
  expect(run.outputs).toMatchObject({
    status: 'healthy',
    reason: 'ok',
    'deployment-url': app.url,
    sha: SHA,
    'check-run-id': '',
  });
  expect(run.summary).toContain('Healthy');
  expect(run.state.finished).toBe('true');
}

describe('GitHub unreachable while reporting', () => {
  it('GitHub hangs: the healthy verdict stands, one warning says what was not written, the step ends; so does the post step', async () => {
    const apiUrl = `http://127.0.0.1:${(hanging.address() as { port: number }).port}`;
    let begun = Date.now();
    const run = await gate(apiUrl);
    expect(Date.now() - begun).toBeLessThan(BOUND_MS);
    expectHealthyVerdict(run);
    const warnings = visibleLog(run)
      .split('\n')
      .filter((line) => line.startsWith('::warning'));
    const budget = warnings.filter((w) => w.includes('GitHub did not take the reports within 15 s'));
    expect(budget).toHaveLength(1);
    expect(budget[0]).toContain('the check run (`success`)');
    expect(budget[0]).toContain('post step');
    // The verdict is saved for the post step; nothing is recorded as written.
    expect(run.state['github-check-run-conclusion']).toBe('success');
    expect(run.state['github-check-run-completed']).toBeUndefined();

    begun = Date.now();
    const post = await gate(apiUrl, 'post', run.state);
    expect(Date.now() - begun).toBeLessThan(BOUND_MS);
    expect(post.code).toBe(0);
    expect(visibleLog(post)).toMatch(/GitHub did not answer within 15 s, so the post step stopped/);
  }, 90_000);

  it('GitHub refuses connections: the healthy verdict stands and the step ends', async () => {
    const begun = Date.now();
    const run = await gate(`http://127.0.0.1:${await closedPort()}`);
    expect(Date.now() - begun).toBeLessThan(BOUND_MS);
    expectHealthyVerdict(run);
    expect(visibleLog(run)).toMatch(/::warning::Could not create the check run: GitHub could not be reached/);
  }, 90_000);
});

describe('no GitHub reports possible', () => {
  it('without a github-token: one line says the check run and deployment status are skipped, and how to have them', async () => {
    const run = await runBundle({
      inputs: { 'deployment-url': app.url, sha: SHA, 'github-token': '' },
      env: { GITHUB_REPOSITORY: 'acme/shop' },
    });
    expect(run.code).toBe(0);
    expect(run.outputs.status).toBe('healthy');
    const lines = visibleLog(run)
      .split('\n')
      .filter((line) => line.includes('github-token'));
    expect(lines).toHaveLength(1);
    expect(lines[0]).not.toMatch(/^::(warning|error)/);
    expect(lines[0]).toContain(
      'No `github-token`, so the check run and the deployment status are not written to GitHub',
    );
    expect(lines[0]).toContain('permissions: { contents: read, checks: write, deployments: write }');
  });

  it('without GITHUB_REPOSITORY: one line says so, and nothing is sent to GitHub', async () => {
    const before = connections;
    const run = await runBundle({
      inputs: { 'deployment-url': app.url, sha: SHA, 'github-token': 'ghs_unreachable0123456789' },
      // A GitHub that would hang: any request to it shows as a connection.
      env: {
        GITHUB_REPOSITORY: '',
        GITHUB_API_URL: `http://127.0.0.1:${(hanging.address() as { port: number }).port}`,
      },
    });
    expect(run.code).toBe(0);
    expect(run.outputs.status).toBe('healthy');
    const lines = visibleLog(run)
      .split('\n')
      .filter((line) => line.includes('GITHUB_REPOSITORY'));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain('`GITHUB_REPOSITORY` is not set');
    expect(visibleLog(run)).not.toContain('::warning');
    expect(connections).toBe(before);
  });

  it('says nothing when the reports are switched off', async () => {
    const run = await runBundle({
      inputs: { 'deployment-url': app.url, sha: SHA, 'github-token': '', report: 'summary,annotations' },
      env: { GITHUB_REPOSITORY: 'acme/shop' },
    });
    expect(run.code).toBe(0);
    expect(visibleLog(run)).not.toContain('github-token');
  });
});
