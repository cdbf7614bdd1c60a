import type { GateConfig, RuleConfig } from '../../../src/config/types.js';
import type { EvaluationContext } from '../../../src/evaluate/evaluator.js';
import type { HealthDocument, Sample, ServiceHealth } from '../../../src/model/types.js';
import { fixedClock } from '../../support/clocks.js';
import { offlineDeps } from '../../support/deps.js';

export { fixedClock };

export const T0 = Date.parse('2025-10-12T10:30:00.000Z');

export const service = (
  key: string,
  status: ServiceHealth['status'],
  extra: Partial<ServiceHealth> = {},
): ServiceHealth => ({ key, name: key, status, ...extra });

export const documentOf = (
  services: ServiceHealth[],
  extra: Partial<HealthDocument> = {},
): HealthDocument => ({ format: 'hemera', status: 'healthy', services, warnings: [], ...extra });

/** A sample that started `secondsAgo` before `now`. */
export const answeredAt = (
  now: number,
  secondsAgo: number,
  durationMs: number,
  httpStatus = 200,
): Sample => ({
  startedAt: now - secondsAgo * 1000,
  durationMs,
  httpStatus,
});

export const failedAt = (now: number, secondsAgo: number, error = 'timeout', durationMs = 5000): Sample => ({
  startedAt: now - secondsAgo * 1000,
  durationMs,
  error,
});

export function contextOf(
  document: HealthDocument,
  options: { samples?: Sample[]; firstAnswerIndex?: number; now?: number } = {},
): EvaluationContext {
  return {
    deployment: { url: 'http://127.0.0.1:1', sha: 'abc1234', environment: 'preview', source: 'input' },
    document,
    samples: options.samples ?? [],
    firstAnswerIndex: options.firstAnswerIndex ?? 0,
    deps: offlineDeps(fixedClock(options.now ?? T0)),
  };
}

export const configOf = (rules: RuleConfig[]): GateConfig => ({
  file: undefined,
  rules,
  checklist: { env: [], dashboard: false, dashboardWritten: false, items: [] },
  positions: new Map(),
});

export const ruleOf = (
  id: string,
  condition: RuleConfig['condition'],
  extra: Partial<RuleConfig> = {},
): RuleConfig => ({
  id,
  name: id,
  condition,
  severity: 'warning',
  channels: [],
  enabled: true,
  origin: 'config',
  ...extra,
});
