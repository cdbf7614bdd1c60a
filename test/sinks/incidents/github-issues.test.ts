import { describe, expect, it } from 'vitest';
import { createGitHubClient } from '../../../src/clients/github-octokit.js';
import type { Incident, RunRecord, TargetState } from '../../../src/history/types.js';
import { advance } from '../../../src/monitor/hysteresis.js';
import type { IncidentEvent, IncidentReporter, Thresholds } from '../../../src/monitor/types.js';
import { createGitHubIssueReporter } from '../../../src/sinks/incidents/github-issues.js';
import { markerFor } from '../../../src/sinks/incidents/issue-text.js';
import { depsForTest } from '../../support/per-test.js';
import type { RecordingLogger } from '../../support/recording-logger.js';
import { githubRunContext } from '../../support/run-context.js';
import { FAST, useGitHubSim } from '../github/harness.js';
import { HOUR, MINUTE, RUN_URL, record, T0 } from './records.js';

const sim = useGitHubSim({ lawfulApi: true });
const LABEL = 'deployment-health';
const THRESHOLDS: Thresholds = { failureThreshold: 2, successThreshold: 2, reminderIntervalMs: 24 * HOUR };
const LINKS = { runUrl: RUN_URL, dashboardUrl: 'https://acme.github.io/shop/targets/shop.html' };

/** A reporter as one monitor run makes it, on its own client (a second call is a second run). */
function reporter(): { reporter: IncidentReporter; logger: RecordingLogger } {
  const deps = depsForTest({ agent: { connect: { timeout: 2000 } }, closeBy: 'close' });
  const octokit = createGitHubClient('ghs_simulated', githubRunContext(sim), deps, {
    ...FAST,
    notificationGapMs: 0,
  });
  return {
    reporter: createGitHubIssueReporter({ octokit, owner: 'acme', repo: 'shop', label: LABEL, deps }),
    logger: deps.logger,
  };
}

/** Runs the records through the hysteresis, reporting each event and keeping what the reporter returns. */
async function monitor(
  records: RunRecord[],
  report: IncidentReporter,
  from?: TargetState,
): Promise<{ events: IncidentEvent[]; returned: Incident[]; state: TargetState | undefined }> {
  let state = from;
  const events: IncidentEvent[] = [];
  const returned: Incident[] = [];
  for (const r of records) {
    const next = advance(state, r, THRESHOLDS);
    state = next.state;
    if (!next.event) continue;
    events.push(next.event);
    const incident = await report.report(next.event, LINKS);
    returned.push(incident);
    if (incident.state === 'open') state = { ...state, incident };
  }
  return { events, returned, state };
}

const every5 = (statuses: Array<'healthy' | 'degraded' | 'unhealthy'>, start = T0) =>
  statuses.map((s, i) => record(s, start + i * 5 * MINUTE));

const incidentIssues = () => sim.issues.all().filter((i) => !i.pull_request && i.labels.includes(LABEL));
const searches = () => sim.requests.filter((r) => r.path.includes('/search/')).length;

describe('GitHub issue incidents', () => {
  it('opens one issue, comments on a change and a reminder, and closes it with its duration', async () => {
    const { reporter: report, logger } = reporter();
    const outage = [
      ...every5(['healthy', 'unhealthy', 'unhealthy', 'unhealthy']),
      record('degraded', T0 + 20 * MINUTE, { reason: 'rules', message: 'error rate 7 % > 5 %' }),
      // The next day: still degraded, so one reminder.
      record('degraded', T0 + 25 * HOUR, { reason: 'rules', message: 'error rate 6 % > 5 %' }),
      record('degraded', T0 + 25 * HOUR + 5 * MINUTE, { reason: 'rules' }),
      ...every5(['healthy', 'healthy'], T0 + 25 * HOUR + 10 * MINUTE),
    ];
    const { events, returned } = await monitor(outage, report);

    expect(events.map((e) => e.kind)).toEqual(['opened', 'updated', 'reminder', 'resolved']);
    const issues = incidentIssues();
    expect(issues).toHaveLength(1);
    const [issue] = issues;
    if (!issue) throw new Error('no issue');
    expect(issue.title).toBe('🔴 shop is unhealthy: health endpoint reports a problem');
    expect(issue.body).toContain(markerFor('shop'));
    expect(issue.body).toContain('`database`');
    expect(issue.body).toContain('[workflow run](https://github.com/acme/shop/actions/runs/4242)');
    expect(issue.state).toBe('closed');
    expect(issue.state_reason).toBe('completed');
    const comments = sim.issues.comments(issue.number).map((c) => c.body);
    expect(comments).toHaveLength(3);
    expect(comments[0]).toContain('unhealthy → degraded');
    expect(comments[1]).toContain('**Still degraded** since 2025-10-12 10:10 UTC (1 d 1 h so far)');
    expect(comments[2]).toContain('**Resolved after 1 d 1 h:**');
    expect(returned.map((i) => i.issue?.number)).toEqual([
      issue.number,
      issue.number,
      issue.number,
      issue.number,
    ]);
    expect(returned[0]?.issue?.url).toBe(`https://github.com/acme/shop/issues/${issue.number}`);
    expect(sim.issues.labels().map((l) => l.name)).toEqual([LABEL]);
    expect(logger.warnings()).toEqual([]);
    expect(searches()).toBe(0);
    // The issue was known after it was opened: one list, one create, three comments, one close.
    expect(sim.requestCount({ method: 'GET', path: '/repos/acme/shop/issues' })).toBe(1);
  });

  it('a second run finds the open issue by its marker on page 2 and comments instead of opening another', async () => {
    const mine = sim.issues.seed({
      title: '🔴 shop is unhealthy: health endpoint reports a problem',
      body: `${markerFor('shop')}\nopened by an earlier run`,
      labels: [LABEL],
      searchable: false,
    });
    // 120 newer open incident issues of other targets push it to the second page (newest first, 100 a page).
    for (let i = 0; i < 120; i++) {
      sim.issues.seed({ title: `other ${i}`, body: markerFor(`other-${i}`), labels: [LABEL] });
    }
    const { reporter: report } = reporter();
    const { returned } = await monitor(every5(['unhealthy', 'unhealthy']), report);

    expect(returned[0]?.issue?.number).toBe(mine.number);
    expect(incidentIssues()).toHaveLength(121);
    expect(sim.issues.comments(mine.number)).toHaveLength(1);
    expect(sim.issues.comments(mine.number)[0]?.body).toContain(
      'another monitor run confirmed this incident',
    );
    const pages = sim.requests.filter((r) => r.method === 'GET' && r.path === '/repos/acme/shop/issues');
    expect(pages.map((r) => r.query.page)).toEqual(['1', '2']);
    expect(
      pages.every((r) => r.query.state === 'open' && r.query.labels === LABEL && r.query.per_page === '100'),
    ).toBe(true);
    expect(searches()).toBe(0);
  });

  it('two overlapping runs open one issue, though search does not see it yet', async () => {
    const first = reporter();
    const second = reporter();
    const records = every5(['unhealthy', 'unhealthy']);
    const a = await monitor(records, first.reporter);
    const b = await monitor(records, second.reporter);
    expect(incidentIssues()).toHaveLength(1);
    expect(b.returned[0]?.issue).toEqual(a.returned[0]?.issue);
    // The later run tells a change to the issue it found, without knowing its number beforehand.
    const later = record('degraded', T0 + 10 * MINUTE);
    const state = b.state && {
      ...b.state,
      incident: b.state.incident && { ...b.state.incident, issue: undefined },
    };
    await monitor([later], reporter().reporter, state);
    expect(sim.issues.comments(a.returned[0]?.issue?.number ?? 0).map((c) => c.body)).toEqual([
      expect.stringContaining('another monitor run confirmed this incident'),
      expect.stringContaining('unhealthy → degraded'),
    ]);
  });

  it('ignores pull requests, issues with another label and closed issues that carry the marker', async () => {
    const pr = sim.issues.seed({ title: 'PR', body: markerFor('shop'), labels: [LABEL], pull_request: true });
    const other = sim.issues.seed({ title: 'other label', body: markerFor('shop'), labels: ['bug'] });
    const closed = sim.issues.seed({
      title: 'old',
      body: markerFor('shop'),
      labels: [LABEL],
      state: 'closed',
    });
    const { returned } = await monitor(every5(['unhealthy', 'unhealthy']), reporter().reporter);

    const created = returned[0]?.issue?.number;
    expect(created).toBeGreaterThan(closed.number);
    for (const n of [pr.number, other.number, closed.number]) expect(sim.issues.comments(n)).toEqual([]);
    expect(sim.issues.get(created ?? 0)?.labels).toEqual([LABEL]);
  });

  it('writes hostile service names and messages as text: no mention, link, HTML or command', async () => {
    const hostile = (at: number) =>
      record('unhealthy', at, {
        message: 'ping @org/team <img src=x onerror=alert(1)> ::error::pwned',
        services: [
          {
            key: '@org/team',
            name: '<img src=x>',
            status: 'fail',
            detail: '[x](javascript:alert(1)) `a` #1',
          },
        ],
      });
    await monitor([hostile(T0), hostile(T0 + 5 * MINUTE)], reporter().reporter);
    const body = incidentIssues()[0]?.body ?? '';
    expect(body).toContain('`@org/team`');
    expect(body).toContain(`ping @\u200dorg\\/team \\<img src\\=x onerror\\=alert\\(1\\)\\>`);
    expect(body).not.toContain('::error::');
    expect(body).toContain('\\[x\\]\\(javascript\\:alert\\(1\\)\\)');
  });

  it('without `issues: write` warns once, naming the permission, and returns the incident as it was', async () => {
    sim.denyPermission('issues');
    const { reporter: report, logger } = reporter();
    const { returned, events } = await monitor(
      [...every5(['unhealthy', 'unhealthy']), record('degraded', T0 + 10 * MINUTE)],
      report,
    );
    expect(events.map((e) => e.kind)).toEqual(['opened', 'updated']);
    expect(returned).toEqual(events.map((e) => e.incident));
    expect(returned[0]?.issue).toBeUndefined();
    expect(incidentIssues()).toEqual([]);
    const warnings = logger.warnings();
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/GitHub answered 403 to open an incident issue for shop/);
    expect(warnings[0]).toContain('`issues: write`');
    expect(warnings[0]).toContain('`incidents: none`');
    // Off for the rest of the run: the update made no request at all.
    expect(sim.requestCount({ method: 'POST' })).toBe(1);
  });

  it('an outage is a warning; the incident comes back as it was and no duplicate is risked', async () => {
    sim.failNext(10, { status: 502, path: '/repos/acme/shop/issues' });
    const { reporter: report, logger } = reporter();
    const { returned, events } = await monitor(every5(['unhealthy', 'unhealthy']), report);
    expect(returned).toEqual(events.map((e) => e.incident));
    expect(incidentIssues()).toEqual([]);
    // The list failed: not knowing whether an issue is open, it opens none.
    expect(sim.requestCount({ method: 'POST' })).toBe(0);
    expect(logger.warnings()).toEqual([
      expect.stringMatching(
        /^Could not list the open `deployment-health` issues to find the incident of shop: GitHub answered 502/,
      ),
    ]);
    expect(logger.warnings()[0]).toContain('the next run that reports it tries the issue again');
  });

  it('a reminder for an incident whose issue is gone opens a new one with the current state', async () => {
    const { reporter: report } = reporter();
    const records = [...every5(['unhealthy', 'unhealthy']), record('unhealthy', T0 + 25 * HOUR)];
    sim.denyPermission('issues');
    const first = await monitor(records.slice(0, 2), report);
    sim.allowPermission('issues');
    const { events } = await monitor(records.slice(2), reporter().reporter, first.state);
    expect(events.map((e) => e.kind)).toEqual(['reminder']);
    expect(incidentIssues()).toHaveLength(1);
  });
});
