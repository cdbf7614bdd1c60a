import { describe, expect, it } from 'vitest';
import type { CustomCheckItem } from '../../../src/config/types.js';
import { checklistEvaluator } from '../../../src/evaluate/checklist/index.js';
import type { TestDeps } from '../../support/deps.js';
import { appForTest, depsForTest } from '../../support/per-test.js';
import { settingsFrom } from '../../support/settings.js';
import { type SampleApp, STRIPE_WEBHOOK_PATH } from '../../world/sample-app.js';
import { configWith, evaluationContext, FAST_BACKOFF } from './support.js';

let app: SampleApp;
let deps: TestDeps;

async function run(items: CustomCheckItem[], options: { basePath?: string; timeout?: string } = {}) {
  const settings = settingsFrom({ 'request-timeout': options.timeout ?? '2s' });
  const result = await checklistEvaluator(configWith({ items }), {
    settings,
    backoff: FAST_BACKOFF,
  }).evaluate(evaluationContext(deps, { url: app.url }));
  const custom = (result.checklist ?? []).slice(6);
  return { custom, findings: result.findings ?? [] };
}

const item = (overrides: Partial<CustomCheckItem> & { path: string }): CustomCheckItem => ({
  id: 'probe',
  name: 'Probe',
  expect: { status: [200] },
  required: true,
  ...overrides,
});

/** The SPEC's example item. */
const stripeWebhook: CustomCheckItem = {
  id: 'stripe_webhook',
  name: 'Stripe webhook endpoint',
  path: STRIPE_WEBHOOK_PATH,
  expect: { status: [200], json: { path: 'ok', equals: true } },
  required: true,
};

describe('custom checklist items: HTTP probes of other paths', () => {
  it('the Stripe webhook item passes against the sample app', async () => {
    deps = depsForTest();
    app = await appForTest();
    const { custom, findings } = await run([stripeWebhook]);
    expect(custom).toHaveLength(1);
    expect(custom[0]).toMatchObject({
      id: 'stripe_webhook',
      name: 'Stripe webhook endpoint',
      required: true,
    });
    expect(custom[0]?.state).toBe('passed');
    expect(custom[0]?.detail).toMatch(/^GET \/api\/webhooks\/stripe: HTTP 200, `ok` = true in \d+ ms$/);
    expect(findings).toEqual([]);
  });

  it('a failing required item says what was expected and what came, and makes the deployment unhealthy', async () => {
    deps = depsForTest();
    app = await appForTest();
    app.setStripeWebhook('failing');
    const { custom, findings } = await run([stripeWebhook]);
    expect(custom[0]).toMatchObject({
      state: 'failed',
      detail:
        'GET /api/webhooks/stripe: expected HTTP 200 and `ok` = true; got HTTP 500: ' +
        '"{\\"ok\\":false,\\"error\\":\\"Webhook signing secret is not configured\\"}"',
    });
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ source: 'checklist', id: 'stripe_webhook', status: 'unhealthy' });
    expect(findings[0]?.message).toContain(
      'Check GET /api/webhooks/stripe on the deployment, or correct the item `stripe_webhook` in .github/deployment-health.yml.',
    );
  });

  it('an optional item that fails only degrades', async () => {
    deps = depsForTest();
    app = await appForTest();
    app.route('/api/search', { status: 500 });
    const { findings } = await run([item({ path: '/api/search', required: false })]);
    expect(findings.map((f) => f.status)).toEqual(['degraded']);
    expect(findings[0]?.message).toMatch(/^Probe \(optional\): /);
  });

  it.each([
    ['a different value', { ok: false }, { path: 'ok', equals: true }, 'got HTTP 200, `ok` = false'],
    ['a missing field', { status: 'up' }, { path: 'ok', equals: true }, 'got HTTP 200, but `ok` is missing'],
    [
      'a nested path through an array',
      { data: { items: [{ n: 1 }, { n: 2 }] } },
      { path: 'data.items.1.n', equals: 3 },
      'got HTTP 200, `data.items.1.n` = 2',
    ],
    [
      'an object compared deeply',
      { deps: { redis: 'up', s3: 'down' } },
      { path: 'deps', equals: { s3: 'up', redis: 'up' } },
      'got HTTP 200, `deps` = {"redis":"up","s3":"down"}',
    ],
    [
      'a string that only looks equal',
      { count: '1' },
      { path: 'count', equals: 1 },
      'got HTTP 200, `count` = "1"',
    ],
  ])('json expectation fails on %s', async (_, body, json, got) => {
    deps = depsForTest();
    app = await appForTest();
    app.route('/api/status', { body });
    const { custom } = await run([item({ path: '/api/status', expect: { status: [200], json } })]);
    expect(custom[0]?.state).toBe('failed');
    expect(custom[0]?.detail).toContain(got);
  });

  it('json expectations pass on deep equality regardless of key order', async () => {
    deps = depsForTest();
    app = await appForTest();
    app.route('/api/status', { body: { deps: { s3: 'up', redis: 'up' }, list: [1, { a: null }] } });
    const { custom } = await run([
      item({
        id: 'a',
        path: '/api/status',
        expect: { status: [200], json: { path: 'deps', equals: { redis: 'up', s3: 'up' } } },
      }),
      item({
        id: 'b',
        path: '/api/status',
        expect: { status: [200], json: { path: 'list', equals: [1, { a: null }] } },
      }),
    ]);
    expect(custom.map((c) => c.state)).toEqual(['passed', 'passed']);
  });

  it('json expectation on a body that is not JSON', async () => {
    deps = depsForTest();
    app = await appForTest();
    app.route('/api/status', { body: '<html>maintenance</html>' });
    const { custom } = await run([
      item({ path: '/api/status', expect: { status: [200], json: { path: 'ok', equals: true } } }),
    ]);
    expect(custom[0]?.detail).toBe(
      'GET /api/status: expected HTTP 200 and `ok` = true; got HTTP 200, but the body is not JSON (text/plain; charset=utf-8)',
    );
  });

  it('text expectations: contains, or says what is missing', async () => {
    deps = depsForTest();
    app = await appForTest();
    app.route('/ping', { body: 'pong from fra1' });
    const { custom } = await run([
      item({ id: 'yes', path: '/ping', expect: { status: [200], text: 'pong' } }),
      item({ id: 'no', path: '/ping', expect: { status: [200], text: 'PONG' } }),
    ]);
    expect(custom[0]?.state).toBe('passed');
    expect(custom[0]?.detail).toMatch(/^GET \/ping: HTTP 200, contains "pong" in \d+ ms$/);
    expect(custom[1]).toMatchObject({
      state: 'failed',
      detail:
        'GET /ping: expected HTTP 200 and text "PONG"; got HTTP 200, but the body does not contain "PONG"',
    });
  });

  it('accepts any of the expected status codes, and an expected 503 is neither retried nor failed', async () => {
    deps = depsForTest();
    app = await appForTest();
    app.route('/api/legacy', { status: 503, body: { disabled: true } });
    app.route('/api/created', { status: 204 });
    const { custom } = await run([
      item({
        id: 'legacy',
        path: '/api/legacy',
        expect: { status: [503], json: { path: 'disabled', equals: true } },
      }),
      item({ id: 'created', path: '/api/created', expect: { status: [200, 204] } }),
      item({ id: 'wrong', path: '/api/created', expect: { status: [200] } }),
    ]);
    expect(custom.map((c) => c.state)).toEqual(['passed', 'passed', 'failed']);
    expect(custom[2]?.detail).toBe('GET /api/created: expected HTTP 200; got HTTP 204');
    expect(app.requests.filter((r) => r.path === '/api/legacy')).toHaveLength(1);
  });

  it('runs the items side by side, each within the request timeout', async () => {
    deps = depsForTest();
    app = await appForTest();
    for (const n of [1, 2, 3, 4]) app.route(`/slow/${n}`, { delayMs: 250, body: { ok: true } });
    app.route('/hang', 'hang');
    const started = Date.now();
    const { custom } = await run(
      [
        ...[1, 2, 3, 4].map((n) => item({ id: `slow_${n}`, path: `/slow/${n}` })),
        item({ id: 'hang', path: '/hang' }),
      ],
      { timeout: '600ms' },
    );
    // In series this would take 4 × 250 ms + 600 ms.
    expect(Date.now() - started).toBeLessThan(1000);
    expect(custom.map((c) => c.state)).toEqual(['passed', 'passed', 'passed', 'passed', 'failed']);
    expect(custom[4]?.detail).toBe(
      'GET /hang: expected HTTP 200; no answer (timeout — no complete answer within 600 ms)',
    );
  });

  it('keeps the deployment’s base path, and sends the bypass secret to the deployment only', async () => {
    deps = depsForTest();
    app = await appForTest({ basePath: '/shop', mode: 'protected', bypassSecret: 'bypass-secret-321' });
    app.route(STRIPE_WEBHOOK_PATH, (req) => ({
      body: { ok: req.headers['x-vercel-protection-bypass'] === 'bypass-secret-321' },
    }));
    const settings = settingsFrom({ 'request-timeout': '2s', 'protection-bypass': 'bypass-secret-321' });
    const result = await checklistEvaluator(configWith({ items: [stripeWebhook] }), { settings }).evaluate(
      evaluationContext(deps, { url: app.url }),
    );
    expect(result.checklist?.[6]?.state).toBe('passed');
    expect(app.requests.map((r) => r.path)).toEqual([`/shop${STRIPE_WEBHOOK_PATH}`]);
    expect(JSON.stringify(result) + deps.logger.text()).not.toContain('bypass-secret-321');
  });

  it('escapes remote text and keeps it short', async () => {
    deps = depsForTest();
    app = await appForTest();
    app.route('/api/status', { status: 500, body: `::error::injected\n${'x'.repeat(500)}` });
    const { custom } = await run([item({ path: '/api/status' })]);
    const detail = custom[0]?.detail ?? '';
    expect(detail).not.toContain('::');
    expect(detail).toContain(': :error: :injected');
    expect(detail.length).toBeLessThan(200);
  });
});
