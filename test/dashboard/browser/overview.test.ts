// The overview as a person reads it: every target's status, uptime, latency, open incident and last check
// match what the history holds (computed here from the same files), in headless Chromium under a strict CSP.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectCleanPage, field, type ServedSite, serveHistory, useBrowser, visit } from './harness.js';
import {
  expectedOver,
  type HistoryBuilder,
  healthyHistory,
  NOW,
  OUTAGE,
  outageHistory,
  parseMs,
  parsePercent,
  WINDOWS,
} from './histories.js';

const browser = useBrowser();

/** The page rounds uptime to hundredths: allow that (and binary rounding of the half). */
const UPTIME_TOLERANCE = 0.0051;
/** Latency: the page may read quantiles from raw samples or histograms; within 2% (and 1 ms). */
const closeMs = (shown: number | undefined, expected: number | undefined) =>
  shown !== undefined && expected !== undefined && Math.abs(shown - expected) <= Math.max(1, expected * 0.02);

async function expectNumbers(
  page: import('playwright-core').Page,
  history: HistoryBuilder,
  target: string,
  now: number,
): Promise<void> {
  const snapshot = await history.snapshot();
  for (const [name, ms] of Object.entries(WINDOWS)) {
    const expected = expectedOver(snapshot, target, now, ms);
    const text = await field(page, target, `uptime-${name}`);
    const shown = parsePercent(text);
    expect(shown, `${target} uptime ${name}: "${text}"`).toBeDefined();
    expect(
      Math.abs((shown as number) - (expected.uptime as number)),
      `${target} uptime ${name}: shown "${text}", expected ${expected.uptime?.toFixed(3)}% (${expected.healthy}/${expected.runs} runs healthy)`,
    ).toBeLessThanOrEqual(UPTIME_TOLERANCE);
  }
  const day = expectedOver(snapshot, target, now, WINDOWS['24h']);
  const p50 = await field(page, target, 'p50');
  const p95 = await field(page, target, 'p95');
  expect(closeMs(parseMs(p50), day.p50), `${target} p50 "${p50}", expected ≈ ${day.p50} ms`).toBe(true);
  expect(closeMs(parseMs(p95), day.p95), `${target} p95 "${p95}", expected ≈ ${day.p95} ms`).toBe(true);
}

describe('the overview of a healthy history', () => {
  let history: HistoryBuilder;
  let site: ServedSite;
  beforeAll(async () => {
    history = await healthyHistory();
    site = await serveHistory(history);
  }, 60_000);
  afterAll(() => site?.close());

  it('shows the target healthy, its uptime, p50/p95 and a sparkline, and no stale warning', async () => {
    const opened = await visit(browser(), site, { now: NOW });
    const { page } = opened;
    await expect.poll(() => page.locator('table#targets tr[data-target]').count()).toBe(1);
    const link = page.locator('table#targets tr[data-target="web"] a[href="#/target/web"]');
    await expect.poll(() => link.count(), { message: 'the target name links to its page' }).toBe(1);
    expect(await link.textContent()).toContain('web');

    const status = await field(page, 'web', 'status');
    expect(status).toMatch(/\bhealthy\b/);
    // Icon and word, never colour alone.
    expect(status.replace(/healthy/i, '').trim(), `status "${status}" has an icon`).not.toBe('');
    await expectNumbers(page, history, 'web', NOW);
    expect(await field(page, 'web', 'incidents')).toBe('—');
    expect(await field(page, 'web', 'last-check')).toMatch(/\b[45] min ago\b/);
    expect(await field(page, 'web', 'since')).not.toMatch(/NaN|Invalid|undefined/);
    expect(
      await page.locator('table#targets tr[data-target="web"] td[data-field="sparkline"] svg').count(),
      'the sparkline is an inline svg',
    ).toBe(1);

    expect(
      await page
        .locator('#stale')
        .isVisible()
        .catch(() => false),
      'no stale warning',
    ).toBe(false);
    await expect.poll(async () => (await page.locator('#refreshed').textContent()) ?? '').toMatch(/Updated/i);
    expect(await page.locator('a#run-check').getAttribute('href')).toBe(
      'https://github.com/acme/shop/actions/workflows/monitor.yml',
    );
    expect(await page.locator('a#run-check').isVisible()).toBe(true);
    expect(await page.locator('a#run-check').textContent()).toMatch(/Run a check now/);
    expect(await page.locator('button#refresh').count()).toBe(1);
    expect(await page.locator('html').getAttribute('lang')).toBe('en');
    expect(await page.title()).not.toBe('');
    await expectCleanPage(opened);
  });

  it('warns when the newest sample is older than three intervals', async () => {
    const opened = await visit(browser(), site, { now: NOW + 60 * 60_000 });
    const stale = opened.page.locator('#stale');
    await expect.poll(() => stale.isVisible().catch(() => false), { message: '#stale visible' }).toBe(true);
    expect(await stale.textContent()).toMatch(/No new data for .+: is the schedule running\?/);
    await expectCleanPage(opened);
  });

  it('works from a plain static server (GitHub Pages) too', async () => {
    const pages = await serveHistory(history, {}, { static: true });
    try {
      const opened = await visit(browser(), pages, { now: NOW });
      expect(await field(opened.page, 'web', 'status')).toMatch(/\bhealthy\b/);
      await expectCleanPage(opened);
    } finally {
      await pages.close();
    }
  });

  it('hides "Run a check now" when there is no dispatch page', async () => {
    const noDispatch = await serveHistory(history, { dispatchUrl: null });
    try {
      const opened = await visit(browser(), noDispatch, { now: NOW });
      await field(opened.page, 'web', 'status');
      expect(
        await opened.page
          .locator('a#run-check')
          .isVisible()
          .catch(() => false),
      ).toBe(false);
      await expectCleanPage(opened);
    } finally {
      await noDispatch.close();
    }
  });
});

describe('the overview of an outage', () => {
  let history: HistoryBuilder;
  let site: ServedSite;
  beforeAll(async () => {
    history = await outageHistory();
    site = await serveHistory(history);
  }, 60_000);
  afterAll(() => site?.close());

  it('shows the failing target unhealthy with its open incident linked, the other healthy', async () => {
    const opened = await visit(browser(), site, { now: NOW });
    const { page } = opened;
    await expect.poll(() => page.locator('table#targets tr[data-target]').count()).toBe(2);
    expect(await field(page, OUTAGE.target, 'status')).toMatch(/\bunhealthy\b/);
    expect(await field(page, 'web', 'status')).toMatch(/(^|[^n])healthy\b/);
    const incident = page.locator(`table#targets tr[data-target="shop"] td[data-field="incidents"] a[href]`);
    expect(await incident.count(), 'one open incident link').toBe(1);
    expect(await incident.getAttribute('href')).toBe(OUTAGE.openIssue);
    expect(await field(page, 'web', 'incidents')).toBe('—');
    await expectNumbers(page, history, OUTAGE.target, NOW);
    await expectNumbers(page, history, 'web', NOW);
    expect(await field(page, OUTAGE.target, 'last-check')).toMatch(/\b[45] min ago\b/);
    await expectCleanPage(opened);
  });
});
