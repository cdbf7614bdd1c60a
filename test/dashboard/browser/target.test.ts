// A target's page: charts with deployment markers and incident bands, the numbers behind them, services with
// their last failure, the last run's findings and the incidents, each matching the history.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PageDocument } from '../../support/page-dom.js';
import { expectCleanPage, type ServedSite, serveHistory, useBrowser, visit } from './harness.js';
import { type HistoryBuilder, NOW, OUTAGE, outageHistory, SLOTS } from './histories.js';

// The page's globals, for the code `page.evaluate` runs there.
declare const document: PageDocument;

const browser = useBrowser();

/** The numbers in a figure's hidden table, per column header. */
async function tableNumbers(page: Page, chart: string): Promise<{ headers: string[]; rows: string[][] }> {
  return page.evaluate((name) => {
    const table = document.querySelector(`figure[data-chart="${name}"] table`);
    if (!table) return { headers: [], rows: [] };
    const headers = [...table.querySelectorAll('thead th, tr:first-child th')].map(
      (th) => th.textContent?.trim() ?? '',
    );
    const rows = [...table.querySelectorAll('tbody tr')].map((tr) =>
      [...tr.querySelectorAll('th, td')].map((cell) => cell.textContent?.trim() ?? ''),
    );
    return { headers, rows };
  }, chart);
}

const numberIn = (text: string) => {
  const m = /-?\d+(?:\.\d+)?/.exec(text.replace(/,/g, ''));
  return m ? Number(m[0]) : undefined;
};

describe("a target's page during an outage", () => {
  let history: HistoryBuilder;
  let site: ServedSite;
  beforeAll(async () => {
    history = await outageHistory();
    site = await serveHistory(history);
  }, 60_000);
  afterAll(() => site?.close());

  const open = () =>
    visit(browser(), site, {
      now: NOW,
      hash: '#/target/shop',
      waitFor: 'section#target[data-target="shop"]',
    });

  it('opens from the overview and goes back', async () => {
    const opened = await visit(browser(), site, { now: NOW });
    const { page } = opened;
    await page.locator('table#targets tr[data-target="shop"] a[href="#/target/shop"]').click();
    await page.waitForSelector('section#target[data-target="shop"]', { timeout: 10_000 });
    expect(new URL(page.url()).hash).toBe('#/target/shop');
    await page.locator('a#back').click();
    await page.waitForSelector('table#targets tr[data-target="shop"]', { state: 'visible', timeout: 10_000 });
    await expectCleanPage(opened);
  });

  it('draws latency and error-rate charts, accessible, with the plotted numbers in a table', async () => {
    const opened = await open();
    const { page } = opened;
    for (const chart of ['latency', 'error-rate']) {
      const svg = page.locator(`figure[data-chart="${chart}"] svg[role="img"]`);
      await expect
        .poll(() => svg.count(), { message: `${chart} chart svg[role=img]` })
        .toBeGreaterThanOrEqual(1);
      expect(await svg.first().getAttribute('aria-label'), `${chart} aria-label`).toBeTruthy();
      const table = page.locator(`figure[data-chart="${chart}"] table`);
      expect(await table.count(), `${chart} hidden table`).toBe(1);
    }
    const ranges = await page
      .locator('button[data-range]')
      .evaluateAll((buttons) =>
        buttons.map((b) => [b.getAttribute('data-range'), b.getAttribute('aria-pressed')]),
      );
    expect(ranges.map(([r]) => r)).toEqual(['24h', '7d', '30d', '90d']);
    expect(
      ranges.filter(([, pressed]) => pressed === 'true'),
      'one range pressed',
    ).toHaveLength(1);

    // Latency: p50 is 100 ms and p95 at most ~400 ms wherever there were answers.
    const latency = await tableNumbers(page, 'latency');
    expect(latency.rows.length, 'latency table rows').toBeGreaterThan(0);
    const text = latency.rows.flat().join(' ');
    expect(text).not.toMatch(/NaN|undefined|Infinity/);
    const p50Column = latency.headers.findIndex((h) => /p50/i.test(h));
    const p95Column = latency.headers.findIndex((h) => /p95/i.test(h));
    expect(p50Column, `a p50 column in ${JSON.stringify(latency.headers)}`).toBeGreaterThanOrEqual(0);
    expect(p95Column, `a p95 column in ${JSON.stringify(latency.headers)}`).toBeGreaterThanOrEqual(0);
    const p50s = latency.rows.map((r) => numberIn(r[p50Column] ?? '')).filter((n) => n !== undefined);
    const p95s = latency.rows.map((r) => numberIn(r[p95Column] ?? '')).filter((n) => n !== undefined);
    expect(p50s.length).toBeGreaterThan(0);
    for (const p50 of p50s)
      expect(p50, `p50 in ${JSON.stringify(latency.rows.slice(0, 3))}`).toBeCloseTo(100, 0);
    for (const p95 of p95s) {
      expect(p95).toBeGreaterThanOrEqual(100);
      expect(p95).toBeLessThanOrEqual(400);
    }

    // Error rate: zero before the open outage, 100% in its half hour.
    const errors = await tableNumbers(page, 'error-rate');
    const rates = errors.rows.flatMap((r) =>
      r
        .slice(1)
        .map(numberIn)
        .filter((n) => n !== undefined),
    ) as number[];
    expect(rates.length, `error-rate numbers in ${JSON.stringify(errors.rows.slice(-3))}`).toBeGreaterThan(0);
    expect(Math.min(...rates)).toBe(0);
    expect(Math.max(...rates), `error-rate max in ${JSON.stringify(errors.rows.slice(-3))}`).toBeGreaterThan(
      0,
    );
    await expectCleanPage(opened);
  });

  it('marks deployments (id, commit, the gate verdict) and the open incident on the charts', async () => {
    const opened = await open();
    const { page } = opened;
    const describeMarker = (id: string) =>
      page
        .locator(`[data-marker="${id}"]`)
        .first()
        .evaluate((el) =>
          [
            el.getAttribute('title'),
            el.querySelector('title')?.textContent,
            el.getAttribute('aria-label'),
          ].join(' '),
        );
    await expect.poll(() => page.locator(`[data-marker="${OUTAGE.gate.id}"]`).count()).toBeGreaterThan(0);
    const gate = await describeMarker(OUTAGE.gate.id);
    expect(gate).toContain(OUTAGE.gate.id);
    expect(gate).toContain(OUTAGE.gate.sha.slice(0, 7));
    expect(gate).toMatch(/unhealthy/);
    expect(await page.locator(`[data-marker="${OUTAGE.deployment.id}"]`).count()).toBeGreaterThan(0);
    const deployment = await describeMarker(OUTAGE.deployment.id);
    expect(deployment).toContain(OUTAGE.deployment.sha.slice(0, 7));

    const openedAt = SLOTS[OUTAGE.openFrom] as number;
    expect(
      await page.locator(`[data-incident="${openedAt}"]`).count(),
      'the open incident band',
    ).toBeGreaterThan(0);
    // The resolved one, 30 h ago, shows in the 7-day range.
    const resolvedAt = SLOTS[OUTAGE.resolvedFrom] as number;
    await page.locator('button[data-range="7d"]').click();
    await expect
      .poll(() => page.locator('button[data-range="7d"]').getAttribute('aria-pressed'))
      .toBe('true');
    expect(await page.locator('button[data-range="24h"]').getAttribute('aria-pressed')).toBe('false');
    await expect
      .poll(() => page.locator(`[data-incident="${resolvedAt}"]`).count(), {
        message: 'the resolved incident band',
      })
      .toBeGreaterThan(0);
    await expectCleanPage(opened);
  });

  it('lists services with the last failure, the findings of the last run and the incidents', async () => {
    const opened = await open();
    const { page } = opened;
    const database = page.locator('table#services tr[data-service="database"]');
    await expect.poll(() => database.count()).toBe(1);
    const text = (await database.textContent()) ?? '';
    expect(text).toMatch(/fail/i);
    expect(text, 'the detail or message of the last failure').toMatch(/connection refused/);
    expect(await page.locator('table#services tr[data-service="cache"]').count()).toBe(1);

    const findings = await page.locator('ul#findings li').allTextContents();
    for (const finding of OUTAGE.findings) expect(findings.join('\n')).toContain(finding.title);

    const links = await page
      .locator('ul#incidents li a[href]')
      .evaluateAll((as) => as.map((a) => a.getAttribute('href')));
    expect(links).toContain(OUTAGE.openIssue);
    expect(links).toContain(OUTAGE.resolvedIssue);
    await expectCleanPage(opened);
  });
});
