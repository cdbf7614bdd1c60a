import type { HealthDocument } from '../model/types.js';
import { describeBody } from './answer.js';
import { catchFieldError, expected, isRecord } from './fields.js';
import type { HealthAnswer, ParseResult } from './types.js';

/**
 * The part every JSON format shares: the body must be a JSON object; then the format's own reader runs,
 * and a FieldError it throws becomes an error that names the field.
 */
export function parseJsonDocument(
  answer: HealthAnswer,
  read: (body: Record<string, unknown>, answer: HealthAnswer) => HealthDocument,
): ParseResult {
  if (answer.json.kind === 'absent') {
    return { ok: false, error: `the body is not JSON (${describeBody(answer)})` };
  }
  if (answer.json.kind === 'invalid') {
    return { ok: false, error: `the body is not valid JSON (${answer.json.error})` };
  }
  const body = answer.json.value;
  if (!isRecord(body)) return { ok: false, error: expected('(body)', body, 'a JSON object') };
  const result = catchFieldError(() => read(body, answer));
  return result.ok ? { ok: true, document: result.value } : result;
}
