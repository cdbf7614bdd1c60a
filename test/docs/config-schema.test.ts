import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { configJsonSchemaText, SCHEMA_FILE } from '../../scripts/config-schema.js';
import { ConfigError, parseConfig } from '../../src/config/index.js';

// The committed JSON Schema of `.github/deployment-health.yml` is what the gate's own zod schema says (no
// drift), accepts every config the docs show, and rejects what the gate rejects for its shape.
const root = join(import.meta.dirname, '../..');
const committed = readFileSync(join(root, SCHEMA_FILE), 'utf8');
const validate = new Ajv2020({ allErrors: true, strict: true, allowUnionTypes: true }).compile(
  JSON.parse(committed),
);

/** Whether the JSON Schema accepts `yamlText`, with ajv's errors when not. */
function schemaSays(yamlText: string): { ok: boolean; errors: string[] } {
  const ok = validate(parse(yamlText));
  return { ok, errors: (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message}`) };
}

/** Whether the gate itself accepts `yamlText` as its config file. */
function gateAccepts(yamlText: string): boolean {
  try {
    parseConfig(yamlText, '.github/deployment-health.yml');
    return true;
  } catch (error) {
    if (error instanceof ConfigError) return false;
    throw error;
  }
}

describe(SCHEMA_FILE, () => {
  it('is what `npm run schema` writes from src/config/schema.ts', () => {
    expect(committed === configJsonSchemaText(), 'run `npm run schema` and commit the result').toBe(true);
  });

  it('accepts examples/deployment-health.yml and every config file the docs show', () => {
    const configs = [readFileSync(join(root, 'examples/deployment-health.yml'), 'utf8')];
    const page = readFileSync(join(root, 'docs/rules-and-checklist.md'), 'utf8');
    for (const [, block] of page.matchAll(/```yaml\n([\s\S]*?)```/g)) {
      const value = parse(block ?? '') as unknown;
      if (value && typeof value === 'object' && !Array.isArray(value)) configs.push(block ?? '');
    }
    expect(configs.length).toBeGreaterThanOrEqual(2);
    for (const config of configs) {
      expect(schemaSays(config)).toEqual({ ok: true, errors: [] });
      expect(gateAccepts(config)).toBe(true);
    }
  });

  it('accepts the short forms the gate reads: a single status code, empty sections, a dashboard flag', () => {
    const config = [
      'rules:',
      'checklist:',
      '  dashboard: false',
      '  items:',
      '    - { id: webhook, path: /api/webhooks/stripe, expect: { status: 200 } }',
    ].join('\n');
    expect(schemaSays(config)).toEqual({ ok: true, errors: [] });
    expect(gateAccepts(config)).toBe(true);
  });

  it.each([
    ['an unknown top-level key', 'rulez: []'],
    ['an operator that is not one', 'rules: [{ id: slow, condition: { operator: greater } }]'],
    ['a rule without an id', 'rules: [{ name: Slow }]'],
    ['an unknown severity', 'rules: [{ id: slow, severity: fatal }]'],
    ['a channel that is not Rollbar', 'rules: [{ id: slow, channels: [{ type: slack }] }]'],
    ['a checklist item without a path', 'checklist: { items: [{ id: webhook }] }'],
    [
      'a status code out of range',
      'checklist: { items: [{ id: webhook, path: /x, expect: { status: [999] } }] }',
    ],
    ['an environment variable name with a dash', 'checklist: { env: [DATABASE-URL] }'],
  ])('rejects %s, as the gate does', (_, config) => {
    expect(schemaSays(config).ok).toBe(false);
    expect(gateAccepts(config)).toBe(false);
  });
});
