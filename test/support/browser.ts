/**
 * A real browser for the dashboard's tests: headless Chromium from Debian's `chromium` package, driven by
 * `playwright-core` (which never downloads a browser). One browser per test file (`launchBrowser` in
 * `beforeAll`), a fresh context and page per test (`openPage`), which records what a person (and a reviewer)
 * would want to know about the page: console errors, uncaught errors, and every URL it requested.
 *
 * When no browser is found the tests FAIL with the way to get one: a missing browser must not pass as
 * "skipped" in CI.
 */
import { existsSync } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import type { PageDocument, PageWindow } from './page-dom.js';

// The page's globals, for the code `page.evaluate` runs there.
declare const document: PageDocument;
declare const window: PageWindow;

const require = createRequire(import.meta.url);

export const NO_BROWSER_MESSAGE =
  "No Chromium found for the browser tests. Install Debian's chromium: apt-get install -y chromium, or set " +
  'CHROMIUM_PATH to a Chromium (or Chrome) executable.';

/** The browser to drive: `CHROMIUM_PATH`, else Debian's paths; undefined when there is none. */
export function findChromium(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const candidates = [env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'];
  return candidates.find((path): path is string => !!path && existsSync(path));
}

/** Launches headless Chromium; throws {@link NO_BROWSER_MESSAGE} when none can be found. */
export async function launchBrowser(): Promise<Browser> {
  const executablePath = findChromium();
  if (!executablePath) throw new Error(NO_BROWSER_MESSAGE);
  return chromium.launch({
    executablePath,
    headless: true,
    // Containers often lack a usable /dev/shm and user namespaces.
    args: ['--no-sandbox', '--disable-dev-shm-usage', '--disable-gpu'],
  });
}

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: unknown[]; html: string; failureSummary?: string }[];
}

export interface OpenedPage {
  page: Page;
  context: BrowserContext;
  /** Console messages of type `error`, except the 404s of data files (a 404 means "no data for that period"). */
  consoleErrors: string[];
  /** The 404s the page's data reads met (expected: months and days without data). */
  notFound: string[];
  /** Uncaught exceptions in the page. */
  pageErrors: string[];
  /** Every URL the page requested, in order. */
  requests: string[];
  /** The requests that left the page's origin (should be none). */
  foreignRequests(): string[];
  /** axe-core's violations of impact serious or critical on the page as it is now. */
  axe(): Promise<AxeViolation[]>;
  close(): Promise<void>;
}

export interface OpenPageOptions {
  /** The page's clock: Date.now() is this (timers keep running). */
  now?: number | undefined;
  viewport?: { width: number; height: number } | undefined;
  colorScheme?: 'light' | 'dark' | undefined;
}

/** A new context and page on `url` (not loaded yet: call `page.goto`), recording what it does. */
export async function openPage(
  browser: Browser,
  origin: string,
  options: OpenPageOptions = {},
): Promise<OpenedPage> {
  const context = await browser.newContext({
    viewport: options.viewport ?? { width: 1280, height: 900 },
    colorScheme: options.colorScheme ?? 'light',
    // The page must work under the server's CSP: never bypass it.
    bypassCSP: false,
  });
  const page = await context.newPage();
  if (options.now !== undefined) await page.clock.setFixedTime(options.now);
  const consoleErrors: string[] = [];
  const notFound: string[] = [];
  const pageErrors: string[] = [];
  const requests: string[] = [];
  page.on('console', (message) => {
    if (message.type() !== 'error') return;
    const text = message.text();
    const where = message.location().url ?? '';
    if (/status of 404/.test(text) && (/\/data\//.test(where) || /favicon\.ico$/.test(where))) {
      notFound.push(where);
      return;
    }
    consoleErrors.push(where ? `${text} (${where})` : text);
  });
  page.on('pageerror', (error) => pageErrors.push(String(error.stack ?? error)));
  page.on('request', (request) => requests.push(request.url()));
  const base = new URL(origin).origin;
  return {
    page,
    context,
    consoleErrors,
    notFound,
    pageErrors,
    requests,
    foreignRequests: () =>
      requests.filter((url) => {
        if (url === 'about:blank') return false;
        try {
          return new URL(url).origin !== base;
        } catch {
          return true;
        }
      }),
    axe: () => runAxe(page),
    close: () => context.close(),
  };
}

/** Where the tests serve axe-core beside the site (same origin: the page's CSP allows it). */
export const AXE_FILE = '__test-axe.min.js';

/** axe-core's source, to serve as {@link AXE_FILE} beside the site (the page's CSP allows its own origin). */
export function axeSource(): Promise<string> {
  return readFile(require.resolve('axe-core/axe.min.js'), 'utf8');
}

/**
 * axe-core's serious and critical violations. Loads axe from the page's own origin ({@link AXE_FILE}):
 * an inline `<script>` with axe's source is what the page's CSP rightly refuses.
 */
export async function runAxe(page: Page): Promise<AxeViolation[]> {
  const loaded = await page.evaluate(() => typeof window.axe === 'object');
  if (!loaded) await page.addScriptTag({ url: new URL(AXE_FILE, page.url()).href });
  const violations = await page.evaluate(async () => {
    const axe = (
      window as unknown as { axe: { run: (context: unknown, options: unknown) => Promise<unknown> } }
    ).axe;
    const result = (await axe.run(document, { resultTypes: ['violations'] })) as {
      violations: AxeViolation[];
    };
    return result.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes
        .slice(0, 5)
        .map((n) => ({ target: n.target, html: n.html, failureSummary: n.failureSummary })),
    }));
  });
  return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
}

/** Violations as readable lines for an assertion message. */
export function describeViolations(violations: AxeViolation[]): string {
  return violations
    .map(
      (v) =>
        `${v.impact} ${v.id}: ${v.help}\n${v.nodes.map((n) => `    ${JSON.stringify(n.target)} ${n.html.slice(0, 200)}\n      ${n.failureSummary ?? ''}`).join('\n')}`,
    )
    .join('\n');
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
};

/** The CSP the dashboard must work under (what a strict host would send). */
export const STRICT_CSP = "default-src 'self'";

export interface StaticServer {
  url: string;
  close(): Promise<void>;
}

/**
 * A static file server for a folder on 127.0.0.1 (what GitHub Pages does for the data branch), with a strict
 * Content-Security-Policy and no caching. Missing files are 404s.
 */
export async function serveFolder(dir: string): Promise<StaticServer> {
  const root = resolve(dir);
  const server: Server = createServer((request, response) => {
    void (async () => {
      const path = decodeURIComponent(new URL(request.url ?? '/', 'http://x').pathname);
      const file = normalize(join(root, path.endsWith('/') ? `${path}index.html` : path));
      const headers = { 'content-security-policy': STRICT_CSP, 'cache-control': 'no-store' };
      if (file !== root && !file.startsWith(root + sep)) {
        response.writeHead(403, headers).end();
        return;
      }
      try {
        if (!(await stat(file)).isFile()) throw new Error('not a file');
        const body = await readFile(file);
        response
          .writeHead(200, { ...headers, 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' })
          .end(request.method === 'HEAD' ? undefined : body);
      } catch {
        response.writeHead(404, { ...headers, 'content-type': 'text/plain' }).end('not found');
      }
    })();
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    close: async () => {
      server.closeAllConnections();
      await new Promise((done) => server.close(done));
    },
  };
}
