import { describe, expect, it } from 'vitest';
import type { SourcePosition } from '../../../src/config/types.js';
import { checkRunAnnotations } from '../../../src/sinks/github/check-run-annotations.js';
import { repositoryPath } from '../../../src/sinks/github/config-location.js';
import { locateInConfig } from '../../../src/sinks/github/index.js';
import { evaluatedRun } from '../../support/runs.js';

const FILE = '.github/deployment-health.yml';

function config(file: string | undefined, entries: Array<[string, number]>) {
  return {
    file,
    positions: new Map<string, SourcePosition>(entries.map(([key, line]) => [key, { line, column: 5 }])),
  };
}

describe('locateInConfig', () => {
  const positions: Array<[string, number]> = [
    ['rule:error_rate_spike', 12],
    ['rule:high_response_time', 4],
    ['checklist:env_vars', 27],
  ];

  it('maps rule:<id> and checklist:<id> to their line in the config file', () => {
    const locate = locateInConfig(config(FILE, positions));
    expect(locate({ kind: 'rule', id: 'error_rate_spike' })).toEqual({
      path: FILE,
      startLine: 12,
      endLine: 12,
    });
    expect(locate({ kind: 'checklist', id: 'env_vars' })).toEqual({ path: FILE, startLine: 27, endLine: 27 });
  });

  it('falls back (undefined) for what the file does not define, other subjects, and without a file', () => {
    const locate = locateInConfig(config(FILE, positions));
    // A default rule the file leaves alone has no line of its own.
    expect(locate({ kind: 'rule', id: 'database_connection_failure' })).toBeUndefined();
    // Same id, other kind: a checklist item is not the rule of that name.
    expect(locate({ kind: 'checklist', id: 'error_rate_spike' })).toBeUndefined();
    expect(locate({ kind: 'service', id: 'database' })).toBeUndefined();
    expect(locate({ kind: 'stop', id: 'protected' })).toBeUndefined();
    expect(locate({ kind: 'endpoint', id: 'endpoint_status' })).toBeUndefined();
    expect(
      locateInConfig(config(undefined, positions))({ kind: 'rule', id: 'error_rate_spike' }),
    ).toBeUndefined();
    expect(locateInConfig(config(FILE, [['rule:x', 0]]))({ kind: 'rule', id: 'x' })).toBeUndefined();
  });

  it('gives GitHub a path relative to the repository root', () => {
    expect(repositoryPath('./.github/deployment-health.yml')).toBe(FILE);
    expect(repositoryPath('.github\\deployment-health.yml')).toBe(FILE);
    expect(repositoryPath('config//gate/../health.json')).toBe('config/health.json');
    expect(
      repositoryPath(
        '/home/runner/work/shop/shop/.github/deployment-health.yml',
        '/home/runner/work/shop/shop',
      ),
    ).toBe(FILE);
    expect(repositoryPath('D:\\a\\shop\\shop\\.github\\deployment-health.yml', 'D:\\a\\shop\\shop')).toBe(
      FILE,
    );
    // Outside the repository, or absolute without a workspace to relate it to: GitHub would reject it.
    expect(repositoryPath('../elsewhere.yml')).toBeUndefined();
    expect(repositoryPath('/etc/gate.yml', '/home/runner/work/shop/shop')).toBeUndefined();
    expect(repositoryPath('/home/runner/work/shop/shop/.github/x.yml')).toBeUndefined();
    expect(repositoryPath('C:\\gate.yml', 'D:\\a\\shop\\shop')).toBeUndefined();
    expect(repositoryPath('  ')).toBeUndefined();
    expect(
      locateInConfig(config('/srv/x/.github/h.yml', positions), { workspace: '/srv/x' })({
        kind: 'rule',
        id: 'high_response_time',
      }),
    ).toEqual({ path: '.github/h.yml', startLine: 4, endLine: 4 });
  });

  it('points each triggered rule and failed item at its line, everything else at the workflow step', () => {
    const workflow = { path: '.github/workflows/deploy-gate.yml', startLine: 9, endLine: 9 };
    const annotations = checkRunAnnotations(
      evaluatedRun(),
      workflow,
      locateInConfig(config(FILE, positions)),
    );

    expect(annotations.map((a) => [a.annotation_level, a.title, a.path, a.start_line])).toEqual([
      ['failure', 'Alert rule triggered: Error Rate Spike (error_rate 8.33% > 5%)', FILE, 12],
      ['failure', 'Checklist item failed: Required environment variables on Vercel (required)', FILE, 27],
      ['warning', 'Alert rule triggered: High Response Time (avg_response_time 231 ms > 200 ms)', FILE, 4],
      // Not in the file's positions: the workflow step it is.
      ['warning', 'Checklist item failed: Health dashboard answers (optional)', workflow.path, 9],
      [
        'notice',
        'Alert rule triggered: Release note (health_status 1 (healthy) ≥ 0 (unhealthy))',
        workflow.path,
        9,
      ],
    ]);
  });
});
