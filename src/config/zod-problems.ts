// zod's issues in the reader's words: what was expected, what was written, and the nearest valid key.

import type { z } from 'zod';
import type { Problem } from './problems.js';
import { shown } from './schema-words.js';
import { didYouMean, listWords } from './suggest.js';
import type { PathSegment } from './yaml-source.js';

const EXPECTED: Record<string, string> = {
  string: 'text',
  number: 'a number',
  int: 'a whole number',
  boolean: 'true or false',
  array: 'a list',
  object: 'a mapping (key: value)',
};

/**
 * Messages for issues whose schema did not word its own: passed to `safeParse` as its error map, so the
 * field-specific messages in schema.ts take precedence.
 */
export const genericMessage: z.core.$ZodErrorMap = (issue) => {
  switch (issue.code) {
    case 'invalid_type': {
      const expected = EXPECTED[issue.expected] ?? issue.expected;
      return issue.input === undefined
        ? `is required (${expected})`
        : `expected ${expected}, got ${shown(issue.input)}`;
    }
    case 'too_small':
      if (issue.origin === 'array') return 'must list at least one entry';
      if (issue.origin === 'string') return 'must not be empty';
      return `must be at least ${issue.minimum}`;
    case 'too_big':
      return `must be at most ${issue.maximum}`;
    default:
      return undefined;
  }
};

interface LooseDef {
  type: string;
  shape?: Record<string, unknown>;
  element?: unknown;
  innerType?: unknown;
  in?: unknown;
  out?: unknown;
}

const defOf = (schema: unknown): LooseDef | undefined =>
  (schema as { _zod?: { def?: LooseDef } } | undefined)?._zod?.def;

/** Optional, default, nullable and preprocess wrappers hide the schema that says which keys exist. */
function unwrap(schema: unknown): unknown {
  let current = schema;
  for (let depth = 0; depth < 10; depth++) {
    const def = defOf(current);
    if (!def) return current;
    if (['optional', 'nullable', 'default', 'prefault', 'readonly', 'catch'].includes(def.type))
      current = def.innerType;
    else if (def.type === 'pipe') current = defOf(def.in)?.type === 'transform' ? def.out : def.in;
    else return current;
  }
  return current;
}

/** The keys the object schema at `path` accepts (so a misspelt key can be matched against them). */
export function knownKeysAt(schema: unknown, path: readonly PathSegment[]): string[] {
  let current = unwrap(schema);
  for (const segment of path) {
    const def = defOf(current);
    if (def?.type === 'object' && typeof segment === 'string') current = unwrap(def.shape?.[segment]);
    else if (def?.type === 'array') current = unwrap(def.element);
    else return [];
  }
  const def = defOf(current);
  return def?.type === 'object' ? Object.keys(def.shape ?? {}) : [];
}

export function problemsFromIssues(schema: unknown, issues: readonly z.core.$ZodIssue[]): Problem[] {
  return issues.flatMap((issue): Problem[] => {
    const path = issue.path.filter((s): s is PathSegment => typeof s !== 'symbol');
    if (issue.code === 'unrecognized_keys') {
      const known = knownKeysAt(schema, path);
      return issue.keys.map((key) => ({
        path: [...path, key],
        at: 'key',
        message: `is not a known key here; use ${listWords(known)}${didYouMean(key, known)}`,
      }));
    }
    return [{ path, message: issue.message }];
  });
}
