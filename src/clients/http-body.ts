import { StringDecoder } from 'node:string_decoder';

/** Largest API answer (or single stream line) a client reads: remote servers cannot exhaust memory. */
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

/**
 * Reads a whole body, giving up past `limit` bytes with `tooLarge()`: leaving the loop early drops the
 * connection (a Node stream is destroyed, a web stream cancelled), so a remote server cannot exhaust memory.
 */
export async function readCappedBytes(
  body: AsyncIterable<Uint8Array | string>,
  limit: number,
  tooLarge: () => Error = () => new BodyTooLarge(limit),
): Promise<Buffer> {
  const chunks: Uint8Array[] = [];
  let size = 0;
  for await (const chunk of body) {
    const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
    size += bytes.byteLength;
    if (size > limit) throw tooLarge();
    chunks.push(bytes);
  }
  return Buffer.concat(chunks);
}

/** Reads a whole body as UTF-8, giving up (and dropping the connection) past `limit` bytes. */
export async function readCapped(body: Destroyable, limit = MAX_BODY_BYTES): Promise<string> {
  try {
    return (await readCappedBytes(body, limit)).toString('utf8');
  } catch (error) {
    // An undici body is a Node stream, destroyed when the loop is left early; this says so outright.
    if (error instanceof BodyTooLarge) body.destroy();
    throw error;
  }
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
