import { describe, expect, it } from 'vitest';
import { checklistEvaluator } from '../../../src/evaluate/checklist/index.js';
import { endpointEvaluator } from '../../../src/evaluate/endpoint.js';
import { runEvaluators } from '../../../src/evaluate/evaluator.js';
import { verdictFromFindings } from '../../../src/evaluate/verdict.js';
import type { Sample } from '../../../src/model/types.js';
import type { TestDeps } from '../../support/deps.js';
import { appForTest, depsForTest } from '../../support/per-test.js';
import { settingsFrom } from '../../support/settings.js';
import { DASHBOARD_PATH, type SampleApp } from '../../world/sample-app.js';
import { configWith, documentWith, evaluationContext, FAST_BACKOFF, SEED_RULES } from './support.js';

let app: SampleApp | undefined;
let deps: TestDeps;

const settings = settingsFrom({ 'request-timeout': '2s' });
const evaluate = (
  config = configWith(),
  context = evaluationContext(deps),
  rollbar?: () => ReturnType<Rollbar>,
) => checklistEvaluator(config, { settings, backoff: FAST_BACKOFF, rollbar }).evaluate(context);
type Rollbar = () => { accepted: boolean | undefined; detail: string } | undefined;

const byId = (result: Awaited<ReturnType<typeof evaluate>>, id: string) =>
  result.checklist?.find((item) => item.id === id);

describe('the deployment checklist: built-in items', () => {
  it('lists every built-in item in the original design’s order, each passed or skipped with its reason', async () => {
    deps = depsForTest();
    const result = await evaluate();
    expect(result.checklist).toEqual([
      {
        id: 'endpoint_reachable',
        name: 'Health endpoint reachable',
        required: true,
        state: 'passed',
        detail: 'HTTP 200 in 45 ms',
      },
      {
        id: 'services_pass',
        name: 'All services report pass',
        required: false,
        state: 'passed',
        detail: 'all 5 services report pass',
      },
      {
        id: 'alert_rules',
        name: 'Alert rules valid and enabled',
        required: true,
        state: 'passed',
        detail: '5 of 5 rules enabled (3 critical, 2 warning)',
      },
      {
        id: 'rollbar_deploy',
        name: 'Rollbar accepted the deploy',
        required: false,
        state: 'skipped',
        detail: 'no `rollbar-token` given',
      },
      {
        id: 'vercel_env',
        name: 'Environment variables on Vercel',
        required: true,
        state: 'skipped',
        detail: 'no `checklist.env` names in the config',
      },
      {
        id: 'dashboard',
        name: 'Health dashboard answers',
        required: false,
        state: 'skipped',
        detail: 'turned off in the config (`dashboard: false`)',
      },
    ]);
    expect(result.findings).toEqual([]);
    expect(deps.logger.text()).toContain('info: Checklist: 3 passed, 0 failed, 3 skipped.');
  });

  it('endpoint_reachable tells retries and how the observation window went', async () => {
    deps = depsForTest();
    const document = documentWith();
    const samples: Sample[] = [
      { startedAt: 0, durationMs: 30, httpStatus: 502 },
      { startedAt: 100, durationMs: 5, error: 'ECONNRESET' },
      { startedAt: 300, durationMs: 120, httpStatus: 200, status: document.status },
      { startedAt: 1300, durationMs: 80, httpStatus: 200, status: document.status },
      { startedAt: 2300, durationMs: 5000, error: 'timeout' },
      { startedAt: 3300, durationMs: 90, httpStatus: 503 },
      { startedAt: 4300, durationMs: 70, httpStatus: 200, status: document.status },
    ];
    const result = await evaluate(configWith(), evaluationContext(deps, { samples, firstAnswerIndex: 2 }));
    expect(byId(result, 'endpoint_reachable')).toMatchObject({
      state: 'passed',
      detail: 'HTTP 200 in 120 ms, after 3 attempts; 2 of 4 observation samples answered without error',
    });
  });

  it('services_pass names the services that do not pass, failing first, with the original design’s hints', async () => {
    deps = depsForTest();
    const document = documentWith({ payment: 'warn', database: 'fail' });
    const result = await evaluate(configWith(), evaluationContext(deps, { document }));
    expect(byId(result, 'services_pass')).toMatchObject({
      required: false,
      state: 'failed',
      detail: 'database reports fail, payment reports warn (3 of 5 pass)',
    });
    const [finding] = result.findings ?? [];
    expect(finding).toMatchObject({ source: 'checklist', id: 'services_pass', status: 'degraded' });
    expect(finding?.message).toContain('DATABASE_URL');
    expect(finding?.message).toContain('STRIPE_SECRET_KEY');
  });

  it('a degraded payment service leaves a degraded deployment degraded (services_pass is optional)', async () => {
    deps = depsForTest();
    const document = documentWith({ payment: 'warn' });
    const evaluation = await runEvaluators(
      [endpointEvaluator, checklistEvaluator(configWith(), { settings })],
      evaluationContext(deps, { document }),
    );
    expect(evaluation.checklist.find((i) => i.id === 'services_pass')?.state).toBe('failed');
    const verdict = verdictFromFindings(evaluation.findings);
    expect(verdict.status).toBe('degraded');
    expect(verdict.reason).toBe('endpoint');
  });

  it('services_pass is skipped when the answer lists no services', async () => {
    deps = depsForTest();
    const document = {
      format: 'status-code' as const,
      status: 'healthy' as const,
      services: [],
      warnings: [],
    };
    const result = await evaluate(configWith(), evaluationContext(deps, { document }));
    expect(byId(result, 'services_pass')).toMatchObject({
      state: 'skipped',
      detail: 'the status-code answer lists no services to check',
    });
  });

  it('alert_rules fails, required, when every rule is disabled', async () => {
    deps = depsForTest();
    const rules = SEED_RULES.map((r) => ({ ...r, enabled: false }));
    const result = await evaluate(configWith({}, { rules }));
    expect(byId(result, 'alert_rules')).toMatchObject({
      required: true,
      state: 'failed',
      detail: 'all 5 alert rules are disabled',
    });
    expect(result.findings).toEqual([
      {
        source: 'checklist',
        id: 'alert_rules',
        title: 'Checklist: Alert rules valid and enabled failed',
        status: 'unhealthy',
        message:
          'Alert rules valid and enabled: all 5 alert rules are disabled. Enable at least one rule ' +
          '(`enabled: true`) in .github/deployment-health.yml.',
        blame: 'gate',
      },
    ]);
    expect(verdictFromFindings(result.findings ?? []).reason).toBe('checklist');
  });

  it('alert_rules fails when there are no rules at all, and passes with one enabled', async () => {
    deps = depsForTest();
    const none = await evaluate(configWith({}, { rules: [], file: undefined }));
    expect(byId(none, 'alert_rules')).toMatchObject({
      state: 'failed',
      detail: 'no alert rules are configured',
    });
    expect(none.findings?.[0]?.message).toContain('in `.github/deployment-health.yml`');
    const one = SEED_RULES.map((r, i) => ({ ...r, enabled: i === 3 }));
    const some = await evaluate(configWith({}, { rules: one }));
    expect(byId(some, 'alert_rules')).toMatchObject({
      state: 'passed',
      detail: '1 of 5 rules enabled (1 warning)',
    });
  });

  it.each([
    [undefined, 'skipped', 'no `rollbar-token` given', undefined],
    [{ accepted: true, detail: 'deploy 4711 recorded' }, 'passed', 'deploy 4711 recorded', undefined],
    [
      { accepted: undefined, detail: 'Rollbar did not answer (timeout)' },
      'skipped',
      'Rollbar did not answer (timeout)',
      undefined,
    ],
    [
      { accepted: false, detail: '401: invalid access token' },
      'failed',
      '401: invalid access token',
      'degraded',
    ],
  ] as const)(
    'rollbar_deploy from the Rollbar reporter: %j → %s',
    async (state, expected, detail, severity) => {
      deps = depsForTest();
      const result = await evaluate(configWith(), evaluationContext(deps), () =>
        state ? { ...state } : undefined,
      );
      expect(byId(result, 'rollbar_deploy')).toMatchObject({ required: false, state: expected, detail });
      expect(result.findings?.map((f) => f.status)).toEqual(severity ? [severity] : []);
    },
  );
});

describe('the deployment checklist: dashboard', () => {
  async function withApp(options: Parameters<typeof appForTest>[0] = {}) {
    deps = depsForTest();
    app = await appForTest(options);
    return app;
  }
  const dashboardOf = async (a: SampleApp, extra: Parameters<typeof settingsFrom>[0] = {}) => {
    const config = configWith({ dashboard: DASHBOARD_PATH });
    const s = settingsFrom({ 'request-timeout': '2s', ...extra });
    const result = await checklistEvaluator(config, { settings: s, backoff: FAST_BACKOFF }).evaluate(
      evaluationContext(deps, { url: a.url }),
    );
    return { item: byId(result, 'dashboard'), findings: result.findings ?? [] };
  };

  it('passes when the original design’s dashboard answers', async () => {
    const app = await withApp();
    const { item, findings } = await dashboardOf(app);
    expect(item).toMatchObject({ state: 'passed', required: false });
    expect(item?.detail).toMatch(/^GET \/admin\/monitoring\/deployment: HTTP 200 in \d+ ms$/);
    expect(findings).toEqual([]);
    expect(app.requests.map((r) => `${r.method} ${r.path}`)).toEqual([`GET ${DASHBOARD_PATH}`]);
  });

  it('passes behind a login (401/403): the page exists', async () => {
    const app = await withApp();
    app.route(DASHBOARD_PATH, { status: 403, body: 'Forbidden' });
    const { item } = await dashboardOf(app);
    expect(item?.state).toBe('passed');
    expect(item?.detail).toMatch(/HTTP 403 in \d+ ms \(it exists, behind authentication\)$/);
  });

  it('passes on a protected deployment with the bypass secret, and never shows the secret', async () => {
    const app = await withApp({ mode: 'protected', bypassSecret: 'bypass-secret-789' });
    app.route(DASHBOARD_PATH, (req) =>
      req.headers['x-vercel-protection-bypass'] === 'bypass-secret-789'
        ? { status: 200, body: 'ok' }
        : { status: 500 },
    );
    const { item } = await dashboardOf(app, { 'protection-bypass': 'bypass-secret-789' });
    expect(item?.state).toBe('passed');
    expect(deps.logger.text()).not.toContain('bypass-secret-789');
  });

  it.each([
    [404, 'HTTP 404 (not found)'],
    [500, 'HTTP 500 (the page fails; see the function logs)'],
  ])('fails (optional → degraded) on HTTP %i', async (status, said) => {
    const app = await withApp();
    app.route(DASHBOARD_PATH, { status });
    const { item, findings } = await dashboardOf(app);
    expect(item).toMatchObject({ state: 'failed', detail: `GET /admin/monitoring/deployment: ${said}` });
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ id: 'dashboard', status: 'degraded' });
    expect(findings[0]?.message).toContain('set `checklist.dashboard` in .github/deployment-health.yml');
  });

  it('skips a 404 at the default path when the config file names no dashboard, saying how to check one', async () => {
    const app = await withApp();
    app.route(DASHBOARD_PATH, { status: 404 });
    const config = configWith({ dashboard: DASHBOARD_PATH, dashboardWritten: false });
    const result = await checklistEvaluator(config, {
      settings: settingsFrom({ 'request-timeout': '2s' }),
      backoff: FAST_BACKOFF,
    }).evaluate(evaluationContext(deps, { url: app.url }));
    expect(byId(result, 'dashboard')).toMatchObject({ state: 'skipped', required: false });
    expect(byId(result, 'dashboard')?.detail).toContain('no dashboard at the default path');
    expect(byId(result, 'dashboard')?.detail).toContain('`dashboard: false`');
    expect(result.findings ?? []).toEqual([]);
  });

  it('fails after one request timeout when the page hangs', async () => {
    const app = await withApp();
    app.route(DASHBOARD_PATH, 'hang');
    const started = Date.now();
    const { item } = await dashboardOf(app, { 'request-timeout': '300ms' });
    expect(Date.now() - started).toBeLessThan(800);
    expect(item).toMatchObject({
      state: 'failed',
      detail: 'GET /admin/monitoring/deployment: no answer (timeout — no complete answer within 300 ms)',
    });
  });

  it('retries a 502 from the edge before judging', async () => {
    const app = await withApp();
    let calls = 0;
    app.route(DASHBOARD_PATH, () => (++calls < 3 ? { status: 502 } : { status: 200, body: 'dashboard' }));
    const { item } = await dashboardOf(app);
    expect(item?.state).toBe('passed');
    expect(calls).toBe(3);
  });
});
