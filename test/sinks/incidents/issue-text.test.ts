import { describe, expect, it } from 'vitest';
import type { Incident, RunRecord } from '../../../src/history/types.js';
import type { IncidentEvent } from '../../../src/monitor/types.js';
import { codeSpan, inlineText } from '../../../src/sinks/incidents/issue-markdown.js';
import {
  issueTitle,
  lastedFor,
  markerFor,
  openedBody,
  reminderComment,
  resolvedComment,
  updatedComment,
} from '../../../src/sinks/incidents/issue-text.js';
import { HOUR, MINUTE, RUN_URL, record, SHOP_URL, T0 } from './records.js';

const ZWJ = '\u200d';
const DASHBOARD = 'https://acme.github.io/shop/targets/shop.html';

function incidentOf(r: RunRecord, extra: Partial<Incident> = {}): Incident {
  return {
    target: 'shop',
    state: 'open',
    openedAt: r.at,
    status: r.status,
    reason: r.reason,
    message: r.message,
    lastNoticeAt: r.at,
    ...extra,
  };
}

function opened(r: RunRecord): IncidentEvent {
  return { kind: 'opened', target: 'shop', incident: incidentOf(r), record: r };
}

/** Hostile remote text in every field that reaches an issue. */
function hostileRecord(): RunRecord {
  return record('unhealthy', T0, {
    message:
      'cc @org/team and @everyone: <img src=x onerror=alert(1)> [click](javascript:alert(1)) ::error::boom',
    services: [
      {
        key: '@org/team',
        name: '<img src=x onerror=alert(1)>',
        status: 'fail',
        detail:
          'see ](javascript:alert(1)) and #12 and https://evil.example/x and www.evil.example, mail a@b.example',
      },
      {
        key: 'back`tick``s',
        name: '**bold** _it_ ~~s~~',
        status: 'warn',
        detail: 'line1\n# Heading\n@everyone\r\n::error::x',
      },
      {
        key: 'entity',
        name: '&#64;org/team &lt;b&gt;',
        status: 'fail',
        detail: '##[error]legacy ![img](https://evil.example/p.png)',
      },
    ],
    findings: [
      {
        source: 'rule',
        id: '<script>',
        title: '@admins [x](https://evil.example) `code`',
        status: 'unhealthy',
      },
    ],
  });
}

/** The text outside code spans, where Markdown, mentions and autolinks are live. */
function outsideCodeSpans(markdown: string): string {
  return markdown.replace(/(`+)(?:(?!\1)[\s\S])*?\1/g, ' CODE ');
}

describe('issue text', () => {
  it('titles say the status, the target and the reason in words', () => {
    expect(issueTitle(incidentOf(record('unhealthy', T0)))).toBe(
      '🔴 shop is unhealthy: health endpoint reports a problem',
    );
    expect(issueTitle(incidentOf(record('degraded', T0, { reason: 'rules' })))).toBe(
      '🟡 shop is degraded: alert rule triggered',
    );
  });

  it('hides the marker in the body, says what failed, since when, and links the run, deployment and dashboard', () => {
    const body = openedBody(opened(record('unhealthy', T0 + 5 * MINUTE)), {
      runUrl: RUN_URL,
      dashboardUrl: DASHBOARD,
    });
    expect(body.split('\n')[0]).toBe('<!-- deployment-health-incident: shop -->');
    expect(body).toContain('**Since:** 2025-10-12 10:05 UTC');
    expect(body).toContain('**Reason:** health endpoint reports a problem (`endpoint`)');
    expect(body).toContain('❌ `database` Database (fail, 40 ms): timeout');
    expect(body).not.toContain('`cache`');
    expect(body).toContain('rule `database_connection_failure`: Database Connection Failure');
    expect(body).toContain('**Health requests:** 1 of 1 failed (HTTP 503).');
    expect(body).toContain(
      `[workflow run](${RUN_URL}) · [deployment](${SHOP_URL}/) · [dashboard](${DASHBOARD})`,
    );
  });

  it('keeps the marker a closed HTML comment whatever the target is called', () => {
    expect(markerFor('shop-eu')).toBe('<!-- deployment-health-incident: shop-eu -->');
    expect(markerFor('x --> <b>y</b>')).toBe('<!-- deployment-health-incident: x_-____b_y__b_ -->');
  });

  it('lets no remote text become markup, HTML, a link, a mention, a reference or a workflow command', () => {
    const event = opened(hostileRecord());
    const texts = [
      openedBody(event, { runUrl: RUN_URL }),
      updatedComment({ ...event, kind: 'updated', previous: { status: 'degraded', reason: 'rules' } }, {}),
      reminderComment({ ...event, kind: 'reminder' }, {}),
    ];
    for (const text of texts) {
      const live = outsideCodeSpans(text);
      // Every @ outside a code span is followed by a zero-width joiner: no mention, no e-mail autolink.
      expect(live).not.toMatch(new RegExp(`@(?!${ZWJ})`));
      // Remote `<`, `[`, `]`, `(`, `!`, `*`, `_`, `&` are escaped; our own links are the only live `](`.
      expect(live).not.toMatch(/(?<!\\)<(?!!-- deployment-health-incident|sub>|\/sub>)/);
      for (const m of live.matchAll(/(?<!\\)\]\(/g)) {
        expect(live.slice(m.index + 2)).toMatch(/^https:\/\/(github\.com|shop\.example\.com)\//);
      }
      expect(live).not.toMatch(/(?<!\\)&#/);
      expect(live).not.toMatch(/(?<![\\*])\*\*bold/);
      expect(live).not.toMatch(/#\d/);
      expect(live).not.toMatch(/https?:\/\/evil|www\.evil/);
      expect(text).not.toContain('::');
      expect(text).not.toContain('##[');
      // Remote line breaks do not start lines of their own.
      expect(text.split('\n')).not.toContain('# Heading');
      expect(text.split('\n').some((line) => /^@everyone/.test(line))).toBe(false);
    }
    const body = texts[0] ?? '';
    // The names stay readable, as code or as escaped text.
    expect(body).toContain('`@org/team`');
    expect(body).toContain('\\<img src\\=x onerror\\=alert\\(1\\)\\>');
    expect(body).toContain('```back`tick``s```');
  });

  it('code spans take any backticks; inline text escapes every punctuation mark', () => {
    expect(codeSpan('a`b')).toBe('``a`b``');
    expect(codeSpan('`edge`')).toBe('`` `edge` ``');
    expect(codeSpan('')).toBe('\\(none\\)');
    expect(inlineText('[x](y) @me #1 https://e.example')).toBe(
      `\\[x\\]\\(y\\) @${ZWJ}me \\#${ZWJ}1 https\\:${ZWJ}\\/\\/e\\.example`,
    );
  });

  it('comments say what changed, how long it has lasted, and how long it lasted in all', () => {
    const r = record('degraded', T0 + 2 * HOUR, { reason: 'rules', message: 'error rate 7 % > 5 %' });
    const incident = incidentOf(r, { openedAt: T0 });
    const update = updatedComment(
      {
        kind: 'updated',
        target: 'shop',
        incident,
        record: r,
        previous: { status: 'unhealthy', reason: 'endpoint' },
      },
      {},
    );
    expect(update).toContain(
      '🟡 **Changed at 2025-10-12 12:00 UTC:** unhealthy → degraded (health endpoint reports a problem → alert rule triggered).',
    );
    const reminder = reminderComment({ kind: 'reminder', target: 'shop', incident, record: r }, {});
    expect(reminder).toContain(
      '**Still degraded** since 2025-10-12 10:00 UTC (2 h so far): alert rule triggered.',
    );
    const resolvedAt = T0 + 85 * MINUTE;
    const resolved = resolvedComment(
      {
        kind: 'resolved',
        target: 'shop',
        incident: { ...incident, state: 'resolved', resolvedAt },
        record: record('healthy', resolvedAt),
      },
      { runUrl: RUN_URL },
    );
    expect(resolved).toContain(
      '**Resolved after 1 h 25 min:** `shop` is healthy again since 2025-10-12 11:25 UTC',
    );
  });

  it('says durations the way a person does', () => {
    expect(lastedFor(25 * MINUTE)).toBe('25 min');
    expect(lastedFor(85 * MINUTE)).toBe('1 h 25 min');
    expect(lastedFor(3 * HOUR)).toBe('3 h');
    expect(lastedFor(51 * HOUR)).toBe('2 d 3 h');
    expect(lastedFor(48 * HOUR)).toBe('2 d');
    expect(lastedFor(40_000)).toBe('40.0 s');
  });

  it('lists at most 20 failing services and says how many more there are', () => {
    const services = Array.from({ length: 45 }, (_, i) => ({
      key: `svc${i}`,
      name: `svc${i}`,
      status: 'fail' as const,
    }));
    const body = openedBody(opened(record('unhealthy', T0, { services })), {});
    expect(body.match(/^- ❌/gm)).toHaveLength(20);
    expect(body).toContain('… and 25 more services');
  });
});
