import { describe, expect, it } from 'vitest';
import { GITHUB_REPORT_STATE } from '../../../src/sinks/github/index.js';
import { healthyRun, unhealthyDatabaseRun } from '../../support/runs.js';
import { drivePhases, inSession, SHA, session, until, useGitHubSim } from './harness.js';

const sim = useGitHubSim();

const writes = (path: string) =>
  sim.requests.filter((r) => r.method !== 'GET' && r.path.includes(path)).length;

describe('a token that may not write', () => {
  it('turns a 403 on check runs into one warning naming `checks: write`, and writes no more check runs', async () => {
    sim.denyPermission('checks');
    const s = session(sim);
    await drivePhases(s, { watch: false });
    await until(() => sim.deployments[0]?.statuses.length === 1, 'the in_progress deployment status');
    const result = await s.reports.finish(inSession(s, unhealthyDatabaseRun()));

    expect(result).toEqual({});
    const warnings = s.deps.logger.warnings();
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain('`checks: write`');
    expect(warnings[0]).toContain('permissions:');
    expect(warnings[0]).toContain('the verdict still decides the step');
    // The first write was refused; none followed, not even the final one.
    expect(writes('/check-runs')).toBe(1);
    expect(sim.checkRuns).toHaveLength(0);
    expect(s.state.has(GITHUB_REPORT_STATE.checkRunId)).toBe(false);
    // The deployment status is another permission and carries on.
    expect(sim.deployments[0]?.statuses.map((st) => st.state)).toEqual(['failure', 'in_progress']);
    sim.assertNoViolations();
    await s.close();
  });

  it('says why a pull request from a fork cannot write, once', async () => {
    sim.denyPermission('checks');
    sim.denyPermission('deployments');
    const s = session(sim, {
      context: {
        eventName: 'pull_request',
        payload: {
          pull_request: {
            head: { sha: SHA, repo: { full_name: 'mallory/shop', fork: true } },
            base: { repo: { full_name: 'acme/shop' } },
          },
        },
      },
    });
    await drivePhases(s, { watch: false });
    await s.reports.finish(inSession(s, healthyRun()));
    const warnings = s.deps.logger.warnings();
    expect(warnings).toHaveLength(2);
    expect(warnings.find((w) => w.includes('`checks: write`'))).toContain('pull request from a fork');
    expect(warnings.find((w) => w.includes('`deployments: write`'))).toContain('pull request from a fork');
    expect(writes('/check-runs')).toBe(1);
    expect(writes('/deployments')).toBe(1);
    sim.assertNoViolations();
    await s.close();
  });

  it('turns a 403 on deployments into one warning naming `deployments: write`; the check run completes', async () => {
    sim.denyPermission('deployments');
    const s = session(sim);
    await drivePhases(s);
    const result = await s.reports.finish(inSession(s, healthyRun()));
    expect(result.checkRunId).toBe(sim.checkRuns[0]?.id);
    expect(sim.checkRuns[0]?.conclusion).toBe('success');
    const warnings = s.deps.logger.warnings();
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain('`deployments: write`');
    // One refused POST /deployments; no status was attempted on anything.
    expect(writes('/deployments')).toBe(1);
    expect(sim.deployments).toHaveLength(0);
    sim.assertNoViolations();
    await s.close();
  });

  it('stops at one warning when GitHub refuses the token (401)', async () => {
    sim.failNext(1, { status: 401, body: { message: 'Bad credentials' } });
    const s = session(sim);
    await drivePhases(s, { watch: false });
    await s.reports.finish(inSession(s, healthyRun()));
    const warnings = s.deps.logger.warnings();
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain('401');
    expect(warnings[0]).toContain('`github-token`');
    // Nothing is written after the refusal, in either report (a read already in flight may complete).
    expect(sim.requests.filter((r) => r.method !== 'GET')).toHaveLength(1);
    expect(sim.deployments).toHaveLength(0);
    sim.assertNoViolations();
    await s.close();
  });
});

describe('GitHub trouble', () => {
  it('retries a 502 and carries on as if nothing happened', async () => {
    sim.failNext(1, { status: 502, path: '/check-runs' });
    const s = session(sim);
    await drivePhases(s);
    await s.reports.finish(inSession(s, healthyRun()));
    expect(sim.checkRuns).toHaveLength(1);
    expect(sim.checkRuns[0]?.conclusion).toBe('success');
    expect(s.requests({ method: 'POST', path: '/check-runs' })).toBe(2);
    expect(s.deps.logger.warnings()).toEqual([]);
    sim.assertNoViolations();
    await s.close();
  });

  it('waits as long as Retry-After asks before retrying', async () => {
    // A second of retry waiting lasts 10 ms in tests: `Retry-After: 8` means 80 ms, the plugin's own wait 10.
    sim.failNext(1, { status: 503, retryAfter: 8, path: '/check-runs' });
    const s = session(sim);
    await s.reports.finish(inSession(s, healthyRun()));
    const posts = sim.requests.filter((r) => r.method === 'POST' && r.path.includes('/check-runs'));
    expect(posts).toHaveLength(2);
    expect((posts[1]?.at ?? 0) - (posts[0]?.at ?? 0)).toBeGreaterThanOrEqual(75);
    expect(sim.checkRuns[0]?.conclusion).toBe('success');
    sim.assertNoViolations();
    await s.close();
  });

  it('adds jitter to the retry plugin’s waits, never shortening them', async () => {
    // The plugin's first wait is one second (200 ms here); with the harness's random 0.5, 10% more.
    sim.failNext(1, { status: 503, path: '/check-runs' });
    const s = session(sim, { tuning: { secondMs: 200 } });
    await s.reports.finish(inSession(s, healthyRun()));
    const posts = sim.requests.filter((r) => r.method === 'POST' && r.path.includes('/check-runs'));
    expect(posts).toHaveLength(2);
    expect((posts[1]?.at ?? 0) - (posts[0]?.at ?? 0)).toBeGreaterThanOrEqual(218);
    expect(sim.checkRuns[0]?.conclusion).toBe('success');
    await s.close();
  });

  it('stops reading an answer past the size cap: a warning, no crash, the verdict untouched', async () => {
    const huge = { id: 1, padding: 'x'.repeat(300_000) };
    sim.failNext(5, { status: 201, path: '/check-runs', body: huge });
    const s = session(sim, { tuning: { maxResponseBytes: 64 * 1024 } });
    const result = await s.reports.finish(inSession(s, unhealthyDatabaseRun()));
    expect(result.checkRunId).toBeUndefined();
    // Not read a second time: it would be just as large.
    expect(s.requests({ method: 'POST', path: '/check-runs' })).toBe(1);
    const warnings = s.deps.logger.warnings();
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/larger than 65536 bytes/);
    await s.close();
  });

  it('a check run answer without an id: one warning, no update of check run NaN', async () => {
    sim.failNext(1, { status: 201, path: '/check-runs', body: '<html>proxy page</html>' });
    const s = session(sim);
    const result = await s.reports.finish(inSession(s, healthyRun()));
    expect(result.checkRunId).toBeUndefined();
    expect(s.deps.logger.warnings()).toEqual([expect.stringMatching(/no id in its answer/)]);
    expect(sim.requests.some((r) => r.path.includes('NaN'))).toBe(false);
    await s.close();
  });

  it('waits out a secondary rate limit instead of taking it for a missing permission', async () => {
    sim.failNext(1, {
      status: 403,
      retryAfter: 3,
      path: '/check-runs',
      body: {
        message: 'You have exceeded a secondary rate limit. Please wait a few minutes before you try again.',
      },
    });
    const s = session(sim);
    await drivePhases(s);
    await s.reports.finish(inSession(s, healthyRun()));
    expect(sim.checkRuns[0]?.conclusion).toBe('success');
    expect(s.deps.logger.warnings()).toEqual([]);
    expect(s.deps.logger.lines.some((l) => l.message.includes('secondary rate limit'))).toBe(true);
    sim.assertNoViolations();
    await s.close();
  });

  it('gives up after bounded retries with a warning, never an exception, and the verdict untouched', async () => {
    sim.failNext(100, { status: 500, path: '/check-runs' });
    const s = session(sim);
    await drivePhases(s, { watch: false });
    const run = inSession(s, unhealthyDatabaseRun());
    await expect(s.reports.finish(run)).resolves.toEqual({});
    expect(run.verdict.status).toBe('unhealthy');
    expect(run.gateFailed).toBe(true);
    // Create at start (3 tries), create at the end (3 tries): retries are bounded, phases wait for a run.
    expect(s.requests({ path: '/check-runs' })).toBe(6);
    const warnings = s.deps.logger.warnings();
    expect(warnings).toHaveLength(2);
    expect(warnings.every((w) => w.startsWith('Could not create') && w.includes('answered 500'))).toBe(true);
    // Two failed calls in a row: the check run is given up on rather than tried again and again.
    expect(warnings[1]).toContain('the check-run report is off for the rest of this run');
    sim.assertNoViolations();
    await s.close();
  });

  it('gives a request that hangs a timeout, then retries it', async () => {
    const s = session(sim, { tuning: { requestTimeoutMs: 150 } });
    sim.setLatency(400, { method: 'POST', path: '/check-runs' });
    const started = Date.now();
    await s.reports.finish(inSession(s, healthyRun()));
    const elapsed = Date.now() - started;
    expect(s.requests({ method: 'POST', path: '/check-runs' })).toBe(3);
    expect(elapsed).toBeLessThan(2000);
    expect(s.deps.logger.warnings()[0]).toMatch(
      /Could not create the completed check run: GitHub could not be reached/,
    );
    sim.setLatency(0);
    sim.assertNoViolations();
    await s.close();
  });
});
