import { afterEach, describe, expect, it } from 'vitest';
import { defaultConfig } from '../../../src/config/index.js';
import type { RuleConfig } from '../../../src/config/types.js';
import { checklistEvaluator } from '../../../src/evaluate/checklist/index.js';
import type { Evaluation, RuleResult } from '../../../src/evaluate/evaluation.js';
import { rulesEvaluator } from '../../../src/evaluate/rules/index.js';
import { runGate } from '../../../src/gate/run-gate.js';
import { rule, unhealthyDatabaseRun } from '../../support/runs.js';
import { type SampleApp, startSampleApp } from '../../world/sample-app.js';
import { DEPLOYMENT_URL, ITEM_PATH, RUN_URL, requestsTo, type Session, SHA, session } from './harness.js';

let sessions: Session[] = [];
let app: SampleApp | undefined;
afterEach(async () => {
  await Promise.all(sessions.map((s) => s.close()));
  await app?.close();
  sessions = [];
  app = undefined;
});

async function open(options: Parameters<typeof session>[0] = {}): Promise<Session> {
  const s = await session(options);
  sessions.push(s);
  return s;
}

const triggered = (config: RuleConfig, value: number, windowSeconds?: number): RuleResult => ({
  rule: config,
  state: 'triggered',
  value,
  windowSeconds,
});

/** Four rules that reach Rollbar (each level path once), one without a channel, one that stayed quiet. */
function alertingEvaluation(): Evaluation {
  return {
    findings: [],
    checklist: [],
    metrics: { database_health: 0, error_rate: 12.5, avg_response_time: 2400, health_status: 0 },
    rules: [
      triggered(
        rule('database_connection_failure', {
          name: 'Database Connection Failure',
          condition: { metric: 'database_health', operator: 'eq', threshold: 0 },
          severity: 'critical',
          channels: [{ type: 'rollbar', config: { level: 'critical' } }],
        }),
        0,
      ),
      triggered(
        rule('error_rate_spike', {
          name: 'Error Rate Spike',
          condition: { metric: 'error_rate', operator: 'gt', threshold: 5, timeWindow: 300 },
          severity: 'critical',
          channels: [{ type: 'rollbar' }],
        }),
        12.5,
        120,
      ),
      triggered(
        rule('slow_checkout', {
          severity: 'warning',
          channels: [{ type: 'rollbar', config: { level: 'error' } }],
        }),
        2400,
      ),
      triggered(
        rule('release_note', {
          condition: { metric: 'health_status', operator: 'gte', threshold: 0 },
          severity: 'info',
          channels: [{ type: 'rollbar' }],
        }),
        0,
      ),
      triggered(rule('quiet_rule', { channels: [] }), 9000),
      { rule: rule('high_response_time'), state: 'ok', value: 120 },
    ],
  };
}

function alertingRun(s: Session) {
  const base = unhealthyDatabaseRun();
  return s.run({
    evaluation: alertingEvaluation(),
    verdict: base.verdict,
    probe: base.probe,
    gateFailed: true,
  });
}

const byRule = (items: Array<Record<string, unknown>>) =>
  new Map(items.map((data) => [(data.custom as { rule: { id: string } }).rule.id, data]));

describe('alert items', () => {
  it('sends one item per triggered rule with a rollbar channel, at the channel level or the severity', async () => {
    const s = await open();
    await s.resolveWith();
    await s.reports.finish(alertingRun(s));

    const items = byRule(s.sim.itemData());
    expect([...items.keys()].sort()).toEqual(
      ['database_connection_failure', 'error_rate_spike', 'release_note', 'slow_checkout'].sort(),
    );
    expect(items.get('database_connection_failure')?.level).toBe('critical'); // channel config
    expect(items.get('error_rate_spike')?.level).toBe('critical'); // severity critical
    expect(items.get('slow_checkout')?.level).toBe('error'); // channel config beats severity warning
    expect(items.get('release_note')?.level).toBe('info'); // severity info
    for (const request of requestsTo(s.sim, 'POST', ITEM_PATH)) {
      expect(request.headers['x-rollbar-access-token']).toBe(s.sim.token);
    }
    expect(s.warnings()).toEqual([]);
  });

  it('titles an item with the rule and the observed value, and carries the deployment, metrics and run', async () => {
    const s = await open();
    await s.resolveWith();
    await s.reports.finish(alertingRun(s));
    const data = byRule(s.sim.itemData()).get('error_rate_spike');
    expect(data?.title).toBe('Error Rate Spike: error_rate 12.5% > 5%');
    expect(data?.environment).toBe('preview');
    expect(data?.code_version).toBe(SHA);
    const custom = data?.custom as Record<string, unknown>;
    expect(custom).toMatchObject({
      deployment: { url: DEPLOYMENT_URL, sha: SHA, target: 'preview', id: 'dpl_7hK2mQxYz' },
      metrics: alertingEvaluation().metrics,
      run_url: RUN_URL,
      rule: { id: 'error_rate_spike', metric: 'error_rate', threshold: 5, observed: 12.5 },
    });
    // Rollbar's own fields sit at the top, the rest only under `custom`; the command line is not sent.
    expect(custom).not.toHaveProperty('fingerprint');
    expect(data).not.toHaveProperty('deployment');
    expect(data?.server).not.toHaveProperty('argv');
    const body = (data?.body as { message?: { body?: string } } | undefined)?.message?.body ?? '';
    expect(body).toContain('error_rate_spike');
    expect(body).toContain(RUN_URL);
  });

  it('fingerprints by environment and rule, so repeated alerts group into one Rollbar item', async () => {
    const first = await open();
    await first.resolveWith();
    await first.reports.finish(alertingRun(first));
    // A later run (another deployment, same environment), then one in another environment.
    const second = await open({ sim: first.sim });
    await second.resolveWith();
    await second.reports.finish({ ...alertingRun(second), sha: 'f'.repeat(40) });
    const third = await open({ sim: first.sim, inputs: { 'rollbar-environment': 'production' } });
    await third.resolveWith();
    await third.reports.finish(alertingRun(third));

    const all = first.sim.itemData();
    expect(all).toHaveLength(12);
    const fingerprints = (from: number) => byRule(all.slice(from, from + 4));
    const [a, b, c] = [fingerprints(0), fingerprints(4), fingerprints(8)];
    for (const id of a.keys()) {
      expect(a.get(id)?.fingerprint).toMatch(/^[0-9a-f]{40}$/);
      expect(b.get(id)?.fingerprint).toBe(a.get(id)?.fingerprint);
      expect(c.get(id)?.fingerprint).not.toBe(a.get(id)?.fingerprint);
    }
    expect(new Set([...a.values()].map((d) => d.fingerprint)).size).toBe(4);
  });

  it('sends no item at all when nothing triggered, even after failing runs', async () => {
    const s = await open();
    await s.resolveWith();
    await s.reports.finish(alertingRun(s));
    const before = requestsTo(s.sim, 'POST', ITEM_PATH).length;
    expect(before).toBe(4);

    const healthy = await open({ sim: s.sim });
    await healthy.resolveWith();
    const quiet = alertingEvaluation().rules.map((r) => ({ ...r, state: 'ok' as const }));
    await healthy.reports.finish(healthy.run({ evaluation: { ...alertingEvaluation(), rules: quiet } }));
    expect(requestsTo(s.sim, 'POST', ITEM_PATH)).toHaveLength(before);
    expect([...s.sim.deploys.values()].at(-1)?.status).toBe('succeeded');
  });

  it('leaves no process-wide handlers behind (the SDK must not catch the action’s own errors)', async () => {
    const handlers = () => [
      process.listeners('uncaughtException').length,
      process.listeners('unhandledRejection').length,
    ];
    const before = handlers();
    const s = await open();
    await s.resolveWith();
    await s.reports.finish(alertingRun(s));
    expect(s.sim.itemData()).toHaveLength(4);
    expect(handlers()).toEqual(before);
  });

  it('caps the items of one run and says so', async () => {
    const s = await open({ tuning: { maxItems: 2 } });
    await s.resolveWith();
    await s.reports.finish(alertingRun(s));
    expect(s.sim.itemData()).toHaveLength(2);
    expect(s.warnings().join('\n')).toContain('only the first 2 were sent');
  });

  it('in the real pipeline, the token goes to Rollbar only, never to the deployment', async () => {
    app = await startSampleApp({ mode: 'unhealthy' });
    const s = await open({
      inputs: { 'deployment-url': app.url, 'health-timeout': '5s', 'request-timeout': '2s' },
    });
    const config = defaultConfig();
    const result = await runGate({
      settings: s.settings,
      context: s.context,
      deps: s.deps,
      github: undefined,
      evaluators: [
        rulesEvaluator(config),
        checklistEvaluator(config, { settings: s.settings, rollbar: () => s.reports.deployState() }),
      ],
      observer: s.reports,
    });
    await s.reports.finish(result);

    expect(result.verdict.status).toBe('unhealthy');
    expect(result.evaluation.checklist.find((i) => i.id === 'rollbar_deploy')?.state).toBe('passed');
    expect(s.sim.itemData().map((d) => (d.custom as { rule: { id: string } }).rule.id)).toContain(
      'database_connection_failure',
    );
    expect([...s.sim.deploys.values()]).toEqual([expect.objectContaining({ status: 'failed' })]);
    expect(app.requests.length).toBeGreaterThan(0);
    for (const request of app.requests) {
      expect(JSON.stringify(request.headers)).not.toContain(s.sim.token);
      expect(request.body).not.toContain(s.sim.token);
    }
    for (const request of s.sim.requests) {
      expect(request.headers['x-rollbar-access-token']).toBe(s.sim.token);
    }
  });
});
