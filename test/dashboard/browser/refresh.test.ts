// The page refreshes its data without a reload: a sample written to the folder after the page loaded shows up
// at the next refresh (`refreshSeconds: 1`, as the CLI's live server sets it).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PageWindow } from '../../support/page-dom.js';
import { expectCleanPage, field, type ServedSite, serveHistory, useBrowser, visit } from './harness.js';
import { type HistoryBuilder, NOW, OUTAGE, outageHistory, run, SLOTS } from './histories.js';

// The page's globals, for the code `page.evaluate` runs there.
declare const window: PageWindow;

const browser = useBrowser();

describe('the data refresh', () => {
  let history: HistoryBuilder;
  let site: ServedSite;
  beforeAll(async () => {
    history = await outageHistory();
    site = await serveHistory(history, { refreshSeconds: 1 });
  }, 60_000);
  afterAll(() => site?.close());

  it('picks up a new sample written after load, without reloading the page', async () => {
    const opened = await visit(browser(), site, { now: NOW });
    const { page } = opened;
    expect(await field(page, OUTAGE.target, 'status')).toMatch(/\bunhealthy\b/);
    // A marker in the page's window object: gone if the page reloads.
    await page.evaluate(() => {
      window.__sameDocument = true;
    });

    // The target recovers: a healthy run 30 s before "now" resolves the open incident.
    const at = NOW - 30_000;
    const record = run({ target: OUTAGE.target, at, k: SLOTS.length, deploymentId: OUTAGE.gate.id });
    const snapshot = await history.snapshot();
    const incident = snapshot.states[OUTAGE.target]?.incident;
    if (!incident) throw new Error('the outage history has no open incident');
    await history.apply({
      at: at + 20_000,
      records: [record],
      states: [
        {
          target: OUTAGE.target,
          url: record.url,
          confirmed: 'healthy',
          since: at,
          consecutiveFailures: 0,
          consecutiveSuccesses: 1,
          lastRunAt: at,
          lastStatus: 'healthy',
          lastReason: 'ok',
        },
      ],
      markers: [],
      incidents: [{ ...incident, state: 'resolved', resolvedAt: at, lastNoticeAt: at }],
    });
    await history.writeData(site.dir);
    const written = Date.now();

    await expect
      .poll(() => field(page, OUTAGE.target, 'status'), {
        message: 'the status after the refresh',
        timeout: 10_000,
        interval: 100,
      })
      .toMatch(/(^|[^n])healthy\b/);
    // The live server's promise: a new sample on the page within 2 s (1 s refresh + loading; slack for CI).
    expect(Date.now() - written, 'ms from the write to the page showing it').toBeLessThan(4000);
    await expect.poll(() => field(page, OUTAGE.target, 'incidents'), { timeout: 10_000 }).toBe('—');
    expect(await field(page, OUTAGE.target, 'last-check')).not.toMatch(/\b[45] min ago\b/);
    expect(await page.evaluate(() => window.__sameDocument)).toBe(true);
    expect(await page.locator('#refreshed').textContent()).toMatch(/Updated/i);
    await expectCleanPage(opened);
  });
});
