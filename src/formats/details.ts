import { untrusted } from '../util/text.js';
import { isRecord } from './fields.js';

// Keys whose values a health body should never carry; if one does, the table must not repeat it (nor a
// metric: metric-values.ts).
export const SECRET_KEY =
  /secret|token|password|passwd|api[-_]?key|private|credential|authorization|cookie|dsn/i;

/**
 * `details` of a service as one short line for tables: `provider=postgresql, connection=verified`.
 * Remote text: escaped here, and values under secret-looking keys are replaced.
 */
export function flattenDetails(details: unknown, max = 200): string | undefined {
  if (details === undefined || details === null) return undefined;
  if (!isRecord(details)) return untrusted(details, max) || undefined;
  const parts = Object.entries(details).map(([key, value]) => {
    const shownValue = SECRET_KEY.test(key)
      ? '[redacted]'
      : typeof value === 'string'
        ? value
        : untrusted(value, 80);
    return `${key}=${shownValue}`;
  });
  return untrusted(parts.join(', '), max) || undefined;
}
