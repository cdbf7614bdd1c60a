import { type RunContext, readRunContext } from '../../src/context.js';
import type {
  Finding,
  HealthDocument,
  ProbeOutcome,
  ResolvedDeployment,
  Sample,
  ServiceHealth,
} from '../../src/model.js';
import type { RunResult } from '../../src/run-result.js';
import type { InputName } from '../../src/settings/inputs.js';
import { parseSettings, type Settings } from '../../src/settings/settings.js';

// Hand-built runs, one per situation a reader of the reports meets. Settings go through the real parser so
// the fixtures hold exactly what the action would.

export const SHA = 'a1b2c3d4e5f60718293a4b5c6d7e8f9012345678';
export const STARTED_AT = Date.parse('2025-10-12T10:00:00.000Z');
export const DEPLOYMENT_URL = 'https://hemera-git-main-acme.vercel.app';
export const INSPECTOR_URL = 'https://vercel.com/acme/hemera/7hK2mQxYz';
export const HEALTH_URL = `${DEPLOYMENT_URL}/api/health/deployment`;

export function settingsWith(inputs: Partial<Record<InputName, string>> = {}): Settings {
  return parseSettings((name) => inputs[name] ?? '');
}

export function contextFor(): RunContext {
  return readRunContext({
    GITHUB_REPOSITORY: 'acme/hemera',
    GITHUB_RUN_ID: '987654',
    GITHUB_RUN_ATTEMPT: '1',
    GITHUB_SHA: SHA,
    GITHUB_EVENT_NAME: 'push',
    GITHUB_SERVER_URL: 'https://github.com',
    GITHUB_API_URL: 'https://api.github.com',
  });
}

export function deployment(overrides: Partial<ResolvedDeployment> = {}): ResolvedDeployment {
  return {
    url: DEPLOYMENT_URL,
    id: 'dpl_7hK2mQxYz',
    sha: SHA,
    environment: 'preview',
    inspectorUrl: INSPECTOR_URL,
    source: 'vercel-api',
    project: 'hemera',
    ...overrides,
  };
}

export function service(key: string, overrides: Partial<ServiceHealth> = {}): ServiceHealth {
  return {
    key,
    name: key.charAt(0).toUpperCase() + key.slice(1),
    status: 'pass',
    responseTimeMs: 45,
    ...overrides,
  };
}

export function seedServices(overrides: Record<string, Partial<ServiceHealth>> = {}): ServiceHealth[] {
  const base: ServiceHealth[] = [
    service('database', { provider: 'postgresql', detail: 'connection verified', responseTimeMs: 45 }),
    service('authentication', { provider: 'clerk', detail: 'configured', responseTimeMs: 12 }),
    service('payment', { provider: 'stripe', detail: 'configured', responseTimeMs: 230 }),
    service('monitoring', { provider: 'rollbar', responseTimeMs: 5 }),
    service('analytics', { responseTimeMs: 8 }),
  ];
  return base.map((s) => ({ ...s, ...overrides[s.key] }));
}

export function documentOf(
  status: HealthDocument['status'],
  services: ServiceHealth[],
  extra: Partial<HealthDocument> = {},
): HealthDocument {
  return {
    format: 'hemera',
    status,
    services,
    app: { version: '1.4.2', deploymentId: 'dpl_7hK2mQxYz', region: 'fra1' },
    warnings: [],
    ...extra,
  };
}

export function sample(httpStatus: number | undefined, extra: Partial<Sample> = {}): Sample {
  return { startedAt: STARTED_AT + 42_000, durationMs: 180, httpStatus, ...extra };
}

function answered(document: HealthDocument, httpStatus: number): ProbeOutcome {
  return {
    kind: 'answered',
    url: HEALTH_URL,
    document,
    samples: [sample(httpStatus, { document })],
    elapsedMs: 180,
  };
}

interface RunParts extends Partial<RunResult> {
  inputs?: Partial<Record<InputName, string>>;
}

export function makeRun({ inputs, ...parts }: RunParts = {}): RunResult {
  return {
    settings: settingsWith(inputs),
    context: contextFor(),
    sha: SHA,
    environment: 'preview',
    resolve: { kind: 'ready', deployment: deployment(), waitedMs: 42_000, requests: 7 },
    probe: answered(documentOf('healthy', seedServices()), 200),
    verdict: { status: 'healthy', reason: 'ok', message: 'The deployment is healthy.', findings: [] },
    gateFailed: false,
    timings: { startedAt: STARTED_AT, waitMs: 42_000, probeMs: 180, totalMs: 42_300 },
    ...parts,
  };
}

export const healthyRun = (): RunResult => makeRun();

export function degradedPaymentRun(): RunResult {
  const document = documentOf(
    'degraded',
    seedServices({ payment: { status: 'warn', detail: 'Stripe API slow', responseTimeMs: 2400 } }),
  );
  const findings: Finding[] = [
    {
      source: 'endpoint',
      id: 'endpoint_status',
      title: 'Health endpoint reports degraded',
      status: 'degraded',
      message:
        'The health endpoint reports degraded: Payment is warning (check the STRIPE_SECRET_KEY environment variable on Vercel and the Stripe account status).',
    },
  ];
  return makeRun({
    probe: answered(document, 206),
    verdict: { status: 'degraded', reason: 'endpoint', message: findings[0]?.message ?? '', findings },
  });
}

export function unhealthyDatabaseRun(): RunResult {
  const document = documentOf(
    'unhealthy',
    seedServices({
      analytics: { status: 'warn', detail: 'queue backlog' },
      database: { status: 'fail', detail: 'ECONNREFUSED 10.0.0.5:5432', responseTimeMs: 5000 },
    }),
  );
  const findings: Finding[] = [
    {
      source: 'rule',
      id: 'database_connection_failure',
      title: 'Database connection failure',
      status: 'unhealthy',
      message: 'database_health is 0 (== 0): the database is down; check DATABASE_URL on Vercel.',
    },
    {
      source: 'endpoint',
      id: 'endpoint_status',
      title: 'Health endpoint reports unhealthy',
      status: 'unhealthy',
      message: 'The health endpoint reports unhealthy: Database is failing.',
    },
    {
      source: 'rule',
      id: 'release_note',
      title: 'Release note',
      status: 'healthy',
      message: 'An info rule fired; it does not change the verdict.',
    },
  ];
  return makeRun({
    probe: answered(document, 503),
    verdict: {
      status: 'unhealthy',
      reason: 'endpoint',
      message: 'The health endpoint reports unhealthy: Database is failing. (and 1 more finding)',
      findings,
    },
    gateFailed: true,
  });
}

export const BUILD_ERROR_MESSAGE =
  'Vercel reports the deployment dpl_7hK2mQxYz of a1b2c3d as ERROR (the build failed); open the inspector for the build log, fix the build and push again.';

export function buildErrorRun(): RunResult {
  return makeRun({
    resolve: {
      kind: 'stopped',
      reason: 'deployment-error',
      message: BUILD_ERROR_MESSAGE,
      deployment: { url: DEPLOYMENT_URL, id: 'dpl_7hK2mQxYz', sha: SHA, inspectorUrl: INSPECTOR_URL },
      waitedMs: 95_000,
      requests: 12,
    },
    probe: undefined,
    verdict: { status: 'unhealthy', reason: 'deployment-error', message: BUILD_ERROR_MESSAGE, findings: [] },
    gateFailed: true,
    timings: { startedAt: STARTED_AT, waitMs: 95_000, probeMs: 0, totalMs: 95_100 },
  });
}

export const PROTECTED_MESSAGE = `401 from the deployment at ${HEALTH_URL}: Vercel Deployment Protection is on; pass \`protection-bypass\`.`;

export function protectedRun(): RunResult {
  return makeRun({
    probe: {
      kind: 'failed',
      url: HEALTH_URL,
      reason: 'protected',
      message: PROTECTED_MESSAGE,
      samples: [sample(401)],
      elapsedMs: 150,
    },
    verdict: { status: 'unhealthy', reason: 'protected', message: PROTECTED_MESSAGE, findings: [] },
    gateFailed: true,
  });
}

export const WAIT_TIMEOUT_MESSAGE =
  'The deployment dpl_7hK2mQxYz was still BUILDING after 10 min (`wait-timeout`); check the inspector for a stuck build or raise `wait-timeout`.';

export function waitTimeoutRun(): RunResult {
  return makeRun({
    resolve: {
      kind: 'stopped',
      reason: 'wait-timeout',
      message: WAIT_TIMEOUT_MESSAGE,
      deployment: { id: 'dpl_7hK2mQxYz', sha: SHA, inspectorUrl: INSPECTOR_URL, environment: 'preview' },
      waitedMs: 600_000,
      requests: 60,
    },
    probe: undefined,
    verdict: { status: 'unhealthy', reason: 'wait-timeout', message: WAIT_TIMEOUT_MESSAGE, findings: [] },
    gateFailed: true,
    timings: { startedAt: STARTED_AT, waitMs: 600_000, probeMs: 0, totalMs: 600_050 },
  });
}

/** Remote text written to break out of every context a report puts it in. */
export const HOSTILE_NAME = 'Pay|ments <script>alert(1)</script>\n::set-output name=x::y';
export const HOSTILE_DETAIL =
  'a | b\r\n::add-mask::oops ![img](https://evil.example/x.png) [click](javascript:alert(1))';

export function hostileRun(): RunResult {
  const services = [
    service('payment', { name: HOSTILE_NAME, status: 'fail', detail: HOSTILE_DETAIL }),
    service('x|y', { name: '# heading\n| a | b |', status: 'warn', detail: '\\| escaped pipe' }),
    service('database'),
  ];
  const document = documentOf('unhealthy', services, {
    warnings: ['HTTP 200 but body says unhealthy\n::error::injected'],
    app: { version: '<img src=x onerror=alert(1)>', region: 'fra1|evil' },
  });
  const findings: Finding[] = [
    {
      source: 'endpoint',
      id: 'endpoint_status',
      title: 'Endpoint\n::warning::title',
      status: 'unhealthy',
      message: `The health endpoint reports unhealthy: ${HOSTILE_NAME} is failing.`,
    },
  ];
  return makeRun({
    resolve: {
      kind: 'ready',
      deployment: deployment({
        url: 'https://evil.example/a)b|c<d>',
        inspectorUrl: 'javascript:alert(1)',
        id: 'dpl_x|y`z',
        project: '[proj](https://evil.example)',
      }),
      waitedMs: 1000,
      requests: 1,
    },
    probe: {
      kind: 'answered',
      url: 'https://evil.example/a)b|c<d>/api/health/deployment',
      document,
      samples: [sample(200, { document })],
      elapsedMs: 100,
    },
    verdict: {
      status: 'unhealthy',
      reason: 'endpoint',
      message: `- ${HOSTILE_NAME} failing`,
      findings,
    },
    gateFailed: true,
  });
}

/** `count` services, the failing ones last in the endpoint's order, so sorting is what brings them up. */
export function manyServicesRun(count: number, failing = 3, detail = 'ok'): RunResult {
  const services = Array.from({ length: count }, (_, i) =>
    service(`svc${String(i).padStart(4, '0')}`, {
      status: i >= count - failing ? 'fail' : 'pass',
      detail,
    }),
  );
  const document = documentOf(failing ? 'unhealthy' : 'healthy', services);
  return makeRun({
    probe: answered(document, failing ? 503 : 200),
    verdict: failing
      ? {
          status: 'unhealthy',
          reason: 'endpoint',
          message: `The health endpoint reports unhealthy: ${failing} services are failing.`,
          findings: [],
        }
      : { status: 'healthy', reason: 'ok', message: 'The deployment is healthy.', findings: [] },
    gateFailed: failing > 0,
  });
}

export const SECRETS = {
  vercelToken: 'vercel_tok_9f8e7d6c5b4a',
  bypass: 'bypass_S3cr3t_q1w2e3r4',
  githubToken: 'ghs_GithubT0kenABCDEF123',
  authorization: 'Bearer hdr_AuthSecret_555',
  apiKey: 'hdr-ApiKey-777',
} as const;

/**
 * Every secret-bearing setting holds a secret, and stages and the server echo them back in free text:
 * the renderers must mask them wherever they turn up.
 */
export function secretRun(): RunResult {
  const inputs = {
    'vercel-token': SECRETS.vercelToken,
    'protection-bypass': SECRETS.bypass,
    'github-token': SECRETS.githubToken,
    headers: `Authorization: ${SECRETS.authorization}\nX-Api-Key: ${SECRETS.apiKey}`,
    'vercel-project': 'hemera',
    'vercel-team': 'team_acme',
  };
  const services = seedServices({
    payment: { status: 'fail', detail: `stripe rejected key ${SECRETS.apiKey}` },
    authentication: { name: `auth (${SECRETS.authorization})`, status: 'warn' },
  });
  const document = documentOf('unhealthy', services, {
    warnings: [`echoed header ${SECRETS.authorization}`],
  });
  const leakyUrl = `${HEALTH_URL}?x-vercel-protection-bypass=${SECRETS.bypass}`;
  const findings: Finding[] = [
    {
      source: 'checklist',
      id: 'env_vars',
      title: `token ${SECRETS.vercelToken}`,
      status: 'unhealthy',
      message: `Vercel API said: invalid token ${SECRETS.vercelToken}; GitHub said ${SECRETS.githubToken}`,
    },
  ];
  return makeRun({
    inputs,
    resolve: {
      kind: 'ready',
      deployment: deployment({
        inspectorUrl: `${INSPECTOR_URL}?token=${SECRETS.vercelToken}`,
        url: `${DEPLOYMENT_URL}/?_vercel_share=${SECRETS.bypass}`,
      }),
      waitedMs: 1000,
      requests: 2,
    },
    probe: {
      kind: 'answered',
      url: leakyUrl,
      document,
      samples: [
        sample(undefined, { error: `socket hang up (sent ${SECRETS.authorization})` }),
        sample(503, { document }),
      ],
      elapsedMs: 900,
    },
    verdict: {
      status: 'unhealthy',
      reason: 'checklist',
      message: `Bypass ${SECRETS.bypass} rejected`,
      findings,
    },
    gateFailed: true,
  });
}
