import type { RunResult } from '../model/run-result.js';
import { secretsOf } from '../settings/settings.js';
import { isSecretLength } from '../util/mask.js';

/**
 * Secrets must never reach a report, even when a remote server or a stage's message echoes one (a bypass
 * secret in a redirect URL, a token in an error). The renderers never print settings' secret values; this
 * is the second line of defence for text that came from elsewhere.
 */

const MASK = '***';

/** Fields that hold a fixed vocabulary (`status: 'fail'`), never free text: masking them would break the schema. */
const vocabularyKeys = new Set([
  'kind',
  'reason',
  'status',
  'environment',
  'source',
  'format',
  'level',
  'state',
  'severity',
  'operator',
  'origin',
]);

export function secretsToRedact(run: RunResult): string[] {
  return (
    secretsOf(run.settings)
      .filter(isSecretLength)
      // Longest first, so a secret that contains another is masked whole.
      .sort((a, b) => b.length - a.length)
  );
}

export function redactText(text: string, secrets: readonly string[]): string {
  let result = text;
  for (const secret of secrets) {
    if (result.includes(secret)) result = result.split(secret).join(MASK);
  }
  return result;
}

/** A copy of `value` with every secret in its strings masked; vocabulary fields are kept as they are. */
export function redactDeep<T>(value: T, secrets: readonly string[]): T {
  if (secrets.length === 0) return value;
  return walk(value, secrets) as T;
}

function walk(value: unknown, secrets: readonly string[]): unknown {
  if (typeof value === 'string') return redactText(value, secrets);
  if (Array.isArray(value)) return value.map((item) => walk(item, secrets));
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value).map(([key, item]) => [
        key,
        vocabularyKeys.has(key) && typeof item === 'string' ? item : walk(item, secrets),
      ]),
    );
  }
  return value;
}

/**
 * The run with secrets masked in everything a stage or a remote server wrote. Settings stay as they are
 * (reports read only names and booleans from them), and so does the event payload, which no report shows.
 */
export function redactRun(run: RunResult): RunResult {
  const secrets = secretsToRedact(run);
  if (secrets.length === 0) return run;
  return {
    ...run,
    resolve: redactDeep(run.resolve, secrets),
    probe: redactDeep(run.probe, secrets),
    verdict: redactDeep(run.verdict, secrets),
    // Checklist details quote what other endpoints and Vercel said; rule names and notes are free text too.
    evaluation: redactDeep(run.evaluation, secrets),
  };
}
