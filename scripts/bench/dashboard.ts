// The dashboard's page weight and time to first render, in headless Chromium (Debian's `chromium`, driven by
// playwright-core), for two histories generated with the size bench's generator (`applyChange` into
// `MemoryFiles`, the code the stores run): 1 target × 2 days and 10 targets × 90 days, both checked every
// 5 minutes (3 samples, 4 services a run). Each history's data files and the site are written to a temp
// folder and served by the CLI's live server (`serveDashboard`: no compression, `Cache-Control: no-store`).
//
// - page weight: the bytes of every answer the overview's load received (site files, `dashboard.json` and
//   each data file it fetched, 404s included), headers included, and the same bodies gzip-compressed (what
//   GitHub Pages sends); the number of requests and how many were 404s ("no data for that period").
// - time to first render: navigation start → the first `table#targets tr[data-target]` is in the page and
//   visible (the next animation frame after it appears: painted), median of 5 cold loads (a new browser
//   context each, nothing cached).
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Browser } from 'playwright-core';
import { serveDashboard } from '../../src/dashboard/serve.js';
import { type DashboardConfig, siteFiles } from '../../src/dashboard/site-files.js';
import type { MemoryFiles } from '../../src/history/files.js';
import { findChromium, launchBrowser, NO_BROWSER_MESSAGE } from '../../test/support/browser.js';
import { measureHistorySize } from './history-size.js';
import { median } from './stats.js';

const DAY = 24 * 3600_000;
/** The generator's first run (see history-size.ts). */
const START = Date.UTC(2025, 0, 1);
const REPO = resolve(import.meta.dirname, '../..');

export interface DashboardPoint {
  name: string;
  targets: number;
  days: number;
  /** Data files the history holds. */
  historyFiles: number;
  /** Requests of one overview load, and how many of them were 404s. */
  requests: number;
  notFound: number;
  /** Bytes received (bodies and headers), and the bodies gzip-compressed. */
  bytes: number;
  gzipBytes: number;
  /** Of which the site's own files (index.html, assets, dashboard.json). */
  siteBytes: number;
  /** Navigation start → first target row painted (ms), each load. */
  firstRenderMs: number[];
}

export interface DashboardBench {
  points: DashboardPoint[];
  /** Why nothing was measured (no browser). */
  skipped?: string | undefined;
}

/** A history of `targets` targets checked every 5 minutes for `days` days, and the "now" after its last run. */
export async function generateHistory(
  targets: number,
  days: number,
): Promise<{ files: MemoryFiles; now: number }> {
  let files: MemoryFiles | undefined;
  await measureHistorySize({
    targets,
    checkpoints: [days],
    onRun: (_change, f) => {
      files = f;
    },
  });
  if (!files) throw new Error('the history generator ran no run');
  return { files, now: START + days * DAY };
}

/**
 * The site's files: `siteFiles(config)`, with the page's sources from `src/dashboard/site/` (what
 * `npm run docs` copies into `assets.generated.ts`), so the bench measures the page as it is now.
 */
export async function currentSiteFiles(config: DashboardConfig): Promise<Record<string, string>> {
  const files: Record<string, string> = { ...siteFiles(config) };
  const dir = join(REPO, 'src/dashboard/site');
  for (const name of await readdir(dir)) {
    files[name === 'index.html' ? name : `assets/${name}`] = await readFile(join(dir, name), 'utf8');
  }
  return files;
}

export const benchConfig = (intervalSeconds = 300): DashboardConfig => ({
  schemaVersion: 1,
  refreshSeconds: 30,
  intervalSeconds,
  dispatchUrl: 'https://github.com/acme/shop/actions/workflows/monitor.yml',
  repositoryUrl: 'https://github.com/acme/shop',
  title: 'Deployment health · acme/shop',
});

/** Writes the site and the history's data files into `dir` (as the data branch holds them). */
export async function writeSite(
  dir: string,
  site: Record<string, string>,
  files: MemoryFiles,
): Promise<void> {
  const all: [string, string][] = [...Object.entries(site), ...files.files];
  for (const [path, text] of all) {
    await mkdir(dirname(join(dir, path)), { recursive: true });
    await writeFile(join(dir, path), text);
  }
}

declare const window: { __firstRow?: number };

/**
 * Runs in the page before its own script: notes when the first target row is painted (performance.now(),
 * from navigation start). A string, not a function: tsx would wrap a function's inner names in a helper the
 * page does not have.
 */
const WATCH_FIRST_ROW = `
(() => {
  const observer = new MutationObserver(() => {
    const row = document.querySelector('table#targets tr[data-target]');
    if (!row || !row.checkVisibility()) return;
    observer.disconnect();
    requestAnimationFrame(() => { window.__firstRow = performance.now(); });
  });
  observer.observe(document, { childList: true, subtree: true, attributes: true });
})();
`;

async function loadOverview(
  browser: Browser,
  url: string,
  now: number,
  site: Record<string, string>,
): Promise<
  Omit<DashboardPoint, 'name' | 'targets' | 'days' | 'historyFiles' | 'firstRenderMs'> & { ms: number }
> {
  const context = await browser.newContext({ viewport: { width: 1200, height: 800 }, bypassCSP: false });
  try {
    const page = await context.newPage();
    await page.clock.setFixedTime(now);
    await page.addInitScript({ content: WATCH_FIRST_ROW });
    const finished: Promise<{ path: string; status: number; bytes: number; gzip: number }>[] = [];
    page.on('requestfinished', (request) => {
      finished.push(
        (async () => {
          const response = await request.response();
          const sizes = await request.sizes();
          const body = response ? await response.body().catch(() => Buffer.alloc(0)) : Buffer.alloc(0);
          return {
            path: new URL(request.url()).pathname.slice(1),
            status: response?.status() ?? 0,
            bytes: sizes.responseBodySize + sizes.responseHeadersSize,
            gzip: gzipSync(body).length,
          };
        })(),
      );
    });
    await page.goto(url);
    await page.waitForFunction(() => window.__firstRow !== undefined, undefined, { timeout: 30_000 });
    const ms = (await page.evaluate(() => window.__firstRow)) as number;
    // Everything the overview asked for at load: let its reads settle.
    await page.waitForLoadState('networkidle');
    const answers = await Promise.all(finished);
    const sum = (list: typeof answers, key: 'bytes' | 'gzip') => list.reduce((s, a) => s + a[key], 0);
    return {
      ms,
      requests: answers.length,
      notFound: answers.filter((a) => a.status === 404).length,
      bytes: sum(answers, 'bytes'),
      gzipBytes: sum(answers, 'gzip'),
      siteBytes: sum(
        answers.filter((a) => a.path === '' || site[a.path] !== undefined),
        'bytes',
      ),
    };
  } finally {
    await context.close();
  }
}

async function measureOne(
  browser: Browser,
  name: string,
  targets: number,
  days: number,
  loads: number,
): Promise<DashboardPoint> {
  const { files, now } = await generateHistory(targets, days);
  const site = await currentSiteFiles(benchConfig());
  const dir = await mkdtemp(join(tmpdir(), 'dhg-bench-dashboard-'));
  await writeSite(dir, site, files);
  const server = await serveDashboard({ root: dir, site, port: 0 });
  try {
    const runs = [];
    for (let i = 0; i < loads; i++) runs.push(await loadOverview(browser, server.url, now, site));
    const first = runs[0] as (typeof runs)[number];
    return {
      name,
      targets,
      days,
      historyFiles: files.files.size,
      requests: first.requests,
      notFound: first.notFound,
      bytes: first.bytes,
      gzipBytes: first.gzipBytes,
      siteBytes: first.siteBytes,
      firstRenderMs: runs.map((r) => r.ms),
    };
  } finally {
    await server.close();
    await rm(dir, { recursive: true, force: true });
  }
}

/** Both histories, 5 cold loads each; `skipped` when no Chromium is installed. */
export async function measureDashboard(options: { loads?: number } = {}): Promise<DashboardBench> {
  if (!findChromium()) return { points: [], skipped: NO_BROWSER_MESSAGE };
  const loads = options.loads ?? 5;
  const browser = await launchBrowser();
  try {
    return {
      points: [
        await measureOne(browser, '1 target × 2 days', 1, 2, loads),
        await measureOne(browser, '10 targets × 90 days', 10, 90, loads),
      ],
    };
  } finally {
    await browser.close();
  }
}

/** The figures as lines for `npm run bench`. */
export function dashboardLines(bench: DashboardBench): string[] {
  const title =
    'dashboard overview in headless Chromium (checked every 5 min; served by the CLI, uncompressed, no cache):';
  if (bench.skipped) return [title, `  skipped: ${bench.skipped}`];
  const kib = (n: number) => `${(n / 1024).toFixed(0)} KiB`;
  const header = `  ${'history'.padEnd(22)} ${'requests'.padEnd(16)} ${'page weight (gzip)'.padEnd(26)} first render`;
  return [
    title,
    header,
    ...bench.points.map((p) => {
      const ms = p.firstRenderMs;
      const render = `median ${median(ms).toFixed(0)} ms (${Math.min(...ms).toFixed(0)}–${Math.max(...ms).toFixed(0)}, ${ms.length} loads)`;
      const requests = `${p.requests} (${p.notFound} × 404)`;
      const weight = `${kib(p.bytes)} (${kib(p.gzipBytes)}), site ${kib(p.siteBytes)}`;
      return `  ${p.name.padEnd(22)} ${requests.padEnd(16)} ${weight.padEnd(26)} ${render}`;
    }),
    '  (page weight: every answer of one load, site files and the data files the overview read; the history',
    `   holds ${bench.points.map((p) => `${p.historyFiles}`).join(' and ')} data files. First render: navigation start → first target row painted.)`,
  ];
}

// `tsx scripts/bench/dashboard.ts` prints the figures on its own.
if (import.meta.url === `file://${process.argv[1]}`) {
  for (const line of dashboardLines(await measureDashboard())) console.log(line);
}
