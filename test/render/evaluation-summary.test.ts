import { describe, expect, it } from 'vitest';
import { renderChecklist, renderRules, renderSummary, renderTimings } from '../../src/render/summary.js';
import { finalOutput } from '../../src/sinks/github/check-run-output.js';
import {
  checklistResults,
  ENV_DETAIL,
  evaluatedRun,
  HOSTILE_DETAIL,
  HOSTILE_NAME,
  healthyRun,
  makeRun,
  manyServicesRun,
  rule,
} from '../support/runs.js';

/** Lines of the section that starts with `heading`, up to the next section. */
function section(text: string, heading: string): string[] {
  const start = text.indexOf(heading);
  if (start < 0) return [];
  return text.slice(start).split('\n\n### ')[0]?.split('\n') ?? [];
}

const tableRows = (lines: string[]) => lines.filter((l) => l.startsWith('| ') && !l.startsWith('| Result'));

/** Cells of a table row, splitting on pipes that are not escaped. */
const cells = (row: string) =>
  row
    .split(/(?<!\\)\|/)
    .slice(1, -1)
    .map((c) => c.trim());

describe('rules table', () => {
  it('lists every rule, triggered first (critical, warning, info), then ok, skipped and disabled', () => {
    const rows = tableRows(section(renderSummary(evaluatedRun()), '### Alert rules'));

    expect(rows.map((r) => cells(r)[1])).toEqual([
      'Error Rate Spike (`error_rate_spike`)',
      'High Response Time (`high_response_time`)',
      'Release note (`release_note`)',
      'Database Connection Failure (`database_connection_failure`)',
      'Payment Service Degraded (`payment_service_degraded`)',
      'Authentication Service Down (`authentication_service_down`)',
    ]);
    for (const row of rows) expect(cells(row)).toHaveLength(8);
  });

  it('shows the observed value with its unit, the operator, threshold, window and severity', () => {
    const lines = section(renderRules(evaluatedRun()), '### Alert rules');

    expect(lines[2]).toBe('6 rules: 🚨 3 triggered · ✅ 1 ok · ⏭️ 1 skipped · ⏸️ 1 disabled');
    expect(lines[4]).toBe('| Result | Rule | Metric | Observed | Operator | Threshold | Window | Severity |');
    const rows = tableRows(lines);
    // Percent to two decimals; the window the evaluator measured falls short of the configured one.
    expect(rows[0]).toBe(
      '| 🚨 triggered | Error Rate Spike (`error_rate_spike`) | `error_rate` | 8.33% | &gt; `gt` | 5% | 5 min · observed 2 min 45 s | critical |',
    );
    // The evaluator's note on the window wins over the seconds it saw.
    expect(rows[1]).toBe(
      '| 🚨 triggered | High Response Time (`high_response_time`) | `avg_response_time` | 231 ms | &gt; `gt` | 200 ms | 5 min · observed 165 s of a 300 s window | warning |',
    );
    // Health values read as words next to the number; a metric read from one answer has no window.
    expect(rows[2]).toContain('| `health_status` | 1 (healthy) | ≥ `gte` | 0 (unhealthy) | — | info |');
    expect(rows[3]).toBe(
      '| ✅ ok | Database Connection Failure (`database_connection_failure`) | `database_health` | 1 (pass) | = `eq` | 0 (fail) | — | critical |',
    );
    // A skipped rule says why, and shows no value; a disabled one measured nothing either.
    expect(rows[4]).toMatch(
      /^\| ⏭️ skipped: no metric stripe_health in this deployment \| .* \| `stripe_health` \| — \| = `eq` \| 0 \(fail\) \| — \| warning \|$/,
    );
    expect(rows[5]).toMatch(
      /^\| ⏸️ disabled \| Authentication Service Down .* \| — \| = `eq` \| 0 \(fail\) \|/,
    );
  });

  it('reads a window-less time metric as all samples, and says nothing when there are no rules', () => {
    const results = [
      {
        rule: rule('slow', {
          condition: { metric: 'p95_response_time', operator: 'gte', threshold: 1500.5 },
        }),
        state: 'ok' as const,
        value: 7.26,
      },
    ];
    const text = renderRules(evaluatedRun({ rules: results }));
    expect(text).toContain(
      '| ✅ ok | Slow (`slow`) | `p95_response_time` | 7.3 ms | ≥ `gte` | 1501 ms | all samples |',
    );
    expect(text).toContain('1 rule: 🚨 0 triggered · ✅ 1 ok · ⏭️ 0 skipped');
    expect(renderRules(healthyRun())).toBe('');
    expect(renderSummary(healthyRun())).not.toContain('### Alert rules');
  });

  it('escapes rule names and notes, which can come from anyone who edits the config file', () => {
    const results = [
      {
        rule: rule('x|y', { name: 'Pay|ments <b>bold</b> [a](https://evil.example)' }),
        state: 'skipped' as const,
        note: 'no metric `a|b` <script>',
      },
    ];
    const [row] = tableRows(section(renderRules(evaluatedRun({ rules: results })), '### Alert rules'));
    expect(row).toBeDefined();
    expect(cells(row ?? '')).toHaveLength(8);
    expect(row).not.toMatch(/<b>|<script>|(?<!\\)\]\(/);
    expect(row).toContain('Pay\\|ments &lt;b&gt;bold&lt;/b&gt; \\[a\\]');
  });
});

describe('deployment checklist', () => {
  it('is a ticked list, failed items first (required before optional), with what was seen', () => {
    const lines = section(renderSummary(evaluatedRun()), '### Deployment checklist');
    expect(lines).toEqual([
      '### Deployment checklist',
      '',
      '4 items: ❌ 2 failed · ✅ 1 passed · ⏭️ 1 skipped',
      '',
      `- ❌ Required environment variables on Vercel (required) — ${ENV_DETAIL}`,
      '- ❌ Health dashboard answers (optional) — HTTP 404 from /admin/monitoring/deployment',
      '- ✅ Health endpoint reachable — HTTP 200 in 45 ms',
      '- ⏭️ Rollbar accepted the deploy — skipped: no rollbar-token given',
    ]);
  });

  it('keeps remote text in a detail from injecting HTML, links, list items or workflow commands', () => {
    const items = [
      ...checklistResults(),
      {
        id: 'stripe_webhook',
        name: '# Stripe webhook\n- fake item',
        required: true,
        state: 'failed' as const,
        detail: `expected "ok" in the body, got: ${HOSTILE_DETAIL} <script>alert(1)</script> ${HOSTILE_NAME}`,
      },
    ];
    const text = renderChecklist(evaluatedRun({ checklist: items }));
    const lines = section(text, '### Deployment checklist');

    // One line per item: a newline in remote text cannot start a new item or heading.
    expect(lines.filter((l) => l.startsWith('- '))).toHaveLength(5);
    expect(lines.filter((l) => l.startsWith('#'))).toEqual(['### Deployment checklist']);
    expect(text).not.toMatch(/<script|<img/i);
    expect(text).not.toContain('::');
    expect(text).not.toContain('![img]');
    expect(text).not.toMatch(/(?<!\\)\]\(/);
    expect(text).toContain('&lt;script&gt;');
    // Failed and required, like the environment variables before it: second, in the evaluators' order.
    expect(lines[5]).toMatch(/^- ❌ # Stripe webhook - fake item \(required\) — expected "ok" in the body/);
  });

  it('is left out when the run stopped before the checklist ran', () => {
    expect(renderChecklist(healthyRun())).toBe('');
  });
});

describe('observation window in the timings', () => {
  it('shows samples, span, avg and p95 response time and the error rate from the first answer on', () => {
    expect(renderTimings(evaluatedRun())).toContain(
      '| Observation window | 12 samples over 2 min 45 s · avg 231 ms · p95 412 ms · error rate 8.33% |',
    );
  });

  it('leaves the row out when the first answer was the only sample after the warm-up', () => {
    const run = evaluatedRun();
    if (run.probe?.kind !== 'answered') throw new Error('fixture probe did not answer');
    // The warm-up retry and the first answer: no window to speak of.
    const single = makeRun({ ...run, probe: { ...run.probe, samples: run.probe.samples.slice(0, 2) } });
    expect(renderTimings(single)).not.toContain('Observation window');
    expect(renderTimings(healthyRun())).not.toContain('Observation window');
  });

  it('says only what it knows when the evaluation has no window metrics', () => {
    expect(renderTimings(evaluatedRun({ metrics: {} }))).toContain(
      '| Observation window | 12 samples over 2 min 45 s |',
    );
  });
});

describe('truncation', () => {
  /**
   * 250 rules, the 5 triggered ones last in config order: a table of ~50,000 characters, so a cut that took
   * the longest section first would soon be cutting rules rows too.
   */
  function manyRules() {
    return Array.from({ length: 250 }, (_, i) => ({
      rule: rule(`rule_${String(i).padStart(3, '0')}`, { name: `Rule number ${i} ${'x'.repeat(60)}` }),
      state: i >= 245 ? ('triggered' as const) : ('ok' as const),
      value: 1600 + i,
    }));
  }

  it('cuts services, never a rules row or checklist item, from a check run far over 65,535 bytes', () => {
    const base = manyServicesRun(3000, 3, 'Zeitüberschreitung 🚦 '.repeat(4));
    const rules = manyRules();
    const run = { ...base, evaluation: { ...base.evaluation, rules, checklist: checklistResults() } };
    const { summary } = finalOutput(run);

    expect(Buffer.byteLength(summary, 'utf8')).toBeLessThanOrEqual(65_535);
    expect(summary).toContain('✂️ Shortened');
    const rows = tableRows(section(summary, '### Alert rules'));
    expect(rows.join('\n').length).toBeGreaterThan(40_000);
    expect(rows).toHaveLength(250);
    expect(rows.slice(0, 5).every((r) => r.startsWith('| 🚨 triggered |'))).toBe(true);
    expect(section(summary, '### Deployment checklist').filter((l) => l.startsWith('- '))).toHaveLength(4);
    // The services paid for it.
    expect(
      section(summary, '### Services').filter((l) => l.startsWith('| ❌') || l.startsWith('| ✅')).length,
    ).toBeLessThan(3000);
  });

  it('drops whole rows from the end, triggered rules kept, only when the rules alone exceed the limit', () => {
    // 3000 rules of ~300 characters: the table alone is far over the job summary's ~340,000 characters.
    const rules = Array.from({ length: 3000 }, (_, i) => ({
      rule: rule(`rule_${String(i).padStart(4, '0')}`, { name: `Rule ${i} ${'y'.repeat(70)}` }),
      state: i % 500 === 499 ? ('triggered' as const) : ('ok' as const),
      value: 1600,
      note: 'n'.repeat(100),
    }));
    const summary = renderSummary(evaluatedRun({ rules }));
    const rows = tableRows(section(summary, '### Alert rules'));

    expect(Buffer.byteLength(summary, 'utf8')).toBeLessThan(1024 * 1024);
    expect(summary.trimEnd().endsWith('the JSON report (`report-path` output) has everything.')).toBe(true);
    expect(rows.length).toBeGreaterThan(100);
    expect(rows.length).toBeLessThan(3000);
    expect(rows.slice(0, 6).every((r) => r.startsWith('| 🚨 triggered |'))).toBe(true);
    for (const row of rows) expect(cells(row)).toHaveLength(8);
    // Everything a cut may spare first went first: the verdict and the checklist are still there.
    expect(summary.startsWith('## 🔴 Unhealthy — rules')).toBe(true);
    expect(section(summary, '### Deployment checklist').filter((l) => l.startsWith('- '))).toHaveLength(4);
  });
});
