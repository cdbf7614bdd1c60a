import { untrusted } from '../util/text.js';
import type { HealthAnswer, JsonBody } from './types.js';

/** Reads an HTTP answer into the shape the adapters share; the JSON is parsed here, once. */
export function readHealthAnswer(
  httpStatus: number,
  contentType: string | undefined,
  body: string,
): HealthAnswer {
  const mediaType = contentType?.split(';')[0]?.trim().toLowerCase() || undefined;
  return { httpStatus, mediaType, body, json: readJson(mediaType, body) };
}

export function isJsonMediaType(mediaType: string | undefined): boolean {
  return mediaType !== undefined && (mediaType === 'application/json' || mediaType.endsWith('+json'));
}

function readJson(mediaType: string | undefined, body: string): JsonBody {
  const text = body.replace(/^\uFEFF/, '').trim();
  if (text === '') return { kind: 'absent' };
  // A JSON content type or a JSON-looking start is enough to hold the body to JSON: a health endpoint that
  // sends half a document must fail loudly, not be waved through as "some page that answered 200".
  const looksJson = isJsonMediaType(mediaType) || text.startsWith('{') || text.startsWith('[');
  if (!looksJson) return { kind: 'absent' };
  try {
    return { kind: 'parsed', value: JSON.parse(text) };
  } catch (error) {
    // Parser messages quote the body: escaped, as all remote text.
    return { kind: 'invalid', error: untrusted(error instanceof Error ? error.message : String(error), 160) };
  }
}

/** How a body that is not the expected JSON starts, for error messages (escaped). */
export function describeBody(answer: HealthAnswer): string {
  const type = answer.mediaType ?? 'no content type';
  const start = answer.body.trim().slice(0, 60);
  return untrusted(start ? `${type}, starting ${JSON.stringify(start)}` : `${type}, empty`, 120);
}
