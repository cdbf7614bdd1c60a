// The pieces of the config schema that word their own messages: closed word lists with "did you mean", a
// value as the reader wrote it, numbers that may be written as text. Shared by schema.ts and history-rules.ts.

import { z } from 'zod';
import { didYouMean, listWords } from './suggest.js';

/** `"greater" is not an operator; use gt, gte, lt, lte, eq or neq (did you mean "gt"?)` */
function notOneOf(
  noun: string,
  words: readonly string[],
  input: unknown,
  synonyms?: Readonly<Record<string, string>>,
): string {
  const hint = typeof input === 'string' ? didYouMean(input, words, synonyms) : '';
  return `${shown(input)} is not ${noun}; use ${listWords(words)}${hint}`;
}

/** A value as the reader wrote it, for messages. */
export function shown(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'an empty value';
  if (typeof value === 'string') return JSON.stringify(value.length > 80 ? `${value.slice(0, 79)}…` : value);
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  return String(value);
}

export const oneOf = <const T extends readonly [string, ...string[]]>(
  noun: string,
  words: T,
  synonyms?: Readonly<Record<string, string>>,
) => z.enum(words, { error: (issue) => notOneOf(noun, words, issue.input, synonyms) });

export const numberOrText = (expectation: string) =>
  z.union([z.number(), z.string()], {
    error: (issue) => `${shown(issue.input)} is not ${expectation}`,
  });
