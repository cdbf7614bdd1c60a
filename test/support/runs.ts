import type { RuleConfig } from '../../src/config/types.js';
import {
  type ChecklistItemResult,
  type Evaluation,
  emptyEvaluation,
  type RuleResult,
} from '../../src/evaluate/evaluation.js';
import type { RunResult } from '../../src/model/run-result.js';
import type {
  Finding,
  HealthDocument,
  ProbeOutcome,
  ResolvedDeployment,
  Sample,
  ServiceHealth,
} from '../../src/model/types.js';
import { runContext, SHA } from './run-context.js';
import { type Inputs, settingsFrom } from './settings.js';

// Hand-built runs, one per situation a reader of the reports meets. Settings go through the real parser so
// the fixtures hold exactly what the action would.

export { SHA };
export const STARTED_AT = Date.parse('2025-10-12T10:00:00.000Z');
export const DEPLOYMENT_URL = 'https://hemera-git-main-acme.vercel.app';
export const INSPECTOR_URL = 'https://vercel.com/acme/hemera/7hK2mQxYz';
export const HEALTH_URL = `${DEPLOYMENT_URL}/api/health/deployment`;

/** The workflow run every hand-built run belongs to: a push in acme/hemera, with no actor or workflow file. */
export function hemeraRunContext() {
  return runContext({ repo: 'hemera', runId: '987654', actor: '', workflowRef: undefined });
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
    samples: [sample(httpStatus, { status: document.status })],
    elapsedMs: 180,
  };
}

interface RunParts extends Partial<RunResult> {
  inputs?: Inputs;
}

export function makeRun({ inputs, evaluation, ...parts }: RunParts = {}): RunResult {
  const verdict = parts.verdict ?? {
    status: 'healthy',
    reason: 'ok',
    message: 'The deployment is healthy.',
    findings: [],
  };
  return {
    settings: settingsFrom(inputs),
    context: hemeraRunContext(),
    sha: SHA,
    environment: 'preview',
    resolve: { kind: 'ready', deployment: deployment(), waitedMs: 42_000, requests: 7 },
    probe: answered(documentOf('healthy', seedServices()), 200),
    gateFailed: false,
    timings: { startedAt: STARTED_AT, waitMs: 42_000, probeMs: 180, totalMs: 42_300 },
    ...parts,
    verdict,
    evaluation: evaluation ?? { ...emptyEvaluation(), findings: verdict.findings },
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
      samples: [sample(200, { status: document.status })],
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
  const evaluation: Evaluation = {
    findings,
    rules: [
      {
        // Someone pasted a header value into a rule name; a stage echoed the bypass secret into a note.
        rule: rule('leaky_rule', { name: `Leaky ${SECRETS.apiKey}` }),
        state: 'triggered',
        value: 2400,
        note: `sampled ${HEALTH_URL}?x-vercel-protection-bypass=${SECRETS.bypass}`,
      },
    ],
    checklist: [
      {
        id: 'env_vars',
        name: 'Required environment variables on Vercel',
        required: true,
        state: 'failed',
        detail: `Vercel answered 403 for token ${SECRETS.vercelToken}`,
      },
      {
        id: 'stripe_webhook',
        name: 'Stripe webhook endpoint',
        required: false,
        state: 'skipped',
        detail: `endpoint echoed "${SECRETS.authorization}"`,
      },
    ],
    metrics: { avg_response_time: 2400, error_rate: 50 },
  };
  return makeRun({
    inputs,
    evaluation,
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
        sample(503, { status: document.status }),
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

/** A rule as the config loader hands it over; the original design's custom rule unless told otherwise. */
export function rule(id: string, overrides: Partial<RuleConfig> = {}): RuleConfig {
  return {
    id,
    name: id
      .split('_')
      .map((w) => w.charAt(0).toUpperCase() + w.slice(1))
      .join(' '),
    condition: { metric: 'avg_response_time', operator: 'gt', threshold: 1500, timeWindow: 300 },
    severity: 'warning',
    channels: [{ type: 'rollbar', config: { level: 'warning' } }],
    enabled: true,
    origin: 'config',
    ...overrides,
  };
}

export const ENV_DETAIL = 'missing STRIPE_SECRET_KEY';

/**
 * Rules in config order, deliberately not in the order a reader wants them: ok, skipped, disabled and
 * triggered ones mixed, so sorting is what puts the triggered ones (critical first) on top.
 */
export function ruleResults(): RuleResult[] {
  return [
    {
      rule: rule('database_connection_failure', {
        name: 'Database Connection Failure',
        condition: { metric: 'database_health', operator: 'eq', threshold: 0 },
        severity: 'critical',
        origin: 'default',
      }),
      state: 'ok',
      value: 1,
    },
    {
      rule: rule('payment_service_degraded', {
        name: 'Payment Service Degraded',
        condition: { metric: 'stripe_health', operator: 'eq', threshold: 0 },
        origin: 'default',
      }),
      state: 'skipped',
      note: 'no metric stripe_health in this deployment',
    },
    {
      rule: rule('high_response_time', {
        name: 'High Response Time',
        condition: { metric: 'avg_response_time', operator: 'gt', threshold: 200, timeWindow: 300 },
      }),
      state: 'triggered',
      value: 231.4,
      windowSeconds: 165,
      note: 'observed 165 s of a 300 s window',
    },
    {
      rule: rule('authentication_service_down', {
        name: 'Authentication Service Down',
        condition: { metric: 'auth_health', operator: 'eq', threshold: 0 },
        severity: 'critical',
        enabled: false,
        origin: 'default',
      }),
      state: 'disabled',
    },
    {
      rule: rule('release_note', {
        name: 'Release note',
        condition: { metric: 'health_status', operator: 'gte', threshold: 0 },
        severity: 'info',
        channels: [],
      }),
      state: 'triggered',
      value: 1,
    },
    {
      rule: rule('error_rate_spike', {
        name: 'Error Rate Spike',
        condition: { metric: 'error_rate', operator: 'gt', threshold: 5, timeWindow: 300 },
        severity: 'critical',
        origin: 'default',
      }),
      state: 'triggered',
      value: 8.333333,
      windowSeconds: 165,
    },
  ];
}

export function checklistResults(): ChecklistItemResult[] {
  return [
    {
      id: 'health_endpoint',
      name: 'Health endpoint reachable',
      required: true,
      state: 'passed',
      detail: 'HTTP 200 in 45 ms',
    },
    {
      id: 'rollbar_deploy',
      name: 'Rollbar accepted the deploy',
      required: false,
      state: 'skipped',
      detail: 'no rollbar-token given',
    },
    {
      id: 'dashboard',
      name: 'Health dashboard answers',
      required: false,
      state: 'failed',
      detail: 'HTTP 404 from /admin/monitoring/deployment',
    },
    {
      id: 'env_vars',
      name: 'Required environment variables on Vercel',
      required: true,
      state: 'failed',
      detail: ENV_DETAIL,
    },
  ];
}

export const METRICS = {
  avg_response_time: 231.4,
  p95_response_time: 412,
  max_response_time: 980,
  error_rate: 8.333333,
  database_health: 1,
  health_status: 1,
  failed_checks: 0,
};

/**
 * A warm-up retry, then the first answer at +42 s and eleven more samples 15 s apart, one of them a 503:
 * twelve samples in the window, one error among them.
 */
export function observationSamples(document: HealthDocument): Sample[] {
  const first = STARTED_AT + 42_000;
  const window = Array.from({ length: 12 }, (_, i) =>
    i === 7
      ? sample(503, { startedAt: first + i * 15_000, durationMs: 900 })
      : sample(200, { startedAt: first + i * 15_000, durationMs: 200, status: document.status }),
  );
  return [sample(undefined, { startedAt: first - 2000, durationMs: 30, error: 'ECONNREFUSED' }), ...window];
}

/** Endpoint healthy; two rules and two checklist items decide the verdict, an info rule fired on the side. */
export function evaluatedRun(overrides: Partial<Evaluation> = {}): RunResult {
  const document = documentOf('healthy', seedServices());
  const findings: Finding[] = [
    {
      source: 'rule',
      id: 'error_rate_spike',
      title: 'Error Rate Spike',
      status: 'unhealthy',
      message:
        'error_rate is 8.33% (> 5% over 300 s): 1 of 12 samples failed. Check the function logs on Vercel.',
    },
    {
      source: 'rule',
      id: 'high_response_time',
      title: 'High Response Time',
      status: 'degraded',
      message: 'avg_response_time is 231 ms (> 200 ms over 300 s).',
    },
    {
      source: 'rule',
      id: 'release_note',
      title: 'Release note',
      status: 'healthy',
      message: 'health_status is 1 (>= 0).',
    },
    {
      source: 'checklist',
      id: 'dashboard',
      title: 'Checklist: Health dashboard answers failed',
      status: 'degraded',
      message: 'Health dashboard answers (optional): HTTP 404 from /admin/monitoring/deployment.',
    },
    {
      source: 'checklist',
      id: 'env_vars',
      title: 'Checklist: Required environment variables on Vercel failed',
      status: 'unhealthy',
      message: `Required environment variables on Vercel: ${ENV_DETAIL}. Add it in the Vercel project settings.`,
    },
  ];
  const samples = observationSamples(document);
  return makeRun({
    probe: { kind: 'answered', url: HEALTH_URL, document, samples, elapsedMs: 167_000 },
    verdict: {
      status: 'unhealthy',
      reason: 'rules',
      message: `${findings[0]?.message} (and 1 more finding)`,
      findings,
    },
    evaluation: {
      findings,
      rules: ruleResults(),
      checklist: checklistResults(),
      metrics: { ...METRICS },
      ...overrides,
    },
    gateFailed: true,
    timings: { startedAt: STARTED_AT, waitMs: 42_000, probeMs: 167_000, totalMs: 209_500 },
  });
}

/** A run the runner cancelled while the deployment was still building: no probe, reason `cancelled`. */
export function cancelledRun(
  timing: { waitedMs: number; requests: number } = { waitedMs: 3000, requests: 2 },
): RunResult {
  const message = 'Cancelled while resolving the deployment (the deployment was still BUILDING).';
  return makeRun({
    resolve: { kind: 'stopped', reason: 'cancelled', message, deployment: { sha: SHA }, ...timing },
    probe: undefined,
    verdict: { status: 'unhealthy', reason: 'cancelled', message, findings: [] },
    gateFailed: true,
  });
}
