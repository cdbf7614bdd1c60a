import { describe, expect, it } from 'vitest';
import { MAX_CONSOLE_SERVICES, renderConsole } from '../../src/render/console.js';
import {
  buildErrorRun,
  DEPLOYMENT_URL,
  ENV_DETAIL,
  evaluatedRun,
  healthyRun,
  hostileRun,
  INSPECTOR_URL,
  manyServicesRun,
  protectedRun,
  unhealthyDatabaseRun,
} from '../support/runs.js';

describe('renderConsole', () => {
  it('prints verdict, deployment, every service and the gate for a healthy run', () => {
    const lines = renderConsole(healthyRun());

    expect(lines[0]).toBe('Deployment health: HEALTHY (ok) — The deployment is healthy.');
    expect(lines[1]).toBe(
      `Deployment: ${DEPLOYMENT_URL} · preview · commit a1b2c3d · dpl_7hK2mQxYz (resolved from vercel-api)`,
    );
    expect(lines).toContain(`Vercel inspector: ${INSPECTOR_URL}`);
    expect(lines).toContain('Services (5): 0 fail, 0 warn, 5 pass');
    expect(lines).toContain('  pass  Database · 45 ms · connection verified');
    expect(lines.at(-1)).toBe('Gate: passes (verdict healthy, fail-on: unhealthy).');
  });

  it('lists failing services first, the findings, the failing gate and what to do', () => {
    const lines = renderConsole(unhealthyDatabaseRun());

    const serviceLines = lines.filter((l) => /^ {2}(FAIL|WARN|pass) /.test(l));
    expect(serviceLines[0]).toBe('  FAIL  Database · 5.0 s · ECONNREFUSED 10.0.0.5:5432');
    expect(serviceLines[1]).toBe('  WARN  Analytics · 8 ms · queue backlog');
    expect(lines).toContain('Findings:');
    expect(lines.some((l) => l.startsWith('  [unhealthy] database_health is 0'))).toBe(true);
    expect(lines.some((l) => l.includes('Release note'))).toBe(false);
    expect(lines).toContain('Gate: the step fails (verdict unhealthy, fail-on: unhealthy).');
    expect(lines.at(-1)).toMatch(/^What to do: Fix the failing services/);
  });

  it('gives each triggered rule and each failed checklist item one line, without repeating their findings', () => {
    const lines = renderConsole(evaluatedRun());

    expect(lines).toContain('Alert rules (6): 3 triggered, 1 ok, 1 skipped, 1 disabled');
    const rules = lines.filter((l) => l.startsWith('  TRIGGERED  '));
    expect(rules).toEqual([
      '  TRIGGERED  [critical] Error Rate Spike (error_rate_spike): error_rate 8.33% > 5% over 5 min (observed 2 min 45 s)',
      '  TRIGGERED  [warning] High Response Time (high_response_time): avg_response_time 231 ms > 200 ms over 5 min (observed 165 s of a 300 s window)',
      '  TRIGGERED  [info] Release note (release_note): health_status 1 (healthy) ≥ 0 (unhealthy)',
    ]);
    expect(lines).toContain('Checklist (4): 2 failed, 1 passed, 1 skipped');
    expect(lines.filter((l) => l.startsWith('  FAILED  '))).toEqual([
      `  FAILED  [required] Required environment variables on Vercel: ${ENV_DETAIL}`,
      '  FAILED  [optional] Health dashboard answers: HTTP 404 from /admin/monitoring/deployment',
    ]);
    // Every finding belongs to a rule or item printed above: no separate findings list.
    expect(lines).not.toContain('Findings:');
    expect(lines.at(-2)).toBe('Gate: the step fails (verdict unhealthy, fail-on: unhealthy).');
    for (const line of lines) expect(line).not.toMatch(/[\r\n]/);
  });

  it('says why a run stopped and points at the fix', () => {
    const build = renderConsole(buildErrorRun());
    expect(build[0]).toMatch(/^Deployment health: UNHEALTHY \(deployment-error\) — Vercel reports/);
    expect(build.some((l) => l.startsWith('Stopped: Vercel build failed.'))).toBe(true);
    expect(build).toContain(`Vercel inspector: ${INSPECTOR_URL}`);
    expect(build.some((l) => l.startsWith('Services'))).toBe(false);

    const prot = renderConsole(protectedRun());
    expect(prot.at(-1)).toBe(
      'What to do: Pass the Vercel "Protection Bypass for Automation" secret as `protection-bypass`.',
    );
  });

  it('cannot be made to emit a workflow command or a second line by remote text', () => {
    const lines = renderConsole(hostileRun());
    expect(lines.length).toBeGreaterThan(5);
    for (const line of lines) {
      expect(line).not.toMatch(/[\r\n]/);
      expect(line).not.toContain('::');
    }
    expect(lines.some((l) => l.includes('Pay|ments <script>'))).toBe(true);
  });

  it('caps the service lines and says how many are left out', () => {
    const lines = renderConsole(manyServicesRun(500, 3));
    const serviceLines = lines.filter((l) => /^ {2}(FAIL|WARN|pass) /.test(l));
    expect(serviceLines).toHaveLength(MAX_CONSOLE_SERVICES);
    expect(serviceLines.slice(0, 3).every((l) => l.startsWith('  FAIL  Svc049'))).toBe(true);
    expect(lines).toContain('  … and 450 more (see the job summary)');
  });
});
