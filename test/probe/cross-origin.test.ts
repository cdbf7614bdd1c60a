import { describe, expect, it } from 'vitest';
import { type HttpAnswer, probeHealth, sampleHealth } from '../../src/probe/index.js';
import { judgeAttempt } from '../../src/probe/judge.js';
import { sameDeployment } from '../../src/probe/url.js';
import type { TestDeps } from '../support/deps.js';
import { appForTest, depsForTest, rawServer } from '../support/per-test.js';
import { fastProbeSettings } from '../support/settings.js';
import type { SampleApp } from '../world/sample-app.js';
import { expectNoSecrets, secretSettings } from './support.js';

// Only the deployment's own origin (scheme, host, port) can answer for its health. A redirect elsewhere —
// middleware sending a preview to the production domain — is the deployment's answer, and not a healthy one.

const HEALTHY_HEMERA = {
  timestamp: '2025-10-12T10:00:00.000Z',
  services: { database: { name: 'Database', status: 'pass', responseTime: 5 } },
  summary: { overallStatus: 'healthy', totalChecks: 1, passedChecks: 1, failedChecks: 0, warningChecks: 0 },
};

let app: SampleApp | undefined;
let deps: TestDeps;

const settings = secretSettings;

describe('probeHealth: a redirect to another origin', () => {
  it('is an unhealthy endpoint answer naming where it pointed, though the other origin says healthy', async () => {
    deps = depsForTest();
    app = await appForTest({ mode: 'redirecting', modeOptions: { redirect: 'cross-origin' } });
    const outcome = await probeHealth(app.url, settings(), deps);
    expect(outcome).toMatchObject({ kind: 'failed', reason: 'endpoint' });
    const message = outcome.kind === 'failed' ? outcome.message : '';
    expect(message).toContain(`${app.url}/api/health/deployment redirected to another origin`);
    expect(message).toContain(`${app.otherOrigin}/api/health/deployment`);
    expect(message).toContain('HTTP 200 with a health answer saying healthy');
    expect(message).toContain("Only the deployment's own origin can answer for its health");
    // Definitive: one request to each server, no retries; the other origin got no secrets.
    expect(app.requests.map((r) => r.server)).toEqual(['app', 'redirect-target']);
    expect(app.requests[1]?.headers['x-vercel-protection-bypass']).toBeUndefined();
    expect(app.requests[1]?.headers.authorization).toBeUndefined();
    expect(outcome.samples).toHaveLength(1);
    expect(outcome.samples[0]?.status).toBeUndefined();
    expectNoSecrets(deps, outcome);
  });

  it('counts 127.0.0.1 and localhost as different origins, and leaves the query out of the message', async () => {
    deps = depsForTest();
    let port = 0;
    // The same server under another name: a different origin all the same.
    const url = await rawServer((req, res) => {
      if (req.headers.host?.startsWith('127.0.0.1')) {
        res.writeHead(307, {
          location: `http://localhost:${port}/api/health/deployment?token=echoed-s3cret&next=%3Cb%3E`,
        });
        res.end();
        return;
      }
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify(HEALTHY_HEMERA));
    });
    port = Number(new URL(url).port);
    const outcome = await probeHealth(url, settings(), deps);
    expect(outcome).toMatchObject({ kind: 'failed', reason: 'endpoint' });
    const message = outcome.kind === 'failed' ? outcome.message : '';
    expect(message).toContain(
      `redirected to another origin, http://localhost:${port}/api/health/deployment?…,`,
    );
    expect(message).not.toContain('echoed-s3cret');
    expect(message).not.toContain('<b>');
    expectNoSecrets(deps, outcome);
  });

  it('is not retried when the other origin fails, and says it had no health answer', async () => {
    deps = depsForTest();
    const target = await rawServer((_req, res) => {
      res.writeHead(503, { 'content-type': 'text/html' });
      res.end('<html>down</html>');
    });
    const url = await rawServer((_req, res) => {
      res.writeHead(302, { location: `${target}/elsewhere` });
      res.end();
    });
    const outcome = await probeHealth(url, fastProbeSettings(), deps);
    expect(outcome).toMatchObject({ kind: 'failed', reason: 'endpoint' });
    expect(outcome.samples).toHaveLength(1);
    expect(outcome.kind === 'failed' && outcome.message).toContain(
      `another origin, ${target}/elsewhere, which answered HTTP 503 without a health answer`,
    );
  });

  it('keeps a same-origin redirect, and a chain that returns to the deployment, as the deployment’s answer', async () => {
    deps = depsForTest();
    app = await appForTest({ mode: 'redirecting', modeOptions: { redirect: 'same-origin' } });
    expect(await probeHealth(app.url, settings(), deps)).toMatchObject({
      kind: 'answered',
      document: { status: 'healthy' },
    });
    await app.close();
    app = await appForTest({ mode: 'redirecting', modeOptions: { redirect: 'round-trip' } });
    expect(await probeHealth(app.url, settings(), deps)).toMatchObject({ kind: 'answered' });
  });
});

describe('an observation sample redirected to another origin', () => {
  it('carries no health document, so it can never become the verdict, and counts as a failed request', async () => {
    deps = depsForTest();
    app = await appForTest({ mode: 'redirecting', modeOptions: { redirect: 'cross-origin' } });
    const sampled = await sampleHealth(app.url, settings(), deps);
    expect(sampled.document).toBeUndefined();
    expect(sampled.sample.status).toBeUndefined();
    // `error_rate` counts it: the deployment itself gave no health answer.
    expect(sampled.sample.error).toBe('redirect');
    expect(sampled.sample.httpStatus).toBeUndefined();
    expect(app.requests.map((r) => r.server)).toEqual(['app', 'redirect-target']);
  });
});

describe('judgeAttempt: which redirects are still the deployment', () => {
  const answer = (finalUrl: string, overrides: Partial<HttpAnswer> = {}): HttpAnswer => ({
    ok: true,
    status: 200,
    headers: {},
    body: JSON.stringify(HEALTHY_HEMERA),
    contentType: 'application/json',
    truncated: false,
    finalUrl,
    redirects: 1,
    scopedHeadersSent: false,
    ...overrides,
  });
  const judge = (url: string, finalUrl: string, overrides: Partial<HttpAnswer> = {}) =>
    judgeAttempt(answer(finalUrl, overrides), {
      url,
      shownUrl: url,
      format: 'auto',
      bypassConfigured: false,
      nowMs: 0,
    });

  it('takes the http → https upgrade of the same host as the deployment itself', () => {
    expect(
      judge(
        'http://shop-git-main-acme.vercel.app/api/health',
        'https://shop-git-main-acme.vercel.app/api/health',
      ),
    ).toMatchObject({ kind: 'answered', document: { status: 'healthy' } });
  });

  it.each([
    [
      'a preview sent to the production domain',
      'https://shop-abc.vercel.app/h',
      'https://shop.example.com/h',
    ],
    ['a downgrade to http', 'https://shop.vercel.app/h', 'http://shop.vercel.app/h'],
    ['another port', 'http://shop.vercel.app/h', 'https://shop.vercel.app:8443/h'],
    ['an upgrade from a non-default port', 'http://127.0.0.1:3000/h', 'https://127.0.0.1/h'],
    ['a subdomain', 'https://shop.vercel.app/h', 'https://api.shop.vercel.app/h'],
  ])('refuses %s', (_what, url, finalUrl) => {
    expect(judge(url, finalUrl)).toMatchObject({ kind: 'failed', reason: 'endpoint' });
  });

  it('still calls Vercel’s login page `protected`', () => {
    const verdict = judge('https://shop-abc.vercel.app/h', 'https://vercel.com/sso-api?url=x&nonce=n', {
      status: 200,
      contentType: 'text/html',
      body: '<html>Log in</html>',
    });
    expect(verdict).toMatchObject({ kind: 'failed', reason: 'protected' });
    expect(verdict.kind === 'failed' && verdict.message).toContain('(https://vercel.com/sso-api?…)');
  });

  it('refuses a foreign answer under `status-code` too', () => {
    const verdict = judgeAttempt(
      answer('https://shop.example.com/h', { body: 'ok', contentType: 'text/plain' }),
      {
        url: 'https://shop-abc.vercel.app/h',
        shownUrl: 'https://shop-abc.vercel.app/h',
        format: 'status-code',
        bypassConfigured: false,
        nowMs: 0,
      },
    );
    expect(verdict).toMatchObject({ kind: 'failed', reason: 'endpoint' });
  });
});

describe('sameDeployment', () => {
  it.each([
    ['http://a.vercel.app/x', 'http://a.vercel.app/y', true],
    ['http://a.vercel.app/x', 'https://a.vercel.app/x', true],
    ['http://a.vercel.app:80/x', 'https://a.vercel.app:443/x', true],
    ['https://a.vercel.app/x', 'http://a.vercel.app/x', false],
    ['http://127.0.0.1:3000/x', 'http://localhost:3000/x', false],
    ['http://127.0.0.1:3000/x', 'http://127.0.0.1:3001/x', false],
    ['https://A.Vercel.App/x', 'https://a.vercel.app/y', true],
    ['not a url', 'https://a.vercel.app/', false],
  ])('%s → %s: %s', (from, to, expected) => {
    expect(sameDeployment(from, to)).toBe(expected);
  });
});
