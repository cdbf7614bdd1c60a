// The edges of the data: an empty history shows the empty state; 10 targets × 90 days (the size bench's
// generator) render with the right numbers; a 375 px phone has no horizontal scroll.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PageDocument } from '../../support/page-dom.js';
import { expectCleanPage, field, type ServedSite, serveHistory, useBrowser, visit } from './harness.js';
import {
  BIG_INTERVAL_SECONDS,
  bigHistory,
  expectedOver,
  type HistoryBuilder,
  NOW,
  outageHistory,
  parseMs,
  parsePercent,
  WINDOWS,
} from './histories.js';

// The page's globals, for the code `page.evaluate` runs there.
declare const document: PageDocument;

const browser = useBrowser();

describe('an empty history', () => {
  let site: ServedSite;
  beforeAll(async () => {
    site = await serveHistory(undefined);
  });
  afterAll(() => site?.close());

  it('shows the empty state, not an error', async () => {
    const opened = await visit(browser(), site, { now: NOW, waitFor: 'body' });
    const { page } = opened;
    await expect
      // biome-ignore lint/performance/useDomNodeTextContent: the text a person sees (hidden text left out).
      .poll(async () => (await page.locator('body').innerText()).replace(/\s+/g, ' '), {
        message: 'an empty-state message',
      })
      .toMatch(/no (data|targets|history|samples|checks)|nothing (yet|to show)|not (run|checked) yet/i);
    expect(await page.locator('table#targets tr[data-target]').count()).toBe(0);
    expect(
      await page
        .locator('#stale')
        .isVisible()
        .catch(() => false),
    ).toBe(false);
    await expectCleanPage(opened);
  });
});

describe('10 targets × 90 days', () => {
  let big: Awaited<ReturnType<typeof bigHistory>>;
  let site: ServedSite;
  beforeAll(async () => {
    big = await bigHistory();
    site = await serveHistory(big.history, { intervalSeconds: BIG_INTERVAL_SECONDS });
  }, 120_000);
  afterAll(() => site?.close());

  it('shows every target with its uptime and latency over each window', async () => {
    const opened = await visit(browser(), site, { now: big.now });
    const { page } = opened;
    await expect
      .poll(() => page.locator('table#targets tr[data-target]').count(), { timeout: 15_000 })
      .toBe(10);
    const snapshot = await big.history.snapshot();
    for (const target of big.targets) {
      for (const [name, ms] of Object.entries(WINDOWS)) {
        const expected = expectedOver(snapshot, target, big.now, ms);
        const text = await field(page, target, `uptime-${name}`);
        // The runs at a window's very edge may be counted or not (hour and day roll-ups): half a point.
        expect(
          Math.abs((parsePercent(text) ?? -1) - (expected.uptime ?? 0)),
          `${target} uptime ${name}: "${text}", expected ≈ ${expected.uptime?.toFixed(2)}%`,
        ).toBeLessThanOrEqual(0.5);
      }
      const day = expectedOver(snapshot, target, big.now, WINDOWS['24h']);
      for (const [q, expected] of [
        ['p50', day.p50],
        ['p95', day.p95],
      ] as const) {
        const text = await field(page, target, q);
        const shown = parseMs(text) ?? -1;
        expect(
          Math.abs(shown - (expected ?? 0)),
          `${target} ${q} "${text}", expected ≈ ${expected}`,
        ).toBeLessThanOrEqual((expected ?? 0) * 0.1);
      }
    }
    expect(
      await page
        .locator('#stale')
        .isVisible()
        .catch(() => false),
    ).toBe(false);
    await expectCleanPage(opened);
  });

  it("draws a target's 90 days", async () => {
    const opened = await visit(browser(), site, {
      now: big.now,
      hash: '#/target/service-3',
      waitFor: 'section#target[data-target="service-3"]',
    });
    const { page } = opened;
    await page.locator('button[data-range="90d"]').click();
    await expect
      .poll(() => page.locator('button[data-range="90d"]').getAttribute('aria-pressed'))
      .toBe('true');
    await expect
      .poll(() => page.locator('figure[data-chart="latency"] table tbody tr').count(), { timeout: 15_000 })
      .toBeGreaterThan(30);
    const text = (await page.locator('figure[data-chart="latency"] table').textContent()) ?? '';
    expect(text).not.toMatch(/NaN|undefined|Infinity/);
    await expectCleanPage(opened);
  });
});

describe('a phone (375 px wide)', () => {
  let history: HistoryBuilder;
  let site: ServedSite;
  beforeAll(async () => {
    history = await outageHistory();
    site = await serveHistory(history);
  }, 60_000);
  afterAll(() => site?.close());

  for (const [name, hash, waitFor] of [
    ['overview', '', 'table#targets tr[data-target]'],
    ['target page', '#/target/shop', 'section#target[data-target="shop"]'],
  ] as const) {
    it(`has no horizontal scroll on the ${name}`, async () => {
      const opened = await visit(browser(), site, {
        now: NOW,
        hash,
        waitFor,
        viewport: { width: 375, height: 800 },
      });
      const { page } = opened;
      await page.waitForSelector(waitFor, { state: 'visible', timeout: 10_000 });
      const overflow = await page.evaluate(() => ({
        document: document.documentElement.scrollWidth - document.documentElement.clientWidth,
        body: document.body.scrollWidth - document.body.clientWidth,
      }));
      expect(overflow.document, 'the page scrolls sideways by (px)').toBeLessThanOrEqual(0);
      expect(overflow.body, 'the body scrolls sideways by (px)').toBeLessThanOrEqual(0);
      await expectCleanPage(opened);
    });
  }
});
