// `npm run schema`: writes the JSON Schema of the rules and checklist file (`.github/deployment-health.yml`)
// from the zod schema the gate itself validates it with, so editors complete and check the file as the gate
// reads it. `npm run schema -- --check` only compares and fails with the fix (CI runs it).
//
// The JSON Schema describes what may be written (zod's input side). Checks a JSON Schema cannot say (a
// metric's name, a threshold's unit, one rule's fields against another's) stay with the gate, which reports
// them with the file's line and column before anything is contacted.
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { configFileSchema } from '../src/config/schema.js';

export const SCHEMA_FILE = 'schema/deployment-health.schema.json';

type JsonSchema = Record<string, unknown>;

/** The JSON Schema of the config file, as committed. */
export function configJsonSchema(): JsonSchema {
  const generated = z.toJSONSchema(configFileSchema, {
    io: 'input',
    target: 'draft-2020-12',
    override: ({ zodSchema, jsonSchema }) => {
      // The one preprocess in the schema reads a single value as a list of one (`status: 200` is
      // `status: [200]`); zod describes only the list, so the single value is added beside it.
      const def = zodSchema._zod.def as { type: string; in?: { _zod: { def: { type: string } } } };
      const item = jsonSchema.items;
      if (
        def.type === 'pipe' &&
        def.in?._zod.def.type === 'transform' &&
        jsonSchema.type === 'array' &&
        item
      ) {
        if (typeof item !== 'object' || Array.isArray(item)) {
          throw new Error('a preprocessed list of this kind: say here how a single value reads');
        }
        const list = { ...jsonSchema };
        for (const key of Object.keys(jsonSchema)) delete jsonSchema[key as keyof typeof jsonSchema];
        jsonSchema.anyOf = [item, list];
      }
    },
  }) as JsonSchema;
  const { $schema, ...rest } = generated;
  return {
    $schema,
    title: 'Deployment Health Gate: rules and checklist',
    description:
      'The alert rules and deployment checklist of the Deployment Health Gate (.github/deployment-health.yml). Written by `npm run schema` from src/config/schema.ts; do not edit.',
    ...rest,
  };
}

const root = join(import.meta.dirname, '..');

/** The committed file's text, as the project's formatter (biome) writes it, so `npm run lint` agrees. */
export function configJsonSchemaText(): string {
  return execFileSync(join(root, 'node_modules/.bin/biome'), ['format', `--stdin-file-path=${SCHEMA_FILE}`], {
    cwd: root,
    input: JSON.stringify(configJsonSchema(), null, 2),
    encoding: 'utf8',
  });
}

const isMain = process.argv[1] !== undefined && import.meta.filename === process.argv[1];
if (isMain) {
  const file = join(root, SCHEMA_FILE);
  const wanted = configJsonSchemaText();
  const current = (() => {
    try {
      return readFileSync(file, 'utf8');
    } catch {
      return '';
    }
  })();
  if (process.argv.includes('--check')) {
    if (current !== wanted) {
      console.error(
        `${SCHEMA_FILE} differs from src/config/schema.ts: run \`npm run schema\` and commit the result.`,
      );
      process.exit(1);
    }
    console.log(`${SCHEMA_FILE} matches src/config/schema.ts.`);
  } else {
    writeFileSync(file, wanted);
    console.log(`${SCHEMA_FILE} written from src/config/schema.ts.`);
  }
}
