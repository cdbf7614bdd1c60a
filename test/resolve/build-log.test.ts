import { describe, expect, it } from 'vitest';
import { BUILD_LOG_LINE_CHARS, BuildLogTail, buildOutputLines } from '../../src/resolve/build-log.js';
import type { ResolvePolicy } from '../../src/resolve/index.js';
import { lastLines } from '../../src/resolve/vercel-build-log.js';
import type { InputName } from '../../src/settings/inputs.js';
import type { TimelineStep } from '../world/vercel-api.js';
import { resolveThroughVercel, SHA, stopped, useVercelSim, VERCEL_TOKEN } from './harness.js';

const ERROR_MESSAGE = 'Command "npm run build" exited with 1';

const { sim, h } = useVercelSim();

const resolve = (inputs: Partial<Record<InputName, string>> = {}, policy: Partial<ResolvePolicy> = {}) =>
  resolveThroughVercel({ sim, h }, inputs, { policy });

const failing: TimelineStep[] = [
  { state: 'QUEUED', afterMs: 0 },
  { state: 'BUILDING', afterMs: 100 },
  { state: 'ERROR', afterMs: 500 },
];

/** 40 numbered lines with colours, as `next build` prints them, then the compiler's error. */
const longLog = [
  ...Array.from({ length: 38 }, (_, i) => `\u001b[32m✓\u001b[39m step ${i + 1}`),
  '\u001b[31m\u001b[1mType error:\u001b[22m\u001b[39m Property `id` does not exist on type `User`.',
  '> Build error occurred',
];

/** A build of `SHA` that fails with the long log and the compiler's error. */
const addFailedBuild = () =>
  sim.addDeployment({
    project: 'web',
    sha: SHA,
    timeline: failing,
    buildLog: longLog,
    errorMessage: ERROR_MESSAGE,
  });

const fetchRequests = () => sim.requests.filter((r) => r.path.endsWith('/events') && r.query.direction);

describe('a failed build brings the last lines of its output', () => {
  it('through the events stream: the last 30 output lines, colours stripped, the error last, no extra request', async () => {
    addFailedBuild();
    const outcome = stopped(await resolve());
    expect(outcome.reason).toBe('deployment-error');
    const log = outcome.buildLog ?? [];
    expect(log).toHaveLength(30);
    // The stderr line Vercel writes after the ERROR state is read too (the stream is drained).
    expect(log.at(-1)).toBe(ERROR_MESSAGE);
    expect(log.at(-2)).toBe('> Build error occurred');
    expect(log.at(-3)).toBe('Type error: Property `id` does not exist on type `User`.');
    expect(log).toContain('✓ step 38');
    expect(log).not.toContain('✓ step 8');
    expect(log.join('\n')).not.toContain('\u001b');
    // State events are not output; keep-alives are skipped.
    expect(log.some((line) => line.includes('{'))).toBe(false);
    expect(fetchRequests()).toHaveLength(0);
    // list + stream + one confirmation, as for any build
    expect(outcome.requests).toBe(3);
  });

  it('while polling: one backward, limited events request after ERROR, oldest line first', async () => {
    addFailedBuild();
    const outcome = stopped(await resolve({}, { useStream: false }));
    expect(outcome.reason).toBe('deployment-error');
    const fetches = fetchRequests();
    expect(fetches).toHaveLength(1);
    expect(fetches[0]?.query).toMatchObject({ direction: 'backward', builds: '1', follow: '0' });
    expect(Number(fetches[0]?.query.limit)).toBeGreaterThanOrEqual(30);
    expect(fetches[0]?.headers.authorization).toBe(`Bearer ${VERCEL_TOKEN}`);
    const log = outcome.buildLog ?? [];
    expect(log).toHaveLength(30);
    expect(log.at(-1)).toBe(ERROR_MESSAGE);
    expect(log.at(-3)).toBe('Type error: Property `id` does not exist on type `User`.');
    expect(log.indexOf('✓ step 37')).toBeLessThan(log.indexOf('✓ step 38'));
    expect(log.join('\n')).not.toContain('\u001b');
  });

  it('for a deployment that had already failed when it was found', async () => {
    sim.addDeployment({
      project: 'web',
      sha: SHA,
      timeline: [{ state: 'ERROR', afterMs: 0 }],
      buildLog: ['Installing dependencies…', 'npm ERR! code ERESOLVE', 'npm ERR! ERESOLVE could not resolve'],
      errorMessage: ERROR_MESSAGE,
    });
    const outcome = stopped(await resolve());
    expect(outcome.buildLog).toEqual([
      'Installing dependencies…',
      'npm ERR! code ERESOLVE',
      'npm ERR! ERESOLVE could not resolve',
      ERROR_MESSAGE,
    ]);
    expect(sim.requestCount({ path: '/events' })).toBe(1);
  });

  it('a stream that kept breaking before the end: the lines come from one fetch, once each', async () => {
    sim.breakEventsStream(8);
    const log = Array.from({ length: 20 }, (_, i) => `line ${i + 1}`);
    sim.addDeployment({
      project: 'web',
      sha: SHA,
      timeline: failing,
      buildLog: log,
      errorMessage: ERROR_MESSAGE,
    });
    const outcome = stopped(await resolve());
    expect(sim.requestCount({ path: '/events' })).toBeGreaterThan(2);
    expect(fetchRequests()).toHaveLength(1);
    const lines = outcome.buildLog ?? [];
    expect(new Set(lines).size).toBe(lines.length);
    expect(lines.slice(-3)).toEqual(['line 19', 'line 20', ERROR_MESSAGE]);
  });

  it('caps each line', async () => {
    sim.addDeployment({
      project: 'web',
      sha: SHA,
      timeline: failing,
      buildLog: [`data:${'A'.repeat(2000)}`],
      errorMessage: ERROR_MESSAGE,
    });
    const outcome = stopped(await resolve());
    const long = outcome.buildLog?.find((line) => line.startsWith('data:')) ?? '';
    expect(long).toHaveLength(BUILD_LOG_LINE_CHARS);
    expect(long.endsWith('…')).toBe(true);
  });

  it('retries the fetch once after a 5xx', async () => {
    sim.failNext(1, { status: 502, path: '/events' });
    sim.addDeployment({
      project: 'web',
      sha: SHA,
      timeline: [{ state: 'ERROR', afterMs: 0 }],
      buildLog: ['boom'],
      errorMessage: ERROR_MESSAGE,
    });
    const outcome = stopped(await resolve());
    expect(outcome.buildLog).toEqual(['boom', ERROR_MESSAGE]);
    expect(fetchRequests().map((r) => r.status)).toEqual([502, 200]);
  });

  it('a fetch that is refused costs only the lines: still deployment-error, and a debug line says why', async () => {
    sim.refuseEventsStream(403);
    sim.addDeployment({ project: 'web', sha: SHA, timeline: failing, buildLog: ['x'], errorMessage: 'no' });
    const outcome = stopped(await resolve());
    expect(outcome.reason).toBe('deployment-error');
    expect(outcome.buildLog).toBeUndefined();
    expect(fetchRequests()).toHaveLength(1);
    const debug = h.deps.logger.lines.find((l) => l.level === 'debug' && /build output/.test(l.message));
    expect(debug?.message).toMatch(/Could not fetch the build output of dpl_\w+ .*HTTP 403/);
    expect(h.deps.logger.text()).not.toContain(VERCEL_TOKEN);
  });

  it('a fetch that hangs is given up after its budget, well before wait-timeout', async () => {
    sim.setLatency(5000, { path: '/events' });
    sim.addDeployment({
      project: 'web',
      sha: SHA,
      timeline: [{ state: 'ERROR', afterMs: 0 }],
      buildLog: ['x'],
    });
    const started = Date.now();
    const outcome = stopped(await resolve({}, { buildLogBudgetMs: 300 }));
    const took = Date.now() - started;
    expect(outcome.reason).toBe('deployment-error');
    expect(outcome.buildLog).toBeUndefined();
    expect(took).toBeGreaterThanOrEqual(280);
    expect(took).toBeLessThan(1000);
    expect(h.deps.logger.text()).toMatch(/Could not fetch the build output .*stopped after 300 ms/);
  });

  it('a cancel during the fetch ends the run as cancelled, promptly', async () => {
    sim.setLatency(5000, { path: '/events' });
    sim.addDeployment({ project: 'web', sha: SHA, timeline: [{ state: 'ERROR', afterMs: 0 }] });
    const pending = resolve();
    await new Promise((r) => setTimeout(r, 250));
    const abortedAt = Date.now();
    h.controller.abort(new Error('SIGTERM'));
    const outcome = stopped(await pending);
    expect(Date.now() - abortedAt).toBeLessThan(150);
    expect(outcome.reason).toBe('cancelled');
  });

  it('a READY build carries no lines and costs no extra request', async () => {
    sim.addDeployment({
      project: 'web',
      sha: SHA,
      timeline: [
        { state: 'BUILDING', afterMs: 0 },
        { state: 'READY', afterMs: 200 },
      ],
      buildLog: ['compiled'],
    });
    const outcome = await resolve();
    expect(outcome.kind).toBe('ready');
    expect('buildLog' in outcome).toBe(false);
    expect(fetchRequests()).toHaveLength(0);
  });
});

describe('build output lines', () => {
  it('strips colour, cursor and hyperlink sequences and control characters; CR overwrites; tabs become spaces', () => {
    expect(
      buildOutputLines(
        '\u001b[1;31mError\u001b[0m: x\r\n\u001b]8;;https://x.example\u0007link\u001b]8;;\u0007\tdone\u0007',
      ),
    ).toEqual(['Error: x', 'link  done']);
    expect(buildOutputLines('progress 10%\rprogress 99%\rprogress 100%')).toEqual(['progress 100%']);
    expect(buildOutputLines('\u009b33mC1 yellow\u009b0m \u202eevil\u200b')).toEqual(['C1 yellow evil']);
    expect(buildOutputLines('\n   \n\u001b[2K\n')).toEqual([]);
    // Indentation is part of a stack trace.
    expect(buildOutputLines('    at build (/vercel/path0/x.js:1:1)')).toEqual([
      '    at build (/vercel/path0/x.js:1:1)',
    ]);
  });

  it('caps a line without splitting an emoji', () => {
    const line = `${'a'.repeat(BUILD_LOG_LINE_CHARS - 2)}😀😀😀`;
    const [capped = ''] = buildOutputLines(line);
    expect(capped.length).toBeLessThanOrEqual(BUILD_LOG_LINE_CHARS);
    expect(capped.endsWith('…')).toBe(true);
    expect(/[\ud800-\udbff]…$/.test(capped)).toBe(false);
  });

  it('the ring keeps the last lines in order, and a replayed stream replaces them', () => {
    const tail = new BuildLogTail(3);
    for (let i = 1; i <= 7; i++) tail.add(`line ${i}`);
    expect(tail.lines()).toEqual(['line 5', 'line 6', 'line 7']);
    tail.add('a\nb');
    expect(tail.lines()).toEqual(['line 7', 'a', 'b']);
    tail.expectReplay();
    expect(tail.lines()).toEqual(['line 7', 'a', 'b']);
    tail.add('again 1');
    expect(tail.lines()).toEqual(['again 1']);
  });

  it('reads a backward JSON array, a forward one and newline-delimited JSON in time order', () => {
    const event = (created: number, type: string, text: string, flat = false) =>
      flat ? { type, created, text } : { type, created, payload: { text, date: created } };
    const forward = [
      event(1, 'command', 'Running "npm run build"'),
      { type: 'deployment-state', created: 2, payload: { info: { readyState: 'BUILDING' } } },
      event(3, 'stdout', 'compiling', true),
      event(4, 'delimiter', 'Build Completed'),
      event(5, 'stderr', 'failed'),
    ];
    const expected = ['Running "npm run build"', 'compiling', 'failed'];
    expect(lastLines(JSON.stringify([...forward].reverse()))).toEqual(expected);
    expect(lastLines(JSON.stringify(forward))).toEqual(expected);
    expect(lastLines(`{}\n${forward.map((e) => JSON.stringify(e)).join('\n')}\n`)).toEqual(expected);
    expect(lastLines('[]')).toEqual([]);
    expect(() => lastLines('[not json')).toThrow(SyntaxError);
  });
});
