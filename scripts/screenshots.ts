// `npm run screenshots`: the dashboard's screenshots in docs/img/, made from a generated history (not drawn by
// hand) in headless Chromium (Debian's `chromium`, driven by playwright-core). The story: four targets checked
// every 5 minutes for two days; `shop` had an outage six hours ago (incident opened, then resolved: issue #41)
// and is down again since half an hour (incident open: issue #42); a deployment 10 h ago and a gate verdict
// 40 minutes ago mark its charts; `api` had a slow afternoon. The page's clock is the story's "now".
//
// Writes docs/img/dashboard-overview.png (light), dashboard-overview-dark.png, dashboard-target.png (the
// `shop` page: latency with a marker and incident bands) and dashboard-phone.png (375 px wide).
import { mkdir, mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import type { Browser } from 'playwright-core';
import { serveDashboard } from '../src/dashboard/serve.js';
import { applyChange } from '../src/history/apply.js';
import { MemoryFiles } from '../src/history/files.js';
import type { DeploymentMarker, Incident, RunRecord, TargetState } from '../src/history/types.js';
import { findChromium, launchBrowser, NO_BROWSER_MESSAGE } from '../test/support/browser.js';
import { benchConfig, currentSiteFiles, writeSite } from './bench/dashboard.js';

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;
const root = resolve(import.meta.dirname, '..');
const outDir = join(root, 'docs/img');

/** The story's "now": an hour boundary, two days after its first run. */
export const NOW = Date.UTC(2025, 5, 16, 14, 0, 0);
const SLOTS = Array.from({ length: 576 }, (_, k) => NOW - 2 * DAY + k * 5 * MIN + 20_000);
const TARGETS = ['shop', 'web', 'api', 'search'] as const;
const SHA = {
  v1: '4f1c2a9d8e7b6a5f4e3d2c1b0a9f8e7d6c5b4a39',
  v2: '9b8a7c6d5e4f3a2b1c0d9e8f7a6b5c4d3e2f1a08',
  v3: 'c3d4e5f60718293a4b5c6d7e8f9012345678901a',
};
/** Slot indexes of the story. */
const RESOLVED = { from: 504, to: 516 }; // 6 h ago, an hour long
const OPEN_FROM = 570; // the last half hour
const DEPLOY_AT = NOW - 10 * HOUR;
const GATE_AT = NOW - 40 * MIN;
const SLOW_API = { from: NOW - 26 * HOUR, to: NOW - 22 * HOUR };

let random = 11;
const next = () => {
  random = (random * 16807) % 2147483647;
  return random / 2147483647;
};

function record(target: string, at: number, k: number, failing: boolean): RunRecord {
  const base = { shop: 180, web: 90, api: 140, search: 260 }[target] ?? 150;
  const slow = target === 'api' && at >= SLOW_API.from && at < SLOW_API.to ? 2.4 : 1;
  const deploymentId =
    target !== 'shop'
      ? `dpl_${target}_1`
      : at >= GATE_AT
        ? 'dpl_shop_3'
        : at >= DEPLOY_AT
          ? 'dpl_shop_2'
          : 'dpl_shop_1';
  const sha = target !== 'shop' ? SHA.v1 : at >= GATE_AT ? SHA.v3 : at >= DEPLOY_AT ? SHA.v2 : SHA.v1;
  const samples = [0, 1, 2].map((i) =>
    failing
      ? { at: at + i * 5000, ms: 10_000, ok: false }
      : {
          at: at + i * 5000,
          ms: Math.round(base * slow * (0.7 + next() * 0.6) + (next() < 0.05 ? base * 2 : 0)),
          http: 200,
          ok: true,
        },
  );
  return {
    id: `${7_000_000 + k}-1-${target}`,
    target,
    at,
    url: `https://${target}.example.com/api/health`,
    deploymentId,
    sha,
    status: failing ? 'unhealthy' : 'healthy',
    reason: failing ? 'endpoint' : 'ok',
    message: failing ? 'The endpoint reported unhealthy: Database is failing.' : 'All checks passed.',
    samples,
    services: [
      {
        key: 'database',
        name: 'Database',
        status: failing ? 'fail' : 'pass',
        ms: failing ? undefined : Math.round(8 + next() * 10),
        detail: failing ? 'connection refused (primary db-1:5432)' : 'primary db-1, 3 replicas in sync',
      },
      { key: 'cache', name: 'Cache', status: 'pass', ms: Math.round(1 + next() * 3), detail: 'hit rate 97%' },
      {
        key: 'queue',
        name: 'Queue',
        status: 'pass',
        ms: Math.round(4 + next() * 6),
        detail: '12 jobs waiting',
      },
    ],
    findings: failing
      ? [
          { source: 'endpoint', id: 'database', title: 'Database is failing', status: 'unhealthy' },
          { source: 'rule', id: 'error-rate', title: 'Error rate above 5%', status: 'unhealthy' },
          { source: 'checklist', id: 'services-passing', title: 'Every service passes', status: 'unhealthy' },
        ]
      : [],
    runUrl: `https://github.com/acme/shop/actions/runs/${7_000_000 + k}`,
  };
}

/** The story's history, built with `applyChange` (the code the stores run). */
export async function storyHistory(): Promise<MemoryFiles> {
  const files = new MemoryFiles();
  const incidentBase = {
    target: 'shop',
    status: 'unhealthy',
    reason: 'endpoint',
    message: 'The endpoint reported unhealthy: Database is failing.',
  } as const;
  const resolved: Incident = {
    ...incidentBase,
    state: 'open',
    openedAt: SLOTS[RESOLVED.from] as number,
    issue: { number: 41, url: 'https://github.com/acme/shop/issues/41' },
    lastNoticeAt: SLOTS[RESOLVED.from] as number,
  };
  const open: Incident = {
    ...incidentBase,
    state: 'open',
    openedAt: SLOTS[OPEN_FROM] as number,
    issue: { number: 42, url: 'https://github.com/acme/shop/issues/42' },
    lastNoticeAt: SLOTS[OPEN_FROM] as number,
  };
  let shopSince = SLOTS[0] as number;
  for (const [k, at] of SLOTS.entries()) {
    const shopFailing = (k >= RESOLVED.from && k < RESOLVED.to) || k >= OPEN_FROM;
    const records = TARGETS.map((t) => record(t, at, k, t === 'shop' && shopFailing));
    const incidents: Incident[] = [];
    if (k === RESOLVED.from) incidents.push(resolved);
    if (k === RESOLVED.to)
      incidents.push({ ...resolved, state: 'resolved', resolvedAt: at, lastNoticeAt: at });
    if (k === OPEN_FROM) incidents.push(open);
    if (k === RESOLVED.from || k === RESOLVED.to || k === OPEN_FROM) shopSince = at;
    const incident = k >= OPEN_FROM ? open : k >= RESOLVED.from && k < RESOLVED.to ? resolved : undefined;
    const previous = SLOTS[k - 1] ?? 0;
    const markers: DeploymentMarker[] = [];
    if (DEPLOY_AT > previous && DEPLOY_AT <= at) {
      markers.push({ at, target: 'shop', deploymentId: 'dpl_shop_2', sha: SHA.v2, source: 'monitor' });
    }
    if (GATE_AT > previous && GATE_AT <= at) {
      markers.push({
        at: GATE_AT,
        target: 'shop',
        deploymentId: 'dpl_shop_3',
        sha: SHA.v3,
        source: 'gate',
        status: 'healthy',
        reason: 'ok',
        runUrl: 'https://github.com/acme/shop/actions/runs/6999999',
      });
    }
    const states: TargetState[] = records.map((r) => {
      const shop = r.target === 'shop';
      return {
        target: r.target,
        url: r.url,
        confirmed: shop && shopFailing ? 'unhealthy' : 'healthy',
        since: shop ? shopSince : (SLOTS[0] as number),
        consecutiveFailures: r.status === 'healthy' ? 0 : 2,
        consecutiveSuccesses: r.status === 'healthy' ? 2 : 0,
        lastRunAt: r.at,
        lastStatus: r.status,
        lastReason: r.reason,
        incident: shop ? incident : undefined,
      };
    });
    files.apply(await applyChange(files, { at: at + 20_000, records, states, markers, incidents }));
  }
  return files;
}

interface Shot {
  file: string;
  hash: string;
  waitFor: string;
  viewport: { width: number; height: number };
  colorScheme: 'light' | 'dark';
}

const SHOTS: Shot[] = [
  {
    file: 'dashboard-overview.png',
    hash: '',
    waitFor: 'table#targets tr[data-target]',
    viewport: { width: 1200, height: 800 },
    colorScheme: 'light',
  },
  {
    file: 'dashboard-overview-dark.png',
    hash: '',
    waitFor: 'table#targets tr[data-target]',
    viewport: { width: 1200, height: 800 },
    colorScheme: 'dark',
  },
  {
    file: 'dashboard-target.png',
    hash: '#/target/shop',
    waitFor: 'figure[data-chart="latency"] svg',
    viewport: { width: 1200, height: 800 },
    colorScheme: 'light',
  },
  {
    file: 'dashboard-phone.png',
    hash: '',
    waitFor: 'table#targets tr[data-target]',
    viewport: { width: 375, height: 800 },
    colorScheme: 'light',
  },
];

async function shoot(browser: Browser, url: string, shot: Shot): Promise<string> {
  const context = await browser.newContext({
    viewport: shot.viewport,
    colorScheme: shot.colorScheme,
    deviceScaleFactor: 1,
  });
  try {
    const page = await context.newPage();
    await page.clock.setFixedTime(NOW);
    await page.goto(new URL(shot.hash, url).href);
    await page.waitForSelector(shot.waitFor, { state: 'visible', timeout: 20_000 });
    await page.waitForLoadState('networkidle');
    const path = join(outDir, shot.file);
    await page.screenshot({ path, type: 'png' });
    return path;
  } finally {
    await context.close();
  }
}

async function main(): Promise<number> {
  if (!findChromium()) {
    console.error(NO_BROWSER_MESSAGE);
    return 1;
  }
  const files = await storyHistory();
  const site = await currentSiteFiles({ ...benchConfig(), title: 'Deployment health · acme/shop' });
  const dir = await mkdtemp(join(tmpdir(), 'dhg-screenshots-'));
  await writeSite(dir, site, files);
  const server = await serveDashboard({ root: dir, site, port: 0 });
  const browser = await launchBrowser();
  try {
    await mkdir(outDir, { recursive: true });
    for (const shot of SHOTS) {
      const path = await shoot(browser, server.url, shot);
      console.log(`${relative(root, path)}  ${((await stat(path)).size / 1024).toFixed(0)} KiB`);
    }
  } finally {
    await browser.close();
    await server.close();
    await rm(dir, { recursive: true, force: true });
  }
  return 0;
}

if (import.meta.url === `file://${process.argv[1]}`) process.exitCode = await main();
