// Remote text (target and service names, details, messages, findings, deployment ids, URLs) never becomes
// markup or script: shown literally, no element created from it, no javascript: link.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PageDocument, PageWindow } from '../../support/page-dom.js';
import { cssString, expectCleanPage, type ServedSite, serveHistory, useBrowser, visit } from './harness.js';
import { HOSTILE, HOSTILE_TARGETS, hostileHistory, NOW } from './histories.js';

// The page's globals, for the code `page.evaluate` runs there.
declare const document: PageDocument;
declare const window: PageWindow;

const browser = useBrowser();

/** What hostile text would leave behind if it became markup. */
async function injected(page: Page) {
  return page.evaluate(() => ({
    pwned: window.__pwned,
    images: document.querySelectorAll('img').length,
    scripts: [...document.querySelectorAll('script')]
      .map((s) => s.getAttribute('src') ?? `inline: ${s.textContent?.slice(0, 60)}`)
      .filter((src) => !/(^|\/)assets\/dashboard\.js$/.test(src) && !/__test-axe/.test(src)),
    handlers: [...document.querySelectorAll('*')].flatMap((el) =>
      [...el.attributes].filter((a) => /^on/i.test(a.name)).map((a) => `${el.tagName} ${a.name}`),
    ),
    javascriptLinks: [...document.querySelectorAll('[href], [src], [action], [formaction], [xlink\\:href]')]
      .map((el) => el.getAttribute('href') ?? el.getAttribute('src') ?? el.getAttribute('xlink:href') ?? '')
      .filter((url) => /^\s*javascript:/i.test(url)),
  }));
}

function expectNothingInjected(found: Awaited<ReturnType<typeof injected>>): void {
  expect(found.pwned, 'window.__pwned').toBeUndefined();
  expect(found.images, 'img elements').toBe(0);
  expect(found.scripts, 'script elements other than the page').toEqual([]);
  expect(found.handlers, 'event handler attributes').toEqual([]);
  expect(found.javascriptLinks, 'javascript: URLs in links').toEqual([]);
}

describe('a history with hostile names and details', () => {
  let site: ServedSite;
  beforeAll(async () => {
    site = await serveHistory(await hostileHistory());
  }, 60_000);
  afterAll(() => site?.close());

  it('shows every hostile target name literally on the overview', async () => {
    const opened = await visit(browser(), site, { now: NOW });
    const { page } = opened;
    await expect
      .poll(() => page.locator('table#targets tr[data-target]').count())
      .toBe(HOSTILE_TARGETS.length);
    const shown = await page
      .locator('table#targets tr[data-target]')
      .evaluateAll((rows) =>
        rows.map((r) => ({ target: r.getAttribute('data-target'), text: r.textContent ?? '' })),
      );
    for (const target of HOSTILE_TARGETS) {
      const row = shown.find((r) => r.target === target);
      expect(row, `a row with data-target ${JSON.stringify(target.slice(0, 40))}`).toBeDefined();
      expect(row?.text, 'the name shown literally').toContain(target);
    }
    expectNothingInjected(await injected(page));
    await expectCleanPage(opened);
  });

  it('shows hostile services, details, messages and findings literally on target pages', async () => {
    const opened = await visit(browser(), site, { now: NOW });
    const { page } = opened;
    for (const target of [HOSTILE.img, HOSTILE.script, HOSTILE.bidi]) {
      await page
        .locator(`table#targets tr[data-target=${cssString(target)}] a[href^="#/target/"]`)
        .first()
        .click();
      await page.waitForSelector(`section#target[data-target=${cssString(target)}]`, { timeout: 10_000 });
      await expect.poll(() => page.locator('table#services tr[data-service]').count()).toBe(2);
      const services = (await page.locator('table#services').textContent()) ?? '';
      expect(services).toContain(HOSTILE.img);
      expect(services, 'the hostile detail').toContain(HOSTILE.script);
      expect(services).toContain(HOSTILE.bidi);
      const keys = await page
        .locator('table#services tr[data-service]')
        .evaluateAll((rows) => rows.map((r) => r.getAttribute('data-service')));
      expect(keys).toContain(HOSTILE.script);
      const findings = (await page.locator('ul#findings').textContent()) ?? '';
      expect(findings).toContain(HOSTILE.script);
      expect(await page.locator('section#target').textContent()).toContain(target);
      // The markers' titles carry the hostile deployment id and commit as text.
      expect(await page.locator('[data-marker]').count()).toBeGreaterThan(0);
      expect(await page.locator('[data-marker]').first().getAttribute('data-marker')).toBe(HOSTILE.script);
      expectNothingInjected(await injected(page));
      await page.locator('a#back').click();
      await page.waitForSelector('table#targets tr[data-target]', { state: 'visible', timeout: 10_000 });
    }
    // The 500-character name does not push the page sideways on a phone.
    await page.setViewportSize({ width: 375, height: 800 });
    const overflow = await page.evaluate(
      () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
    );
    expect(overflow, 'horizontal overflow (px) at 375 px with a 500-character name').toBeLessThanOrEqual(0);
    await expectCleanPage(opened);
  });
});
