import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { runBundle, visibleLog } from '../support/run-bundle.js';
import { shaSeries, useWorld } from '../support/world.js';
import type { TimelineStep } from '../world/vercel-api.js';

// The bundle, run as the runner runs it, meets a failed build and shows why it failed: the last lines of
// the build output in the job summary, the check run, the log and the JSON report.
const world = useWorld({
  afterEach: (world) => {
    world.github.assertNoViolations();
  },
});

const nextSha = shaSeries('b1');
const ERROR_MESSAGE = 'Command "npm run build" exited with 1';

/** A realistic tail: colours, a secret the build echoed, and a line that tries to close a code fence. */
const buildLog = (secret: string) => [
  '\u001b[36mRunning "npm run build"\u001b[39m',
  '> next build',
  ...Array.from({ length: 30 }, (_, i) => `   Generating static pages (${i + 1}/30)`),
  `NEXT_PUBLIC_BYPASS=${secret}`,
  '```',
  '\u001b[31mFailed to compile.\u001b[39m',
  './app/page.tsx:3:7 Type error: Cannot find name `nope`.',
];

function failingDeployment(sha: string, timeline: TimelineStep[]) {
  return world.vercel.addDeployment({
    project: 'shop',
    sha,
    url: new URL(world.app.url).host,
    timeline,
    buildLog: buildLog(world.bypassSecret),
    errorMessage: ERROR_MESSAGE,
  });
}

const gate = (sha: string) =>
  runBundle({
    inputs: {
      ...world.vercelInputs({ sha }),
      'github-token': world.githubToken,
      'protection-bypass': world.bypassSecret,
      'health-timeout': '5s',
    },
    env: world.runnerEnv(),
  });

/** The lines between the block's opening fence and the first line that closes it (CommonMark's rule). */
function fencedBlock(markdown: string): string[] {
  const lines = markdown.split('\n');
  const title = lines.indexOf('### Last lines of the build output');
  const open = lines.findIndex((line, i) => i > title && /^`{3,}text$/.test(line));
  const fence = /^`+/.exec(lines[open] ?? '')?.[0].length ?? 3;
  const close = lines.findIndex((line, i) => i > open && new RegExp(`^\`{${fence},}\\s*$`).test(line));
  expect(title).toBeGreaterThan(-1);
  expect(close).toBeGreaterThan(open);
  return lines.slice(open + 1, close);
}

describe('a failed build’s last lines, from the bundle', () => {
  it('followed through the events stream: summary, check run, log and JSON report show why', async () => {
    const sha = nextSha();
    // Long enough that the bundle (node start-up included) finds it still building, even on a busy machine
    // (2 s was not, with two test runs and a browser side by side on two cores).
    const deployment = failingDeployment(sha, [
      { state: 'QUEUED', afterMs: 0 },
      { state: 'BUILDING', afterMs: 100 },
      { state: 'ERROR', afterMs: 5000 },
    ]);
    const run = await gate(sha);
    expect(run.code).toBe(1);
    expect(run.outputs).toMatchObject({ status: 'unhealthy', reason: 'deployment-error', sha });

    const block = fencedBlock(run.summary);
    expect(block).toHaveLength(30);
    expect(block.slice(-5)).toEqual([
      'NEXT_PUBLIC_BYPASS=***',
      '```',
      'Failed to compile.',
      './app/page.tsx:3:7 Type error: Cannot find name `nope`.',
      ERROR_MESSAGE,
    ]);
    expect(run.summary).toContain(deployment.inspectorUrl);
    expect(run.summary).not.toContain('\u001b');
    expect(run.summary).not.toContain(world.bypassSecret);

    const checkRun = world.github.findCheckRun({ name: 'Deployment health', head_sha: sha });
    expect(checkRun?.conclusion).toBe('failure');
    expect(fencedBlock(checkRun?.output.summary ?? '').slice(-2)).toEqual([
      './app/page.tsx:3:7 Type error: Cannot find name `nope`.',
      ERROR_MESSAGE,
    ]);
    expect(JSON.stringify(checkRun?.output)).not.toContain(world.bypassSecret);

    const log = visibleLog(run);
    expect(log).toContain('Last 5 lines of the build output (the job summary shows 30):');
    expect(log).toContain(`  | ${ERROR_MESSAGE}`);
    expect(log).toContain('  | NEXT_PUBLIC_BYPASS=***');
    expect(log).not.toContain(world.bypassSecret);

    const report = JSON.parse(await readFile(run.outputs['report-path'] ?? '', 'utf8'));
    expect(report.wait.buildLog).toHaveLength(30);
    expect(report.wait.buildLog.at(-1)).toBe(ERROR_MESSAGE);
    expect(JSON.stringify(report)).not.toContain(world.bypassSecret);

    // The stream carried the lines: no separate request for them.
    const events = world.vercel.requests.filter((r) => r.path === `/v3/deployments/${deployment.id}/events`);
    expect(events.every((r) => r.query.follow === '1')).toBe(true);
  });

  it('already failed when found: the lines come from one backward events request', async () => {
    const sha = nextSha();
    const deployment = failingDeployment(sha, [{ state: 'ERROR', afterMs: 0 }]);
    const run = await gate(sha);
    expect(run.code).toBe(1);
    expect(run.outputs.reason).toBe('deployment-error');
    const events = world.vercel.requests.filter((r) => r.path === `/v3/deployments/${deployment.id}/events`);
    expect(events.map((r) => r.query)).toEqual([
      expect.objectContaining({ direction: 'backward', builds: '1' }),
    ]);
    expect(fencedBlock(run.summary).slice(-3)).toEqual([
      'Failed to compile.',
      './app/page.tsx:3:7 Type error: Cannot find name `nope`.',
      ERROR_MESSAGE,
    ]);
    expect(run.summary).not.toContain(world.bypassSecret);
  });
});
