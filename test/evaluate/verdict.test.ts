import { describe, expect, it } from 'vitest';
import { gateFails, verdictFromFindings } from '../../src/evaluate/verdict.js';
import type { Finding } from '../../src/model/types.js';

const finding = (
  source: Finding['source'],
  status: Finding['status'],
  id = `${source}-${status}`,
): Finding => ({
  source,
  id,
  title: id,
  status,
  message: `${id} message`,
});

describe('verdictFromFindings', () => {
  it('is healthy with reason ok when nothing was found', () => {
    expect(verdictFromFindings([])).toMatchObject({ status: 'healthy', reason: 'ok' });
  });

  it('takes the worst finding and names its source as the reason', () => {
    const verdict = verdictFromFindings([finding('endpoint', 'degraded'), finding('rule', 'unhealthy')]);
    expect(verdict).toMatchObject({
      status: 'unhealthy',
      reason: 'rules',
      message: 'rule-unhealthy message',
    });
  });

  it('prefers the endpoint, then rules, then checklist when findings tie', () => {
    const verdict = verdictFromFindings([finding('checklist', 'degraded'), finding('endpoint', 'degraded')]);
    expect(verdict.reason).toBe('endpoint');
    expect(verdict.message).toContain('and 1 more finding');
  });
});

describe('gateFails', () => {
  const verdict = (status: Finding['status']) => ({
    status,
    reason: 'endpoint' as const,
    message: '',
    findings: [],
  });

  it.each([
    ['unhealthy', 'healthy', false],
    ['unhealthy', 'degraded', false],
    ['unhealthy', 'unhealthy', true],
    ['degraded', 'healthy', false],
    ['degraded', 'degraded', true],
    ['degraded', 'unhealthy', true],
    ['never', 'unhealthy', false],
  ] as const)('fail-on %s with a %s verdict → fails: %s', (failOn, status, fails) => {
    expect(gateFails(verdict(status), failOn)).toBe(fails);
  });

  it('always fails a cancelled run, even with fail-on never', () => {
    expect(gateFails({ status: 'unhealthy', reason: 'cancelled', message: '', findings: [] }, 'never')).toBe(
      true,
    );
  });
});
