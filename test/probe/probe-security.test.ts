import { describe, expect, it } from 'vitest';
import { probeHealth } from '../../src/probe/index.js';
import type { TestDeps } from '../support/deps.js';
import { depsForTest, rawServer } from '../support/per-test.js';
import { fastProbeSettings } from '../support/settings.js';
import {
  CUSTOM_HEADER as CUSTOM,
  expectNoSecrets,
  probeSetup,
  BYPASS_SECRET as SECRET,
  secretSettings,
} from './support.js';

let deps: TestDeps;
const setup = probeSetup((fresh) => {
  deps = fresh;
});

describe('probeHealth: Vercel Deployment Protection', () => {
  it('says protection is on and how to pass the bypass, without retrying', async () => {
    const app = await setup({ mode: 'protected', bypassSecret: SECRET });
    const outcome = await probeHealth(app.url, fastProbeSettings(), deps);
    expect(outcome).toMatchObject({ kind: 'failed', reason: 'protected' });
    expect(outcome.kind === 'failed' && outcome.message).toContain(
      `HTTP 401 from the deployment at ${app.url}/api/health/deployment: Vercel Deployment Protection is on; pass \`protection-bypass\``,
    );
    expect(outcome.samples).toHaveLength(1);
    expect(outcome.samples[0]?.httpStatus).toBe(401);
  });

  it('says the secret was refused when a wrong one was sent, without repeating it', async () => {
    const app = await setup({ mode: 'protected', bypassSecret: 'the-real-one' });
    const outcome = await probeHealth(app.url, fastProbeSettings({ protectionBypass: SECRET }), deps);
    expect(outcome).toMatchObject({ kind: 'failed', reason: 'protected' });
    expect(outcome.kind === 'failed' && outcome.message).toContain('the bypass secret was refused');
    expect(app.requests[0]?.headers['x-vercel-protection-bypass']).toBe(SECRET);
    expectNoSecrets(deps, outcome);
  });

  it('gets through with the right secret', async () => {
    const app = await setup({ mode: 'protected', bypassSecret: SECRET });
    const outcome = await probeHealth(app.url, fastProbeSettings({ protectionBypass: SECRET }), deps);
    expect(outcome).toMatchObject({ kind: 'answered', document: { status: 'healthy' } });
    expectNoSecrets(deps, outcome);
  });

  it('tells the endpoint’s own refusal (JSON 401) apart from Vercel’s page', async () => {
    // the sample app's health endpoint never sends a JSON 401; a start_monitoring answer path does not
    // either, so the dashboard of a protected app is the HTML case and this raw check covers JSON:
    const url = await rawServer((_req, res) => {
      res.writeHead(401, { 'content-type': 'application/json' });
      res.end('{"error":"unauthorized"}');
    });
    deps = depsForTest();
    const outcome = await probeHealth(url, fastProbeSettings(), deps);
    expect(outcome).toMatchObject({ kind: 'failed', reason: 'endpoint' });
    expect(outcome.kind === 'failed' && outcome.message).toContain('the endpoint itself wants credentials');
  });
});

describe('probeHealth: secrets stay with the deployment’s origin', () => {
  const settings = secretSettings;

  it('sends the bypass and custom headers to the app but not to the other origin it redirects to', async () => {
    const app = await setup({ mode: 'redirecting', modeOptions: { redirect: 'cross-origin' } });
    const outcome = await probeHealth(app.url, settings(), deps);
    // The other origin's healthy answer is not the deployment's (see cross-origin.test.ts).
    expect(outcome).toMatchObject({ kind: 'failed', reason: 'endpoint' });
    const [toApp, toOther] = app.requests;
    expect(toApp).toMatchObject({ server: 'app' });
    expect(toApp?.headers['x-vercel-protection-bypass']).toBe(SECRET);
    expect(toApp?.headers.authorization).toBe(CUSTOM);
    expect(toApp?.headers['x-team']).toBe('blue');
    expect(toOther).toMatchObject({ server: 'redirect-target' });
    expect(toOther?.headers['x-vercel-protection-bypass']).toBeUndefined();
    expect(toOther?.headers.authorization).toBeUndefined();
    expect(toOther?.headers['x-team']).toBeUndefined();
    expectNoSecrets(deps, outcome);
  });

  it('keeps them on a same-origin redirect', async () => {
    const app = await setup({ mode: 'redirecting', modeOptions: { redirect: 'same-origin' } });
    const outcome = await probeHealth(app.url, settings(), deps);
    expect(outcome.kind).toBe('answered');
    expect(app.requests.map((r) => r.headers['x-vercel-protection-bypass'])).toEqual([SECRET, SECRET]);
    expect(app.requests.map((r) => r.headers.authorization)).toEqual([CUSTOM, CUSTOM]);
  });

  it('does not send them again when the chain returns to the deployment', async () => {
    const app = await setup({ mode: 'redirecting', modeOptions: { redirect: 'round-trip' } });
    const outcome = await probeHealth(app.url, settings(), deps);
    expect(outcome.kind).toBe('answered');
    expect(
      app.requests.map((r) => [r.server, r.headers['x-vercel-protection-bypass'] !== undefined]),
    ).toEqual([
      ['app', true],
      ['redirect-target', false],
      ['app', false],
    ]);
  });

  it('keeps remote text from starting workflow commands in the log', async () => {
    const url = await rawServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html; x=::warning::pwned' });
      res.end('{"summary":{"overallStatus":"::error::pwned"}}');
    });
    deps = depsForTest();
    const outcome = await probeHealth(url, fastProbeSettings(), deps);
    expect(outcome).toMatchObject({ kind: 'failed', reason: 'endpoint' });
    expect(deps.logger.lines.length).toBeGreaterThan(0);
    for (const line of deps.logger.lines) expect(line.message).not.toContain('::');
    expect(outcome.kind === 'failed' && outcome.message).not.toContain('::');
  });
});
