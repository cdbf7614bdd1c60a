import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { MONITOR_INPUTS, MONITOR_SECRET_INPUTS, monitorInputDefaults } from '../../src/monitor/inputs.js';
import { parseMonitorSettings, targetSettings } from '../../src/monitor/settings.js';
import { type ActionManifest, inputDrift } from '../../src/settings/action-drift.js';
import { INPUTS } from '../../src/settings/input-registry.js';
import { SettingsError } from '../../src/settings/settings.js';

// monitor/action.yml is what the runner reads; the monitor's inputs registry is what the code reads.

const root = resolve(import.meta.dirname, '..', '..');
const monitorYml = (): ActionManifest & {
  inputs: Record<string, Record<string, unknown>>;
  outputs: Record<string, unknown>;
  runs: Record<string, unknown>;
} => parse(readFileSync(resolve(root, 'monitor', 'action.yml'), 'utf8'));

const settings = (inputs: Record<string, string> = {}) => parseMonitorSettings((name) => inputs[name] ?? '');

describe('the monitor inputs registry against monitor/action.yml', () => {
  it('agrees on every input: present both ways, defaults, required, secret', () => {
    expect(inputDrift(monitorYml(), MONITOR_INPUTS)).toEqual([]);
  });

  it('names a drift, as the gate’s check does', () => {
    const action = monitorYml();
    action.inputs.samples = { ...action.inputs.samples, default: '5' };
    expect(inputDrift(action, MONITOR_INPUTS)).toEqual([
      '`samples` defaults to "5" in action.yml but "3" in the inputs registry',
    ]);
  });

  it('declares the outputs of the monitor and runs the monitor bundle on node24', () => {
    expect(Object.keys(monitorYml().outputs)).toEqual([
      'status',
      'reason',
      'targets',
      'incidents',
      'history-commit',
      'report-path',
    ]);
    expect(monitorYml().runs).toEqual({ using: 'node24', main: '../dist/monitor/index.js' });
  });

  it('shares the gate’s entries (one default changed: rollbar-environment is production)', () => {
    for (const input of MONITOR_INPUTS) {
      const gate = INPUTS.find((g) => g.name === input.name);
      if (!gate || input.name === 'history') continue;
      if (input.name === 'rollbar-environment') expect(input.default).toBe('production');
      else expect(input).toBe(gate);
    }
    expect(monitorInputDefaults.history).toBe('branch:deployment-health-data');
  });

  it('masks the four tokens and the header values', () => {
    expect(MONITOR_SECRET_INPUTS.map((input) => input.name)).toEqual([
      'vercel-token',
      'protection-bypass',
      'github-token',
      'rollbar-token',
      'headers',
    ]);
  });
});

describe('monitor settings', () => {
  it('reads the defaults of the table', () => {
    const s = settings();
    expect(s).toMatchObject({
      samples: 3,
      sampleIntervalMs: 5000,
      history: { kind: 'branch', branch: 'deployment-health-data' },
      historySquashMs: 86_400_000,
      failureThreshold: 2,
      successThreshold: 2,
      incidents: 'issue',
      incidentLabel: 'deployment-health',
      reminderIntervalMs: 86_400_000,
      failOn: 'unhealthy',
      dashboard: true,
      dashboardDir: undefined,
    });
    expect(s.gate.rollbar.environment).toBe('production');
    expect(s.gate.healthPath).toBe('/api/health/deployment');
  });

  it('parses the shared inputs with the gate’s parser and names every bad input at once', () => {
    let error: unknown;
    try {
      settings({ 'request-timeout': 'soon', samples: '0', history: 'git:main', incidents: 'pager' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(SettingsError);
    expect((error as SettingsError).problems).toEqual([
      '`request-timeout` is "soon", which is not a duration; write e.g. "90s", "5m", "1h" or plain seconds',
      '`samples` is "0"; give a whole number from 1 to 20, e.g. 3',
      '`history` is "git:main"; it must be `branch:NAME` (a data branch of this repository), `dir:PATH` (a folder) or `none`.',
      '`incidents` must be "issue" or "none"',
    ]);
  });

  it('refuses a branch name git refuses, naming the input', () => {
    expect(() => settings({ history: 'branch:data..x' })).toThrow(
      /`history` is "branch:data\.\.x": a branch name cannot hold "\.\."/,
    );
    expect(settings({ history: ' dir:.deployment-health ' }).history).toEqual({
      kind: 'dir',
      path: '.deployment-health',
    });
    expect(settings({ history: 'NONE' }).history).toEqual({ kind: 'none' });
  });

  it('turns a target into the gate’s settings: its URL, production, samples as an observation window, no reports', () => {
    const s = settings({ samples: '4', 'sample-interval': '2s', 'vercel-token': 'tok-123456' });
    const gate = targetSettings(s, 'http://127.0.0.1:3000', undefined);
    expect(gate).toMatchObject({
      deploymentUrl: 'http://127.0.0.1:3000',
      environment: 'production',
      observeMs: 7000,
      observeIntervalMs: 2000,
      promote: false,
      rollbackOnUnhealthy: false,
    });
    expect(gate.reports.size).toBe(0);
    expect(gate.vercel.token).toBe('tok-123456');
  });
});
