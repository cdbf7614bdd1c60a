import { existsSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { showLog, unescapeData, unescapeProperty } from '../../scripts/demo-log.js';
import { runNode } from '../support/run-bundle.js';

// `npm run demo` is a newcomer's first look at the product: it must run without accounts, end 0, and show
// what a reviewer sees — not only the step log, but the check run, Rollbar and what Vercel did.
const root = resolve(import.meta.dirname, '..', '..');

describe('the demo log renderer', () => {
  it('undoes every escape of the runner: %25, %0D, %0A in data; also %3A and %2C in properties', () => {
    expect(unescapeData('100%25 > 5%25%0Anext%0Dline')).toBe('100% > 5%\nnext\rline');
    expect(unescapeProperty('a%3A b%2C c %25 %0A')).toBe('a: b, c % \n');
    // One pass: an escaped escape stays what it was (`%3A` written by the app is shown as `%3A`).
    expect(unescapeData('%253A %250A')).toBe('%3A %0A');
    expect(unescapeProperty('%253A%252C')).toBe('%3A%2C');
  });

  it('renders workflow commands as the GitHub UI shows them', () => {
    const stdout = [
      '::add-mask::secret-value',
      '::debug::hidden',
      'plain line',
      '::error title=Error Rate Spike (error_rate 100%25 > 5%25)%2C now%3A bad,file=.github/deployment-health.yml,line=3::is 100%25%0Asecond line',
      '::warning::no title',
    ].join('\n');
    expect(showLog(stdout)).toEqual([
      'plain line',
      'ERROR [Error Rate Spike (error_rate 100% > 5%), now: bad] (.github/deployment-health.yml:3): is 100%',
      '    second line',
      'WARNING: no title',
    ]);
  });
});

describe('npm run demo', () => {
  it('runs against the simulated world, exits 0 and shows check runs, Rollbar, a promotion, a rollback and a monitored outage', async () => {
    const out = await mkdtemp(join(tmpdir(), 'dhg-demo-'));
    // No tokens, no GitHub variables: what a newcomer's shell has after `npm ci`.
    const env: Record<string, string> = { PATH: process.env.PATH ?? '', HOME: out, DEMO_OUT: out };
    if (process.env.NODE_BIN) env.NODE_BIN = process.env.NODE_BIN;
    const run = await runNode([join(root, 'node_modules/tsx/dist/cli.mjs'), 'scripts/demo.ts'], {
      cwd: root,
      env,
      timeoutMs: 110_000,
    });
    const text = run.stdout;
    expect(run.code, run.stderr).toBe(0);
    // The demo checks each scenario's outcome itself and says UNEXPECTED (and exits 1) when one differs.
    expect(text).not.toMatch(/UNEXPECTED/);
    expect(text).not.toMatch(/\b(seed|contract)/i);

    // The runner's escapes are undone: a percentage reads `100%`, never `100%25`.
    expect(text).not.toMatch(/%25|%0A|%0D|%3A|%2C/i);
    expect(text).toMatch(/error_rate 100% > 5%/);
    // Baseline and anomaly rules against a day of production's history.
    expect(text).toMatch(
      /slower_than_production → triggered: p95_response_time \d+ ms is \d\.\d× production's 24 h/,
    );
    expect(text).toMatch(
      /latency_anomaly → triggered: avg latency \d+ ms is \d+\.\d robust σ above the 24 h median/,
    );
    expect(text).toContain('outputs: shop degraded/anomaly');

    // The check run as GitHub keeps it: name, conclusion, title, summary, annotations.
    expect(text).toMatch(/GitHub check run +"Deployment health" · completed · conclusion failure/);
    expect(text).toMatch(/title +🔴 Unhealthy — endpoint/);
    expect(text).toMatch(/title +🟢 Healthy/);
    expect(text).toMatch(/summary +The deployment is healthy\./);
    expect(text).toMatch(/annotations +4\n +failure /);
    expect(text).toMatch(/GitHub deployment +Preview · failure · "\[Deployment health\] Unhealthy/);

    // Rollbar's deploy with its status changes, and the alert items.
    expect(text).toMatch(/Rollbar deploy +#\d+ preview · started → succeeded/);
    expect(text).toMatch(/Rollbar deploy +#\d+ preview · started → failed/);
    expect(text).toMatch(/Rollbar items +2\n +critical +Database Connection Failure/);

    // Production on Vercel: a healthy staged build promoted, a broken live one rolled back.
    expect(text).toMatch(/Vercel promote +PROMOTED: production dpl_\w+ → dpl_\w+ \(succeeded\)/);
    expect(text).toMatch(/Vercel production +before dpl_\w+ · now dpl_\w+ \(this build\)/);
    expect(text).toMatch(/Vercel rollback +ROLLED BACK: production dpl_\w+ → dpl_\w+ \(succeeded\)/);
    expect(text).toMatch(/Vercel production +before (dpl_\w+) · now \1 \(the previous build\)/);
    expect(text).toMatch(/Vercel check +"Deployment health" · queued → running → completed · succeeded/);

    // The monitor's story: a blip opens nothing, the second failing run opens one issue, two healthy runs close it.
    expect(text).toMatch(
      /run 1 · shop healthy · confirmed healthy · no incident · history [0-9a-f]{7} · exit 0/,
    );
    expect(text).toMatch(/run 2 · shop unhealthy \(endpoint\) · confirmed healthy · no incident · history/);
    expect(text).toMatch(
      /run 3 · shop unhealthy \(endpoint\) · confirmed unhealthy · incident opened #(\d+) · history [0-9a-f]{7} · exit 1/,
    );
    expect(text).toMatch(/GitHub issue +#\d+ "🔴 shop is unhealthy[^"]*" · label deployment-health · open/);
    expect(text).toMatch(/run 4 · shop healthy · confirmed unhealthy · incident #\d+ still open/);
    expect(text).toMatch(
      /run 5 · shop healthy · confirmed healthy · incident resolved #\d+ \(issue closed\) · history [0-9a-f]{7} · exit 0/,
    );
    expect(text).toMatch(
      /GitHub issue +#\d+ "🔴 shop is unhealthy[^"]*" · label deployment-health · closed\n +comment +🟢 Resolved after [\d.]+ m?s/,
    );
    expect(text).toMatch(
      /data branch +deployment-health-data: 5 commits, one per run, every message ends in \[skip ci\]/,
    );
    expect(text).toMatch(/data\/state\.json +[\d,]+ bytes/);
    expect(text).toMatch(/Rollbar items +2 occurrences, 1 fingerprint/);
    expect(text).toMatch(/JSON report +\S*monitor\/run-5\/\S*monitor-report\.json/);
    // It ends with the dashboard of its history: the folder, and how to open it with our CLI.
    const dashboard = /dashboard +(\S+)\/ \(index\.html/.exec(text)?.[1];
    expect(dashboard, 'the dashboard folder').toBeDefined();
    expect(existsSync(resolve(root, dashboard as string, 'index.html'))).toBe(true);
    expect(existsSync(resolve(root, dashboard as string, 'data/state.json'))).toBe(true);
    expect(text).toMatch(
      /open it +npx deployment-health-gate \w+ --history dir:\S+ .*--serve 127\.0\.0\.1:8080/,
    );
    expect(text).not.toMatch(/http\.server/);

    // Every server the demo talks to is on loopback.
    const hosts = new Set([...text.matchAll(/\bhttps?:\/\/([\w.-]+)/g)].map((m) => m[1]));
    expect(
      [...hosts].filter((host) => !['127.0.0.1', 'github.com', 'vercel.com'].includes(host ?? '')),
    ).toEqual([]);
  }, 120_000);
});
