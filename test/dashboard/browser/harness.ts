/**
 * The browser tests' shared setup: one Chromium per test file, a history's site served on 127.0.0.1 under a
 * strict CSP, and a page per test that is closed (with its server and folder) when the test ends.
 */
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, onTestFinished } from 'vitest';
import { serveDashboard } from '../../../src/dashboard/serve.js';
import {
  launchBrowser,
  type OpenedPage,
  type OpenPageOptions,
  openPage,
  serveFolder,
} from '../../support/browser.js';
import { type DashboardConfig, defaultConfig, type HistoryBuilder, siteFolder } from './histories.js';

/** Launches the file's browser in `beforeAll` and closes it in `afterAll`. */
export function useBrowser(): () => Browser {
  let browser: Browser | undefined;
  beforeAll(async () => {
    browser = await launchBrowser();
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
  });
  return () => {
    if (!browser) throw new Error('the browser did not start (see the beforeAll error)');
    return browser;
  };
}

export interface ServedSite {
  dir: string;
  url: string;
  close(): Promise<void>;
}

/**
 * The history's site (data + page) in a temp folder, served by the CLI's live server (`serveDashboard`), or
 * with `static: true` by a plain static file server as GitHub Pages would; closed and removed by `close`.
 */
export async function serveHistory(
  history: HistoryBuilder | undefined,
  config: Partial<DashboardConfig> = {},
  options: { static?: boolean } = {},
): Promise<ServedSite> {
  const folder = await siteFolder(history, defaultConfig(config));
  const server = options.static
    ? await serveFolder(folder.dir)
    : await serveDashboard({ root: folder.dir, site: folder.site, port: 0 });
  return {
    dir: folder.dir,
    url: server.url,
    close: async () => {
      await server.close();
      await folder.remove();
    },
  };
}

/** A page on the site (at `hash`), closed when the test ends. Waits for the overview's table (or `waitFor`). */
export async function visit(
  browser: Browser,
  site: ServedSite,
  options: OpenPageOptions & { hash?: string; waitFor?: string } = {},
): Promise<OpenedPage> {
  const opened = await openPage(browser, site.url, options);
  onTestFinished(() => opened.close());
  await opened.page.goto(new URL(options.hash ?? '', site.url).href);
  await opened.page.waitForSelector(options.waitFor ?? 'table#targets', {
    state: 'attached',
    timeout: 10_000,
  });
  return opened;
}

/**
 * Nothing went wrong in the page: no console errors, no uncaught errors, no request off its origin, and no
 * error the page caught and shows ("Could not load the data: …").
 */
export async function expectCleanPage(opened: OpenedPage): Promise<void> {
  // biome-ignore lint/performance/useDomNodeTextContent: the text a person sees (hidden text left out).
  const shown = (await opened.page.locator('body').innerText()).replace(/\s+/g, ' ');
  expect(shown, 'an error shown on the page').not.toMatch(/could not (load|read|show)|error:/i);
  expect(opened.pageErrors, 'uncaught errors in the page').toEqual([]);
  expect(opened.consoleErrors, 'console errors').toEqual([]);
  expect(opened.foreignRequests(), 'requests outside the page origin').toEqual([]);
}

/** The overview row of `target`, found by attribute value (no selector escaping of hostile names). */
export function row(page: Page, target: string): Locator {
  return page.locator(`table#targets tr[data-target=${cssString(target)}]`);
}

/** A CSS string literal for any text. */
export function cssString(text: string): string {
  return `"${text.replace(/[\\"]/g, (c) => `\\${c}`).replace(/\n/g, '\\a ')}"`;
}

/** The text of a row's `td[data-field=…]`, whitespace collapsed. */
export async function field(page: Page, target: string, name: string): Promise<string> {
  const cell = page.locator(`table#targets tr[data-target=${cssString(target)}] td[data-field="${name}"]`);
  await expect
    .poll(() => cell.count(), { message: `td[data-field="${name}"] of ${target}`, timeout: 10_000 })
    .toBe(1);
  return ((await cell.textContent()) ?? '').replace(/\s+/g, ' ').trim();
}
