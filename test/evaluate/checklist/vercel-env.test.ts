import { request } from 'undici';
import { afterEach, describe, expect, it } from 'vitest';
import {
  checklistEvaluator,
  type VercelEnvSource,
  vercelEnvSource,
} from '../../../src/evaluate/checklist/index.js';
import type { Target } from '../../../src/model/types.js';
import type { ResolvePolicy } from '../../../src/resolve/policy.js';
import type { Settings } from '../../../src/settings/settings.js';
import { type TestDeps, testDeps } from '../../support/deps.js';
import { settingsFrom } from '../../support/settings.js';
import { startVercelApi, type VercelSim } from '../../world/vercel-api.js';
import { configWith, evaluationContext } from './support.js';

const TOKEN = 'vercel-token-env-0123456789';
const TEAM = { id: 'team_acme123', slug: 'acme' };
/** Every value the simulated project holds: none may appear in anything the checklist produces. */
const VALUES = {
  DATABASE_URL: 'postgres://app:db-password-value@db.internal:5432/shop',
  CLERK_SECRET_KEY: 'sk_live_clerk_plain_value',
  STRIPE_SECRET_KEY: 'sk_live_stripe_sensitive_value',
  ROLLBAR_SERVER_ACCESS_TOKEN: 'rollbar-branch-value',
  NODE_ENV: 'production-plain-value',
};
const REQUIRED = ['DATABASE_URL', 'CLERK_SECRET_KEY', 'STRIPE_SECRET_KEY', 'ROLLBAR_SERVER_ACCESS_TOKEN'];
const FAST_RETRY: Partial<ResolvePolicy> = {
  retry: { initialMs: 20, factor: 2, maxMs: 80, jitter: 0.2 },
  maxAttempts: 3,
};

let vercel: VercelSim;
let deps: TestDeps;

afterEach(async () => {
  await vercel?.close();
  vercel?.assertNoViolations();
  await deps?.close();
});

async function world() {
  deps = testDeps();
  vercel = await startVercelApi();
  vercel.requireToken(TOKEN);
  vercel.requireTeam(TEAM);
  vercel.addProject({ name: 'shop', id: 'prj_shop123' });
  vercel.addEnv('shop', {
    key: 'DATABASE_URL',
    target: ['production', 'preview'],
    value: VALUES.DATABASE_URL,
  });
  vercel.addEnv('shop', {
    key: 'CLERK_SECRET_KEY',
    target: ['production'],
    type: 'plain',
    value: VALUES.CLERK_SECRET_KEY,
  });
  vercel.addEnv('shop', {
    key: 'STRIPE_SECRET_KEY',
    target: ['production', 'preview'],
    type: 'sensitive',
    value: VALUES.STRIPE_SECRET_KEY,
  });
  vercel.addEnv('shop', {
    key: 'ROLLBAR_SERVER_ACCESS_TOKEN',
    target: ['production'],
    value: VALUES.ROLLBAR_SERVER_ACCESS_TOKEN,
  });
  vercel.addEnv('shop', {
    key: 'ROLLBAR_SERVER_ACCESS_TOKEN',
    target: ['preview'],
    gitBranch: 'main',
    value: VALUES.ROLLBAR_SERVER_ACCESS_TOKEN,
  });
  vercel.addEnv('shop', {
    key: 'NODE_ENV',
    target: ['production', 'preview', 'development'],
    type: 'plain',
    value: VALUES.NODE_ENV,
  });
  return vercel;
}

function settingsFor(
  overrides: Partial<Record<'vercel-token' | 'vercel-team' | 'vercel-project', string>> = {},
): Settings {
  return settingsFrom({
    'vercel-api-url': vercel.url,
    'vercel-token': TOKEN,
    'vercel-team': TEAM.id,
    'vercel-project': 'shop',
    ...overrides,
  });
}

async function check(
  target: Target,
  options: {
    settings?: Settings;
    required?: string[];
    project?: string;
    source?: VercelEnvSource | 'none';
  } = {},
) {
  const settings = options.settings ?? settingsFor();
  const source =
    options.source === 'none'
      ? undefined
      : (options.source ?? vercelEnvSource(settings, deps, { policy: FAST_RETRY, budgetMs: 2000 }));
  const config = configWith({ env: options.required ?? REQUIRED });
  const result = await checklistEvaluator(config, { settings, vercel: source }).evaluate(
    evaluationContext(deps, { deployment: { environment: target, project: options.project } }),
  );
  const item = result.checklist?.find((i) => i.id === 'vercel_env');
  const everything = JSON.stringify(result) + deps.logger.text();
  return { item, findings: result.findings ?? [], everything };
}

const expectNoValues = (text: string) => {
  for (const value of Object.values(VALUES)) expect(text).not.toContain(value);
  expect(text).not.toContain('enc:');
};

describe('vercel_env: required variable names on the Vercel project', () => {
  it('the simulated API does hand out values, so the no-leak assertions below mean something', async () => {
    await world();
    const response = await request(`${vercel.url}/v10/projects/shop/env?teamId=${TEAM.id}`, {
      headers: { authorization: `Bearer ${TOKEN}` },
    });
    const text = await response.body.text();
    expect(text).toContain(VALUES.CLERK_SECRET_KEY); // a plain variable comes back in plain text
    expect(text).toContain(VALUES.NODE_ENV);
    expect(text).not.toContain(VALUES.STRIPE_SECRET_KEY); // sensitive: never readable
  });

  it('keeps names, targets and branches only: no value survives the look-up', async () => {
    await world();
    const source = vercelEnvSource(settingsFor(), deps, { policy: FAST_RETRY });
    const lookup = await source?.listEnvNames('shop');
    expect(lookup?.kind).toBe('found');
    const names = lookup?.kind === 'found' ? lookup.names : [];
    expect(names).toHaveLength(6);
    for (const name of names) expect(Object.keys(name).sort()).toEqual(['gitBranch', 'key', 'targets']);
    expect(names.find((n) => n.key === 'ROLLBAR_SERVER_ACCESS_TOKEN' && n.gitBranch)).toEqual({
      key: 'ROLLBAR_SERVER_ACCESS_TOKEN',
      targets: ['preview'],
      gitBranch: 'main',
    });
    expectNoValues(JSON.stringify(lookup));
  });

  it('passes for production when every name exists there, reading names only', async () => {
    await world();
    const { item, findings, everything } = await check('production');
    expect(item).toMatchObject({
      id: 'vercel_env',
      required: true,
      state: 'passed',
      detail: 'all 4 present for production on project `shop`',
    });
    expect(findings).toEqual([]);
    expectNoValues(everything);
    const [call] = vercel.requests.filter((r) => r.path.endsWith('/env'));
    expect(call?.path).toBe('/v10/projects/shop/env');
    expect(call?.query).toEqual({ decrypt: 'false', teamId: TEAM.id });
    expect(call?.headers.authorization).toBe(`Bearer ${TOKEN}`);
  });

  it('fails for preview, naming the missing variable, where it exists instead, and where to add it', async () => {
    await world();
    const { item, findings, everything } = await check('preview');
    expect(item).toMatchObject({
      state: 'failed',
      detail:
        'missing for preview on project `shop`: CLERK_SECRET_KEY (CLERK_SECRET_KEY exists for production only); ' +
        'ROLLBAR_SERVER_ACCESS_TOKEN only for branch main',
    });
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ source: 'checklist', id: 'vercel_env', status: 'unhealthy' });
    expect(findings[0]?.message).toContain(
      'Project Settings → Environment Variables with the Preview environment',
    );
    expect(findings[0]?.message).toContain('`vercel env add <NAME> preview`');
    expectNoValues(everything);
  });

  it('names every missing variable, and a name that exists nowhere gets no "exists for" note', async () => {
    await world();
    const { item } = await check('production', {
      required: ['DATABASE_URL', 'SENTRY_DSN', 'REDIS_URL', 'SENTRY_DSN'],
    });
    expect(item?.detail).toBe('missing for production on project `shop`: SENTRY_DSN, REDIS_URL');
  });

  it('uses the project the resolver learnt when `vercel-project` is not given', async () => {
    await world();
    const settings = settingsFor({ 'vercel-project': '' });
    const { item } = await check('production', { settings, project: 'prj_shop123' });
    expect(item?.state).toBe('passed');
    expect(vercel.requests.at(-1)?.path).toBe('/v10/projects/prj_shop123/env');
  });

  it.each([
    ['no list in the config', { required: [] }, 'no `checklist.env` names in the config'],
    ['no token', { source: 'none' as const, token: '' }, 'no `vercel-token` given'],
    [
      'no project',
      { project: undefined, noProject: true },
      'no Vercel project known; set `vercel-project` to check the variables',
    ],
  ])('is skipped with %s, without asking Vercel', async (_, options, detail) => {
    await world();
    const settings = settingsFor({
      ...('token' in options ? { 'vercel-token': options.token } : {}),
      ...('noProject' in options ? { 'vercel-project': '' } : {}),
    });
    const { item, findings } = await check('production', { ...options, settings });
    expect(item).toMatchObject({ state: 'skipped', detail });
    expect(findings).toEqual([]);
    expect(vercel.requests).toHaveLength(0);
  });

  it('builds its own Vercel client from the settings when none is passed in', async () => {
    await world();
    const settings = settingsFor();
    const result = await checklistEvaluator(configWith({ env: ['DATABASE_URL'] }), { settings }).evaluate(
      evaluationContext(deps, { deployment: { environment: 'production' } }),
    );
    expect(result.checklist?.find((i) => i.id === 'vercel_env')?.state).toBe('passed');
  });

  it('a refused token fails the item with what to do, and never shows the token', async () => {
    await world();
    const { item, findings, everything } = await check('production', {
      settings: settingsFor({ 'vercel-token': 'wrong-token-value' }),
    });
    expect(item).toMatchObject({ state: 'failed', detail: 'could not read the variables of project `shop`' });
    expect(findings[0]?.message).toContain('The Vercel API refused the token');
    expect(findings[0]?.message).toContain('https://vercel.com/account/tokens');
    expect(everything).not.toContain('wrong-token-value');
    expect(everything).not.toContain(TOKEN);
  });

  it('the wrong team fails the item and points at `vercel-team`', async () => {
    await world();
    const { item, findings } = await check('production', {
      settings: settingsFor({ 'vercel-team': 'other-team' }),
    });
    expect(item?.state).toBe('failed');
    expect(findings[0]?.message).toContain('no access to team `other-team`');
    expect(vercel.requests.at(-1)?.query.slug).toBe('other-team');
  });

  it('an unknown project fails the item (404) with what to check', async () => {
    await world();
    const { item, findings } = await check('production', {
      settings: settingsFor({ 'vercel-project': 'shopp' }),
    });
    expect(item).toMatchObject({
      state: 'failed',
      detail: 'the Vercel API does not know project `shopp` (404)',
    });
    expect(findings[0]?.message).toContain('Check `vercel-project`');
  });

  it('Vercel trouble (5xx through every retry) skips the item with one warning: it is not the deployment’s fault', async () => {
    await world();
    vercel.failNext(10, { status: 500, path: '/env' });
    const { item, findings } = await check('production');
    expect(item?.state).toBe('skipped');
    expect(item?.detail).toBe('not checked: the Vercel API answered 500 to GET /v10/projects/shop/env');
    expect(findings).toEqual([]);
    expect(vercel.requestCount({ path: '/env' })).toBe(3);
    const warnings = deps.logger.lines.filter((l) => l.level === 'warning');
    expect(warnings).toHaveLength(1);
    expect(warnings[0]?.message).toContain('environment variables of Vercel project `shop` were not checked');
  });

  it('waits as a 429 asks, then reads the names', async () => {
    await world();
    vercel.failNext(1, { status: 429, retryAfter: 0.2, path: '/env' });
    const started = Date.now();
    const { item } = await check('production');
    expect(item?.state).toBe('passed');
    expect(Date.now() - started).toBeGreaterThanOrEqual(190);
    expect(vercel.requestCount({ path: '/env' })).toBe(2);
  });

  it('stays within its budget when Vercel hangs', async () => {
    await world();
    vercel.setLatency(5000, { path: '/env' });
    const settings = settingsFor();
    const source = vercelEnvSource(settings, deps, { policy: FAST_RETRY, budgetMs: 400 });
    const started = Date.now();
    const { item } = await check('production', { settings, source });
    expect(Date.now() - started).toBeLessThan(900);
    expect(item?.state).toBe('skipped');
    expect(item?.detail).toMatch(/^not checked: no answer from the Vercel API within 400 ms/);
  });

  it('is skipped, quietly, when the run is cancelled', async () => {
    await world();
    vercel.setLatency(5000, { path: '/env' });
    setTimeout(() => deps.abort.abort(new Error('SIGTERM')), 100);
    const started = Date.now();
    const { item } = await check('production');
    expect(Date.now() - started).toBeLessThan(500);
    expect(item).toMatchObject({ state: 'skipped', detail: 'cancelled with the run' });
    expect(deps.logger.lines.filter((l) => l.level === 'warning')).toEqual([]);
  });
});
