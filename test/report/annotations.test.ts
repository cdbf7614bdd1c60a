import { describe, expect, it } from 'vitest';
import { annotationsFor, MAX_ANNOTATIONS } from '../../src/report/annotations.js';
import {
  buildErrorRun,
  degradedPaymentRun,
  healthyRun,
  hostileRun,
  INSPECTOR_URL,
  makeRun,
  manyServicesRun,
  protectedRun,
  unhealthyDatabaseRun,
  waitTimeoutRun,
} from './fixtures.js';

describe('annotationsFor', () => {
  it('has nothing to say about a healthy run', () => {
    expect(annotationsFor(healthyRun())).toEqual([]);
  });

  it('annotates the verdict’s causes and the failing database as errors, the warning service after', () => {
    const annotations = annotationsFor(unhealthyDatabaseRun());

    // The endpoint's own finding is left out: the per-service annotations say the same in more detail.
    expect(annotations.map((a) => [a.level, a.title])).toEqual([
      ['error', 'Database connection failure'],
      ['error', 'Service failing: Database'],
      ['warning', 'Service degraded: Analytics'],
    ]);
    const database = annotations[1];
    expect(database?.message).toContain(
      'reports Database (database) as fail after 5.0 s: ECONNREFUSED 10.0.0.5:5432',
    );
    // What to do comes from the seed's troubleshooting guide.
    expect(database?.message).toContain('What to do: check the DATABASE_URL environment variable on Vercel');
    // An info finding does not hurt the verdict and gets no annotation.
    expect(annotations.some((a) => a.title === 'Release note')).toBe(false);
  });

  it('uses warnings only for a degraded payment service', () => {
    const annotations = annotationsFor(degradedPaymentRun());
    expect(annotations.map((a) => a.level)).toEqual(['warning']);
    expect(annotations[0]?.title).toBe('Service degraded: Payment');
    expect(annotations[0]?.message).toContain('STRIPE_SECRET_KEY');
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
