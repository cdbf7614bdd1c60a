import { describe, expect, it } from 'vitest';
import { annotationsFor, MAX_ANNOTATIONS } from '../../src/render/annotations.js';
import {
  buildErrorRun,
  degradedPaymentRun,
  ENV_DETAIL,
  evaluatedRun,
  healthyRun,
  hostileRun,
  INSPECTOR_URL,
  makeRun,
  manyServicesRun,
  protectedRun,
  unhealthyDatabaseRun,
  waitTimeoutRun,
} from '../support/runs.js';

describe('annotationsFor', () => {
  it('has nothing to say about a healthy run', () => {
    expect(annotationsFor(healthyRun())).toEqual([]);
  });

  it('annotates the verdict’s causes and the failing database as errors, the warning service after', () => {
    const annotations = annotationsFor(unhealthyDatabaseRun());

    // The endpoint's own finding is left out: the per-service annotations say the same in more detail.
    // The info rule that fired changes nothing: a notice, last.
    expect(annotations.map((a) => [a.level, a.title])).toEqual([
      ['error', 'Database connection failure'],
      ['error', 'Service failing: Database'],
      ['warning', 'Service degraded: Analytics'],
      ['notice', 'Release note'],
    ]);
    const database = annotations[1];
    expect(database?.message).toContain(
      'reports Database (database) as fail after 5.0 s: ECONNREFUSED 10.0.0.5:5432',
    );
    // What to do comes from the original design's troubleshooting guide.
    expect(database?.message).toContain('What to do: check the DATABASE_URL environment variable on Vercel');
  });

  it('annotates each triggered rule and failed checklist item, titled from the rule or item, info as a notice', () => {
    const annotations = annotationsFor(evaluatedRun());

    expect(annotations.map((a) => [a.level, a.title])).toEqual([
      ['error', 'Alert rule triggered: Error Rate Spike (error_rate 8.33% > 5%)'],
      ['error', 'Checklist item failed: Required environment variables on Vercel (required)'],
      ['warning', 'Alert rule triggered: High Response Time (avg_response_time 231 ms > 200 ms)'],
      ['warning', 'Checklist item failed: Health dashboard answers (optional)'],
      ['notice', 'Alert rule triggered: Release note (health_status 1 (healthy) ≥ 0 (unhealthy))'],
    ]);
    // The evaluator's message says what happened and what to do; it is kept as written.
    expect(annotations[1]?.message).toBe(
      `Required environment variables on Vercel: ${ENV_DETAIL}. Add it in the Vercel project settings.`,
    );
    for (const a of annotations) expect(a.title.length).toBeLessThanOrEqual(100);
  });

  it('builds the message from the rule or item when the evaluation has no finding for it', () => {
    const run = evaluatedRun({ findings: [] });
    run.verdict = { ...run.verdict, findings: [] };
    const annotations = annotationsFor(run);

    // Severity decides without a finding: critical is an error, warning a warning, info a notice.
    expect(annotations.map((a) => a.level)).toEqual(['error', 'error', 'warning', 'warning', 'notice']);
    expect(annotations[0]?.message).toBe(
      'The critical alert rule Error Rate Spike (error_rate_spike) triggered: error_rate 8.33% > 5% over 5 min ' +
        '(observed 2 min 45 s). What to do: fix the cause in the app, or adjust the rule in the config file if ' +
        'the threshold is wrong.',
    );
    expect(annotations[1]?.message).toBe(
      `Required environment variables on Vercel failed: ${ENV_DETAIL}. What to do: complete this checklist item, then re-run the workflow.`,
    );
    // Rules that did not fire and items that did not fail are not news.
    expect(
      annotations.some((a) => /Database Connection|Rollbar|Health endpoint reachable/.test(a.title)),
    ).toBe(false);
  });

  it('keeps hostile checklist details on one line and out of workflow commands', () => {
    const run = evaluatedRun({
      checklist: [
        {
          id: 'webhook',
          name: 'Webhook\n::error::forged',
          required: true,
          state: 'failed',
          detail: 'got "a\r\n::set-output name=x::y"',
        },
      ],
    });
    const [annotation] = annotationsFor(run).filter((a) => a.title.startsWith('Checklist item'));
    expect(annotation?.title).toBe('Checklist item failed: Webhook : :error: :forged (required)');
    expect(annotation?.message).not.toMatch(/[\r\n]|::/);
    expect(annotation?.message).toContain('got "a : :set-output name=x: :y"');
  });

  it('uses warnings only for a degraded payment service', () => {
    const annotations = annotationsFor(degradedPaymentRun());
    expect(annotations.map((a) => a.level)).toEqual(['warning']);
    expect(annotations[0]?.title).toBe('Service degraded: Payment');
    expect(annotations[0]?.message).toContain('STRIPE_SECRET_KEY');
  });

  it('warns when the health answer’s code and body disagree (the contract’s "take the worse, warn")', () => {
    const run = degradedPaymentRun();
    const document = run.probe?.kind === 'answered' ? run.probe.document : undefined;
    if (!document) throw new Error('fixture has no health answer');
    const disagreement = 'HTTP 200 but the body says degraded; taking the worse (degraded).';
    // The endpoint's own remarks stay in the reports: the service annotations already say what they mean.
    document.warnings.push(disagreement, "The endpoint's `output`: payments slow");
    expect(annotationsFor(run).map((a) => [a.level, a.title, a.message])).toEqual([
      ['warning', 'Service degraded: Payment', expect.any(String)],
      ['warning', 'Health answer', disagreement],
    ]);
  });

  it('keeps a failing service a warning when the deployment is only degraded overall', () => {
    const run = degradedPaymentRun();
    const document = run.probe?.kind === 'answered' ? run.probe.document : undefined;
    const payment = document?.services.find((s) => s.key === 'payment');
    if (!payment) throw new Error('fixture has no payment service');
    payment.status = 'fail';
    const annotations = annotationsFor(run);
    expect(annotations.map((a) => [a.level, a.title])).toEqual([['warning', 'Service failing: Payment']]);
  });

  it('gives a stopped run one error with the message, what to do and the inspector URL', () => {
    const [build, ...rest] = annotationsFor(buildErrorRun());
    expect(rest).toEqual([]);
    expect(build?.level).toBe('error');
    expect(build?.title).toBe('Vercel build failed');
    expect(build?.message).toContain('as ERROR (the build failed)');
    expect(build?.message).toContain(`Vercel inspector: ${INSPECTOR_URL}`);

    expect(annotationsFor(protectedRun())[0]?.title).toBe('Deployment protected');
    expect(annotationsFor(waitTimeoutRun())[0]?.message).toContain('raise `wait-timeout`');
  });

  it('falls back to the verdict when a bad verdict has nothing else to point at', () => {
    const run = makeRun({
      probe: undefined,
      resolve: undefined,
      verdict: {
        status: 'unhealthy',
        reason: 'config',
        message: 'The config file has no rules.',
        findings: [],
      },
      gateFailed: true,
    });
    expect(annotationsFor(run)).toEqual([
      {
        level: 'error',
        title: 'Configuration error',
        message:
          'The config file has no rules. Fix the configuration problem the message names, then re-run the workflow.',
      },
    ]);
  });

  it('keeps hostile text on one line and out of workflow commands', () => {
    const annotations = annotationsFor(hostileRun());
    expect(annotations.length).toBeGreaterThan(0);
    for (const a of annotations) {
      for (const text of [a.title, a.message]) {
        expect(text).not.toMatch(/[\r\n]/);
        expect(text).not.toContain('::');
      }
      expect(a.title.length).toBeLessThanOrEqual(100);
    }
  });

  it('stops at 50, errors first, and says how many more there are', () => {
    const annotations = annotationsFor(manyServicesRun(500, 300));
    expect(annotations).toHaveLength(MAX_ANNOTATIONS);
    expect(annotations.slice(0, 49).every((a) => a.level === 'error')).toBe(true);
    expect(annotations[49]).toEqual({
      level: 'notice',
      title: 'More problems',
      message: '251 more problems are not annotated; the job summary and the JSON report list them all.',
    });
  });
});
