import { describe, expect, it } from 'vitest';
import {
  headlineText,
  MAX_SERVICE_ROWS,
  renderServices,
  renderSummary,
  summarySections,
} from '../../src/render/summary.js';
import {
  BUILD_ERROR_MESSAGE,
  buildErrorRun,
  DEPLOYMENT_URL,
  degradedPaymentRun,
  HEALTH_URL,
  healthyRun,
  hostileRun,
  INSPECTOR_URL,
  makeRun,
  manyServicesRun,
  PROTECTED_MESSAGE,
  protectedRun,
  SHA,
  unhealthyDatabaseRun,
  WAIT_TIMEOUT_MESSAGE,
  waitTimeoutRun,
} from '../support/runs.js';

/** The data rows of the first table under `### Services`. */
function serviceRows(summary: string): string[] {
  const section = summary.split('### Services')[1]?.split('\n### ')[0] ?? '';
  return section.split('\n').filter((line) => line.startsWith('| ') && !line.startsWith('| Status'));
}

/** Cells of a table row, splitting on pipes that are not escaped. */
function cells(row: string): string[] {
  return row
    .split(/(?<!\\)\|/)
    .slice(1, -1)
    .map((c) => c.trim());
}

describe('renderSummary', () => {
  it('shows a healthy run at a glance: headline, passing gate, linked deployment facts, services', () => {
    const summary = renderSummary(healthyRun());

    expect(summary.startsWith('## 🟢 Healthy\n')).toBe(true);
    expect(summary).toContain('✅ **The gate passes** (`fail-on: unhealthy`).');
    expect(summary).toContain(`| URL | [${DEPLOYMENT_URL}](${DEPLOYMENT_URL}/) |`);
    expect(summary).toContain(`| Commit | [\`a1b2c3d\`](https://github.com/acme/hemera/commit/${SHA}) |`);
    expect(summary).toContain('| Vercel deployment | `dpl_7hK2mQxYz` |');
    expect(summary).toContain(`| Inspector | [Open in Vercel](${INSPECTOR_URL}) |`);
    expect(summary).toContain('| Resolved from | Vercel API lookup by commit |');
    expect(summary).toContain('| Environment | preview |');
    expect(summary).toContain('| App version | 1.4.2 |');
    expect(summary).toContain('5 services: ❌ 0 fail · ⚠️ 0 warn · ✅ 5 pass (format `hemera`, HTTP 200)');
    expect(serviceRows(summary)).toContain(
      '| ✅ pass | Database | 45 ms | postgresql · connection verified |',
    );
    expect(summary).toContain('| Waited for READY | 42.0 s · 7 requests |');
    expect(summary).toContain('| Health probe | 180 ms · 1 attempt · last: HTTP 200 |');
    expect(summary).toContain('| Total | 42.3 s |');
    expect(summary).toContain('[Workflow run](https://github.com/acme/hemera/actions/runs/987654)');
    expect(summary).toContain(`[Health endpoint](${HEALTH_URL})`);
    expect(summary).not.toContain('### Findings');
    expect(summary).not.toContain('[!CAUTION]');
  });

  it('marks a degraded payment service and explains why the gate still passes', () => {
    const summary = renderSummary(degradedPaymentRun());

    expect(summary.startsWith('## 🟡 Degraded — endpoint\n')).toBe(true);
    expect(summary).toContain('the verdict is degraded, and `fail-on: unhealthy` only fails unhealthy');
    const rows = serviceRows(summary);
    expect(rows[0]).toBe('| ⚠️ warn | Payment | 2.4 s | stripe · Stripe API slow |');
    expect(summary).toContain('- 🟡 **Health endpoint reports degraded** (endpoint `endpoint_status`):');
    expect(summary).toContain('**What to do:**');
  });

  it('says the step fails when a degraded verdict meets fail-on: degraded', () => {
    const run = { ...degradedPaymentRun(), gateFailed: true };
    run.settings = { ...run.settings, failOn: 'degraded' };
    expect(renderSummary(run)).toContain(
      '⛔ **This step fails:** the verdict is degraded and `fail-on: degraded` fails degraded or unhealthy deployments.',
    );
  });

  it('puts the failing database first and lists findings worst first', () => {
    const summary = renderSummary(unhealthyDatabaseRun());

    expect(summary.startsWith('## 🔴 Unhealthy — endpoint\n')).toBe(true);
    expect(summary).toContain('⛔ **This step fails:** the verdict is unhealthy');
    const rows = serviceRows(summary);
    expect(rows.map((r) => cells(r)[0])).toEqual(['❌ fail', '⚠️ warn', '✅ pass', '✅ pass', '✅ pass']);
    expect(rows[0]).toContain('| Database | 5.0 s | postgresql · ECONNREFUSED 10.0.0.5:5432');
    expect(summary).toContain('| Health probe | 180 ms · 1 attempt · last: HTTP 503 |');
    const findings = summary.split('### Findings')[1] ?? '';
    expect(findings.indexOf('🔴 **Database connection failure**')).toBeGreaterThan(-1);
    expect(findings.indexOf('ℹ️ **Release note**')).toBeGreaterThan(findings.indexOf('🔴 **Health endpoint'));
  });

  it('shows a build error prominently with the message, what to do and the inspector link', () => {
    const summary = renderSummary(buildErrorRun());

    expect(summary.startsWith('## 🔴 Unhealthy — deployment-error\n')).toBe(true);
    expect(summary).toContain(
      '> [!CAUTION]\n> **Stopped before probing: Vercel build failed** (`deployment-error`)\n>\n' +
        `> ${BUILD_ERROR_MESSAGE}\n`,
    );
    expect(summary).toContain('> **What to do:** Open the Vercel inspector to read the build log');
    expect(summary).toContain(`> [Open the deployment in the Vercel inspector](${INSPECTOR_URL})`);
    // Said once, in the callout, not again under the headline.
    expect(summary.split(BUILD_ERROR_MESSAGE)).toHaveLength(2);
    expect(summary).not.toContain('### Services');
    expect(summary).toContain('| Health probe | not run |');
    expect(summary).toContain('| Waited for READY | 1 min 35 s · 12 requests |');
    // The callout comes before the deployment table.
    expect(summary.indexOf('[!CAUTION]')).toBeLessThan(summary.indexOf('### Deployment'));
  });

  it('tells a protected deployment to pass protection-bypass', () => {
    const summary = renderSummary(protectedRun());

    expect(headlineText(protectedRun())).toBe('🔴 Unhealthy — protected');
    expect(summary).toContain(
      '> **The health probe got no usable answer: Deployment protected** (`protected`)',
    );
    expect(summary).toContain(`> ${PROTECTED_MESSAGE}`);
    expect(summary).toContain(
      'Pass the Vercel "Protection Bypass for Automation" secret as `protection-bypass`.',
    );
    expect(summary).toContain('| Health probe | 180 ms · 1 attempt · last: HTTP 401 |');
  });

  it('reports a wait timeout with the time waited and the inspector', () => {
    const summary = renderSummary(waitTimeoutRun());

    expect(summary).toContain('**Stopped before probing: Deployment not READY in time** (`wait-timeout`)');
    expect(summary).toContain(`> ${WAIT_TIMEOUT_MESSAGE}`);
    expect(summary).toContain('| Waited for READY | 10 min · 60 requests |');
    expect(summary).toContain(`[Vercel inspector](${INSPECTOR_URL})`);
    // No URL was learnt: the table says so instead of inventing one.
    expect(summary).toContain('| URL | — |');
  });

  it('calls a cancelled run out as a warning and says cancellation always fails the step', () => {
    const base = waitTimeoutRun();
    const message = 'The run was cancelled while waiting for dpl_7hK2mQxYz.';
    const run = makeRun({
      ...base,
      resolve:
        base.resolve?.kind === 'stopped' ? { ...base.resolve, reason: 'cancelled', message } : undefined,
      verdict: { status: 'unhealthy', reason: 'cancelled', message, findings: [] },
      gateFailed: true,
    });
    const summary = renderSummary(run);
    expect(summary).toContain('> [!WARNING]\n> **Stopped before probing: Run cancelled** (`cancelled`)');
    expect(summary).toContain('a cancelled run fails the step whatever `fail-on: unhealthy` says');
  });

  it('keeps hostile remote text from breaking tables, injecting HTML, links or workflow commands', () => {
    const summary = renderSummary(hostileRun());

    expect(summary).not.toMatch(/<script|<img/i);
    expect(summary).toContain('&lt;script&gt;');
    expect(summary).not.toContain('::set-output');
    expect(summary).not.toContain('::add-mask');
    expect(summary).not.toContain('::error');
    // Brackets arrive escaped, so remote text can make neither a link nor an image.
    expect(summary).not.toMatch(/(?<!\\)\]\(javascript:/);
    expect(summary).not.toContain('![img]');
    expect(summary).not.toContain('[proj](');
    expect(summary).toContain('\\[click\\](javascript:alert(1))');
    // Every table row keeps its column count: no unescaped pipe came from remote text.
    for (const row of serviceRows(summary)) expect(cells(row)).toHaveLength(4);
    const factRows = summary
      .split('\n')
      .filter((l) => /^\| (URL|Project|Region|Vercel deployment) \|/.test(l));
    expect(factRows).toHaveLength(4);
    for (const row of factRows) expect(cells(row)).toHaveLength(2);
    // The URL is still linked, with its dangerous characters percent-encoded in the target.
    expect(summary).toContain('(https://evil.example/a%29b%7Cc%3Cd%3E)');
    // A message that starts with `-` is not turned into a list item.
    expect(summary).toContain('\n\\- Pay\\|ments');
    // The unsafe inspector URL is shown as text, never as a link.
    expect(summary).not.toContain('Open the deployment in the Vercel inspector');
  });

  it('caps the services table, failing services first, with a note and far below 1 MiB', () => {
    const run = manyServicesRun(500, 3, 'x'.repeat(150));
    const summary = renderSummary(run);
    const rows = serviceRows(summary);

    expect(rows).toHaveLength(MAX_SERVICE_ROWS);
    expect(rows.slice(0, 3).every((r) => r.startsWith('| ❌ fail | Svc049'))).toBe(true);
    expect(summary).toContain(
      '_Showing 200 of 500 services, failing first; the JSON report lists all of them._',
    );
    expect(summary).toContain('500 services: ❌ 3 fail · ⚠️ 0 warn · ✅ 497 pass');
    expect(Buffer.byteLength(summary, 'utf8')).toBeLessThan(1024 * 1024);
  });

  it('exports section renderers that the check run can size on its own', () => {
    const run = manyServicesRun(40, 2);
    expect(serviceRows(renderServices(run, 5))).toHaveLength(5);
    expect(renderServices(run, 5)).toContain('_Showing 5 of 40 services');
    const sections = summarySections(run);
    expect(sections[0]?.startsWith('## 🔴 Unhealthy — endpoint')).toBe(true);
    expect(sections.every((s) => s.length > 0)).toBe(true);
    expect(renderSummary(run)).toBe(`${sections.join('\n\n')}\n`);
  });
});
