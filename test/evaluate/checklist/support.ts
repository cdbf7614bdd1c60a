import type { BackoffPolicy } from '../../../src/clients/backoff.js';
import type { ChecklistConfig, GateConfig, RuleConfig } from '../../../src/config/types.js';
import type { EvaluationContext } from '../../../src/evaluate/evaluator.js';
import type { HealthDocument, ResolvedDeployment, Sample, ServiceHealth } from '../../../src/model/types.js';
import type { TestDeps } from '../../support/deps.js';
import { SHA } from '../../support/run-context.js';

// Hand-built pieces for the checklist: the default five rules as the config loader would hand them over, a
// health document, and an evaluation context around a deployment served by the sample app.

export const FAST_BACKOFF: BackoffPolicy = { initialMs: 20, factor: 2, maxMs: 100, jitter: 0.5 };

const rule = (
  id: string,
  metric: string,
  operator: RuleConfig['condition']['operator'],
  threshold: number,
  severity: RuleConfig['severity'],
  timeWindow?: number,
): RuleConfig => ({
  id,
  name: id.replace(/_/g, ' '),
  condition: { metric, operator, threshold, timeWindow },
  severity,
  channels: [{ type: 'rollbar' }],
  enabled: true,
  origin: 'default',
});

export const SEED_RULES: RuleConfig[] = [
  rule('database_connection_failure', 'database_health', 'eq', 0, 'critical'),
  rule('authentication_service_down', 'auth_health', 'eq', 0, 'critical'),
  rule('payment_service_degraded', 'stripe_health', 'eq', 0, 'warning'),
  rule('high_response_time', 'avg_response_time', 'gt', 2000, 'warning', 300),
  rule('error_rate_spike', 'error_rate', 'gt', 5, 'critical', 300),
];

export function configWith(
  checklist: Partial<ChecklistConfig> = {},
  overrides: Partial<Omit<GateConfig, 'checklist'>> = {},
): GateConfig {
  return {
    file: '.github/deployment-health.yml',
    rules: SEED_RULES,
    positions: new Map(),
    ...overrides,
    // No network items unless a test asks for them.
    checklist: { env: [], dashboard: false, dashboardWritten: true, items: [], ...checklist },
  };
}

const service = (key: string, provider: string, status: ServiceHealth['status'] = 'pass'): ServiceHealth => ({
  key,
  name: key,
  status,
  responseTimeMs: 20,
  provider,
});

export function documentWith(
  statuses: Partial<Record<string, ServiceHealth['status']>> = {},
): HealthDocument {
  const services = [
    service('database', 'postgresql', statuses.database),
    service('authentication', 'clerk', statuses.authentication),
    service('payment', 'stripe', statuses.payment),
    service('monitoring', 'rollbar', statuses.monitoring),
    service('analytics', 'internal', statuses.analytics),
  ];
  const status = services.some((s) => s.status === 'fail')
    ? 'unhealthy'
    : services.some((s) => s.status === 'warn')
      ? 'degraded'
      : 'healthy';
  return { format: 'hemera', status, services, warnings: [] };
}

export function evaluationContext(
  deps: TestDeps,
  overrides: {
    url?: string;
    deployment?: Partial<ResolvedDeployment>;
    document?: HealthDocument;
    samples?: Sample[];
    firstAnswerIndex?: number;
  } = {},
): EvaluationContext {
  const document = overrides.document ?? documentWith();
  const samples = overrides.samples ?? [
    { startedAt: Date.now(), durationMs: 45, httpStatus: 200, status: document.status },
  ];
  return {
    deployment: {
      url: overrides.url ?? 'http://127.0.0.1:9',
      sha: SHA,
      environment: 'preview',
      source: 'input',
      project: 'shop',
      ...overrides.deployment,
    },
    document,
    samples,
    firstAnswerIndex: overrides.firstAnswerIndex ?? samples.length - 1,
    deps,
  };
}
