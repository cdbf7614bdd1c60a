import type { HealthDocument, HealthFormatName } from '../../model/types.js';
import { describeBody } from './answer.js';
import { healthJson } from './health-json.js';
import { hemera } from './hemera.js';
import { statusCode } from './status-code.js';
import type { HealthAnswer, HealthFormat } from './types.js';
import { noDocumentWarning } from './verdict-warnings.js';

export { readHealthAnswer } from './answer.js';
export type { HealthAnswer, HealthFormat, ParseResult } from './types.js';

export const healthFormats: Record<HealthFormatName, HealthFormat> = {
  hemera,
  'health+json': healthJson,
  'status-code': statusCode,
};

/** What one answer means under the configured `health-format`. */
export type Interpretation =
  | {
      kind: 'document';
      document: HealthDocument;
      /** True when the body said nothing and only the HTTP code was judged (status-code, or auto's fallback). */
      bodyIgnored: boolean;
    }
  | {
      kind: 'broken';
      /** The format the body claimed or was required to have; `auto` when it looked like JSON of no known format. */
      format: HealthFormatName | 'auto';
      /** Names the field, e.g. `summary.overallStatus` is "great"; expected … */
      error: string;
    };

/**
 * `auto` detection, in this order:
 * 1. `application/health+json`, or a JSON object whose top-level `status` is a draft status word → health+json;
 * 2. a JSON object with `summary.overallStatus` or `services` → hemera;
 * 3. anything else that says it is JSON (content type, or a body starting with `{`/`[`) → broken: a JSON
 *    answer of no known shape is never waved through as healthy (the point of a gate is to not guess);
 * 4. no JSON at all (an HTML page, plain "OK", empty) → status-code, with a warning that only the HTTP code
 *    was judged. An HTML 200 is therefore healthy under auto; the probe refuses it when it came from another
 *    origin (a login page after a redirect), and `health-format: hemera` makes any non-JSON body an error.
 */
export function interpret(answer: HealthAnswer, requested: HealthFormatName | 'auto'): Interpretation {
  if (requested !== 'auto') {
    const parsed = healthFormats[requested].parse(answer);
    return parsed.ok
      ? { kind: 'document', document: parsed.document, bodyIgnored: requested === 'status-code' }
      : { kind: 'broken', format: requested, error: parsed.error };
  }
  for (const format of [healthJson, hemera]) {
    if (!format.claims(answer)) continue;
    const parsed = format.parse(answer);
    return parsed.ok
      ? { kind: 'document', document: parsed.document, bodyIgnored: false }
      : { kind: 'broken', format: format.name, error: parsed.error };
  }
  if (answer.json.kind === 'invalid') {
    return {
      kind: 'broken',
      format: 'auto',
      error: `the body looks like JSON but does not parse (${answer.json.error})`,
    };
  }
  if (answer.json.kind === 'parsed') {
    return {
      kind: 'broken',
      format: 'auto',
      error:
        'the body is JSON but neither health+json (a top-level `status` of pass, warn or fail) ' +
        'nor hemera (`summary.overallStatus` or `services`)',
    };
  }
  const parsed = statusCode.parse(answer);
  if (!parsed.ok) return { kind: 'broken', format: 'status-code', error: parsed.error };
  const document = {
    ...parsed.document,
    warnings: [noDocumentWarning(describeBody(answer), answer.httpStatus)],
  };
  return { kind: 'document', document, bodyIgnored: true };
}
