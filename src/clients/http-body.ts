import { StringDecoder } from 'node:string_decoder';

/** Largest response body (or single stream line) the resolver reads: remote servers cannot exhaust memory. */
export const MAX_BODY_BYTES = 1024 * 1024;

export class BodyTooLarge extends Error {
  constructor(limit: number) {
    super(`the response was larger than ${Math.round(limit / 1024)} KiB`);
    this.name = 'BodyTooLarge';
  }
}

interface Destroyable extends AsyncIterable<Buffer | string> {
  destroy(error?: Error): unknown;
}

/** Reads a whole body as UTF-8, giving up (and dropping the connection) past `limit` bytes. */
export async function readCapped(body: Destroyable, limit = MAX_BODY_BYTES): Promise<string> {
  const decoder = new StringDecoder('utf8');
  let size = 0;
  let text = '';
  for await (const chunk of body) {
    const buffer = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
    size += buffer.length;
    if (size > limit) {
      body.destroy();
      throw new BodyTooLarge(limit);
    }
    text += decoder.write(buffer);
  }
  return text + decoder.end();
}

/** Lets a body go without reading it (frees the connection). */
export function discard(body: Destroyable & { dump?: () => Promise<void> }): void {
  if (body.dump) body.dump().catch(() => undefined);
  else body.destroy();
}

/**
 * Splits a stream of chunks into lines. A line longer than `maxLine` ends the stream with BodyTooLarge: the
 * events stream carries build logs, so the total may be large, but no single line needs to be.
 */
export async function* lines(body: Destroyable, maxLine = MAX_BODY_BYTES): AsyncGenerator<string> {
  const decoder = new StringDecoder('utf8');
  let pending = '';
  for await (const chunk of body) {
    pending += decoder.write(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
    let newline = pending.indexOf('\n');
    while (newline !== -1) {
      yield pending.slice(0, newline);
      pending = pending.slice(newline + 1);
      newline = pending.indexOf('\n');
    }
    if (pending.length > maxLine) {
      body.destroy();
      throw new BodyTooLarge(maxLine);
    }
  }
  pending += decoder.end();
  if (pending.trim() !== '') yield pending;
}
