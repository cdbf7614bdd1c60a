import type { HealthDocument, HealthFormatName } from '../model/types.js';
import { describeBody } from './answer.js';
import { detectionOrder, type FormatEntry, fallbackFormat, formatNamed, HEALTH_FORMATS } from './registry.js';
import type { HealthAnswer } from './types.js';
import { noDocumentWarning } from './verdict-warnings.js';

export { readHealthAnswer } from './answer.js';
export {
  detectionOrder,
  type FormatEntry,
  fallbackFormat,
  formatNamed,
  HEALTH_FORMATS,
  type HealthFormatName,
  healthFormatNames,
} from './registry.js';
export type { HealthAnswer, HealthFormat, ParseResult } from './types.js';

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
 * `auto` detection, in this order (the registry's `detect`):
 * 1. `application/health+json`, or a JSON object whose top-level `status` is a draft status word → health+json;
 * 2. a JSON object with `summary.overallStatus` or `services` → hemera;
 * 3. anything else that says it is JSON (content type, or a body starting with `{`/`[`) → broken: a JSON
 *    answer of no known shape is never waved through as healthy (the point of a gate is to not guess);
 * 4. no JSON at all (an HTML page, plain "OK", empty) → status-code (the fallback), with a warning that only
 *    the HTTP code was judged. An HTML 200 is therefore healthy under auto; the probe refuses it when it came
 *    from another origin (a login page after a redirect), and `health-format: hemera` makes any non-JSON body
 *    an error.
 * `formats` is the registry; tests pass their own.
 */
export function interpret(
  answer: HealthAnswer,
  requested: HealthFormatName | 'auto',
  formats: readonly FormatEntry[] = HEALTH_FORMATS,
): Interpretation {
  if (requested !== 'auto') {
    const format = formatNamed(requested, formats);
    const parsed = format.parse(answer);
    return parsed.ok
      ? { kind: 'document', document: parsed.document, bodyIgnored: format.ignoresBody === true }
      : { kind: 'broken', format: requested, error: parsed.error };
  }
  const detectors = detectionOrder(formats);
  for (const format of detectors) {
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
    const known = detectors.flatMap((format) =>
      format.looksFor ? [`${format.name} (${format.looksFor})`] : [],
    );
    return { kind: 'broken', format: 'auto', error: `the body is JSON but neither ${known.join(' nor ')}` };
  }
  const fallback = fallbackFormat(formats);
  const parsed = fallback.parse(answer);
  if (!parsed.ok) return { kind: 'broken', format: fallback.name, error: parsed.error };
  const document = {
    ...parsed.document,
    warnings: [noDocumentWarning(describeBody(answer), answer.httpStatus)],
  };
  return { kind: 'document', document, bodyIgnored: true };
}
