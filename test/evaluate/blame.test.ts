import { describe, expect, it } from 'vitest';
import { vercelEnv } from '../../src/evaluate/checklist/vercel-env.js';
import { endpointEvaluator } from '../../src/evaluate/endpoint.js';
import { rulesEvaluator } from '../../src/evaluate/rules/index.js';
import {
  answeredAt,
  configOf,
  contextOf,
  documentOf,
  failedAt,
  ruleOf,
  service,
  T0,
} from './rules/support.js';

// Whose failure a finding shows (`blame`): only the deployment's own word may roll production back.
describe('blame: the deployment said so, or the gate could not judge', () => {
  it('a health document reporting unhealthy is the deployment’s own word', async () => {
    const document = documentOf([service('database', 'fail')], { status: 'unhealthy' });
    const { findings } = await endpointEvaluator.evaluate(contextOf(document));
    expect(findings?.[0]).toMatchObject({ status: 'unhealthy', blame: 'deployment' });
  });

  it.each([
    [503, 'deployment'],
    [500, 'deployment'],
    [405, 'gate'],
    [400, 'gate'],
  ] as const)('a status-code verdict on HTTP %i is blamed on: %s', async (httpStatus, blame) => {
    const document = documentOf([], { format: 'status-code', status: 'unhealthy' });
    const samples = [{ ...answeredAt(T0, 1, 40, httpStatus), status: 'unhealthy' as const }];
    const { findings } = await endpointEvaluator.evaluate(contextOf(document, { samples }));
    expect(findings?.[0]?.blame).toBe(blame);
  });

  const errorRate = ruleOf(
    'error_rate_spike',
    { metric: 'error_rate', operator: 'gt', threshold: 5 },
    { severity: 'critical' },
  );

  it('an error-rate spike of timeouts alone is the gate’s (a request-timeout shorter than the app needs)', async () => {
    const samples = [answeredAt(T0, 40, 30), failedAt(T0, 30), failedAt(T0, 20), answeredAt(T0, 10, 30)];
    const { findings } = await rulesEvaluator(configOf([errorRate])).evaluate(
      contextOf(documentOf([]), { samples }),
    );
    expect(findings).toEqual([expect.objectContaining({ id: 'error_rate_spike', blame: 'gate' })]);
  });

  it('an error-rate spike of HTTP 5xx answers is the deployment’s', async () => {
    const samples = [answeredAt(T0, 40, 30), answeredAt(T0, 30, 30, 502), failedAt(T0, 20)];
    const { findings } = await rulesEvaluator(configOf([errorRate])).evaluate(
      contextOf(documentOf([]), { samples }),
    );
    expect(findings).toEqual([expect.objectContaining({ id: 'error_rate_spike', blame: 'deployment' })]);
  });

  it('a variable Vercel confirms missing is the deployment’s; a refused lookup is the gate’s', async () => {
    const deps = contextOf(documentOf([])).deps;
    const input = (
      lookup: Awaited<ReturnType<NonNullable<Parameters<typeof vercelEnv>[0]['source']>['listEnvNames']>>,
    ) => ({
      required: ['DATABASE_URL'],
      source: { listEnvNames: async () => lookup },
      project: 'shop',
      target: 'production' as const,
      deps,
    });
    const missing = await vercelEnv(input({ kind: 'found', names: [] }));
    const refused = await vercelEnv(input({ kind: 'refused', message: '403: the token may not …' }));
    expect(missing).toMatchObject({ result: { state: 'failed' }, blame: 'deployment' });
    expect(refused.result.state).toBe('failed');
    expect(refused.blame).toBeUndefined();
  });
});
