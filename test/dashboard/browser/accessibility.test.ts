// Accessibility as axe-core sees it (no serious or critical violation, light and dark), and the keyboard: Tab
// reaches the first target's link, with a visible focus, and Enter opens its page.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeViolations } from '../../support/browser.js';
import type { PageDocument, PageElement, PageStyle } from '../../support/page-dom.js';
import { expectCleanPage, type ServedSite, serveHistory, useBrowser, visit } from './harness.js';
import { NOW, outageHistory } from './histories.js';

// The page's globals, for the code `page.evaluate` runs there.
declare const document: PageDocument;
declare function getComputedStyle(element: PageElement): PageStyle;

const browser = useBrowser();

describe('accessibility', () => {
  let site: ServedSite;
  beforeAll(async () => {
    site = await serveHistory(await outageHistory());
  }, 60_000);
  afterAll(() => site?.close());

  for (const colorScheme of ['light', 'dark'] as const) {
    for (const [name, hash, waitFor] of [
      ['overview', '', 'table#targets tr[data-target]'],
      ['target page', '#/target/shop', 'section#target[data-target="shop"] figure[data-chart="latency"] svg'],
    ] as const) {
      it(`has no serious or critical axe violation on the ${name} (${colorScheme})`, async () => {
        const opened = await visit(browser(), site, { now: NOW, hash, waitFor, colorScheme });
        await opened.page.emulateMedia({ colorScheme });
        const violations = await opened.axe();
        expect(violations, describeViolations(violations)).toEqual([]);
        await expectCleanPage(opened);
      });
    }
  }

  it('themes follow prefers-color-scheme', async () => {
    const background = async (colorScheme: 'light' | 'dark') => {
      const opened = await visit(browser(), site, { now: NOW, colorScheme });
      return opened.page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    };
    expect(await background('light')).not.toBe(await background('dark'));
  });

  it('reaches the first target link with Tab, shows the focus, and opens it with Enter', async () => {
    const opened = await visit(browser(), site, {
      now: NOW,
      waitFor: 'table#targets tr[data-target] a[href]',
    });
    const { page } = opened;
    const first = await page
      .locator('table#targets tr[data-target] a[href^="#/target/"]')
      .first()
      .getAttribute('href');
    let reached = false;
    for (let i = 0; i < 40 && !reached; i++) {
      await page.keyboard.press('Tab');
      reached = await page.evaluate((href) => document.activeElement?.getAttribute('href') === href, first);
    }
    expect(reached, `Tab reaches ${first} within 40 presses`).toBe(true);
    const focus = await page.evaluate(() => {
      const style = getComputedStyle(document.activeElement as PageElement);
      return { outline: style.outlineStyle, width: style.outlineWidth, shadow: style.boxShadow };
    });
    expect(
      (focus.outline !== 'none' && focus.width !== '0px') || focus.shadow !== 'none',
      `a visible focus (${JSON.stringify(focus)})`,
    ).toBe(true);
    await page.keyboard.press('Enter');
    const target = (first ?? '').replace('#/target/', '');
    await page.waitForSelector(`section#target[data-target="${target}"]`, {
      state: 'visible',
      timeout: 10_000,
    });
    expect(new URL(page.url()).hash).toBe(first);
    const headings = await page.evaluate(() =>
      [...document.querySelectorAll('h1, h2, h3, h4')]
        .filter((h) => h.offsetParent !== null)
        .map((h) => Number(h.tagName[1])),
    );
    expect(headings[0], 'the first visible heading is an h1').toBe(1);
    for (let i = 1; i < headings.length; i++) {
      expect(
        (headings[i] as number) - (headings[i - 1] as number),
        `heading levels ${headings}`,
      ).toBeLessThanOrEqual(1);
    }
    await expectCleanPage(opened);
  });
});
