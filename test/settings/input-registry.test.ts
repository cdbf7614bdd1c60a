import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { type ActionManifest, inputDrift } from '../../src/settings/action-drift.js';
import { INPUTS, inputDefaults, SECRET_INPUTS } from '../../src/settings/input-registry.js';

// The inputs registry is what the code reads, action.yml what the runner reads: they must not drift apart.

const actionYml = (): ActionManifest & { inputs: Record<string, Record<string, unknown>> } =>
  parse(readFileSync(resolve(import.meta.dirname, '..', '..', 'action.yml'), 'utf8'));

describe('the inputs registry against action.yml', () => {
  it('agrees on every input: present both ways, defaults, required, secret', () => {
    expect(inputDrift(actionYml())).toEqual([]);
  });

  it('gives the settings action.yml’s defaults (the runner’s own expressions apply only on the runner)', () => {
    for (const [name, spec] of Object.entries(actionYml().inputs)) {
      const expected = typeof spec.default === 'string' && !spec.default.includes('${{') ? spec.default : '';
      expect([name, inputDefaults[name as keyof typeof inputDefaults]]).toEqual([name, expected]);
    }
  });

  it('masks the four tokens and the header values', () => {
    expect(SECRET_INPUTS.map((input) => input.name)).toEqual([
      'vercel-token',
      'protection-bypass',
      'github-token',
      'rollbar-token',
      'headers',
    ]);
  });

  describe('fails on drift, naming the input', () => {
    it('an input added to action.yml only', () => {
      const action = actionYml();
      action.inputs['dry-run'] = { description: 'Do nothing.', required: false };
      expect(inputDrift(action)).toEqual(['`dry-run` is in action.yml but not in the inputs registry']);
    });

    it('an input dropped from action.yml', () => {
      const action = actionYml();
      delete action.inputs.observe;
      expect(inputDrift(action)).toEqual(['`observe` is in the inputs registry but not in action.yml']);
    });

    it('a default changed on one side', () => {
      const action = actionYml();
      action.inputs['wait-timeout'] = { ...action.inputs['wait-timeout'], default: '15m' };
      expect(inputDrift(action)).toEqual([
        '`wait-timeout` defaults to "15m" in action.yml but "10m" in the inputs registry',
      ]);
    });

    it('an input made required', () => {
      const action = actionYml();
      action.inputs.sha = { ...action.inputs.sha, required: true };
      expect(inputDrift(action)).toEqual([
        '`sha` must say `required: false` in action.yml, as every input of the gate',
      ]);
    });

    it('a new token the registry does not mask, and a secret action.yml does not call one', () => {
      const action = actionYml();
      action.inputs['sentry-token'] = { description: 'Sentry auth token.', required: false };
      const registry = [
        ...INPUTS.filter((input) => input.name !== 'rollbar-token'),
        { name: 'sentry-token', default: '' },
        { name: 'rollbar-token', default: '', secret: { in: 'value' as const, inSettings: () => [] } },
      ];
      action.inputs['rollbar-token'] = { description: 'Rollbar project access.', required: false };
      expect(inputDrift(action, registry)).toEqual([
        '`sentry-token` reads as a secret in action.yml (a token, "secret" or "masked") but the inputs registry does not mark it secret',
      ]);
      const plain = [
        ...INPUTS.filter((input) => input.name !== 'vercel-team'),
        { name: 'vercel-team', default: '', secret: { in: 'value' as const, inSettings: () => [] } },
      ];
      expect(inputDrift(actionYml(), plain)).toEqual([
        '`vercel-team` is secret in the inputs registry but action.yml does not say so (name it …-token, or say "secret" or "masked")',
      ]);
    });
  });
});
