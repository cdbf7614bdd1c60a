import type { Readable } from 'node:stream';
import { describeTransportError, type TransportError } from '../clients/transport-error.js';
import { untrusted } from '../util/text.js';
import { type Dispatcher, request } from '../util/undici.js';
import { PUBLIC_HEADERS } from './headers.js';
import { originOf, sameDeployment } from './url.js';

/** A health document is a few KB; anything past this is not one, and must not fill the runner's memory. */
export const MAX_BODY_BYTES = 1024 * 1024;
const DEFAULT_MAX_REDIRECTS = 5;
const REDIRECT_CODES = new Set([301, 302, 303, 307, 308]);

export interface RequestDeploymentOptions {
  url: string;
  method?: 'GET' | 'POST';
  /** Sent as JSON. */
  body?: unknown;
  /**
   * Sent only to the deployment's own origin (bypass secret, custom headers), or its http → https upgrade on
   * the same host; dropped on a redirect anywhere else.
   */
  scopedHeaders: Array<[string, string]>;
  /** Sent to every hop; defaults to `accept` + `user-agent`. */
  publicHeaders?: ReadonlyArray<[string, string]>;
  /** For the whole exchange: every redirect hop, headers and body together. */
  timeoutMs: number;
  /** Default 1 MiB. */
  maxBytes?: number;
  /** Default 5. */
  maxRedirects?: number;
  dispatcher: Dispatcher;
  signal: AbortSignal;
}

export interface HttpAnswer {
  ok: true;
  status: number;
  headers: Record<string, string | string[] | undefined>;
  /** UTF-8 text, at most `maxBytes` of it. */
  body: string;
  contentType: string | undefined;
  /** The body went on past `maxBytes`; reading stopped there. */
  truncated: boolean;
  /** Where the answer came from, after redirects (remote-controlled: escape before printing). */
  finalUrl: string;
  redirects: number;
  /** Whether the scoped headers went with the last hop (false once a redirect left the deployment's origin). */
  scopedHeadersSent: boolean;
}

export interface HttpFailure {
  ok: false;
  error: TransportError;
  /** What went wrong, escaped; never contains header values. */
  message: string;
  finalUrl: string;
  redirects: number;
}

/**
 * The one function every request to the deployment goes through. Redirects are followed here, not by
 * undici, so that secrets never follow the request to another origin — and once dropped they stay dropped,
 * even if a later hop leads back. Never throws.
 */
export async function requestDeployment(opts: RequestDeploymentOptions): Promise<HttpAnswer | HttpFailure> {
  const maxBytes = opts.maxBytes ?? MAX_BODY_BYTES;
  const maxRedirects = opts.maxRedirects ?? DEFAULT_MAX_REDIRECTS;
  let url = opts.url;
  let redirects = 0;
  const failure = (error: TransportError, message: string): HttpFailure => ({
    ok: false,
    error,
    message,
    finalUrl: url,
    redirects,
  });
  if (opts.signal.aborted) return failure('cancelled', 'cancelled before the request was sent');

  try {
    originOf(url);
  } catch {
    return failure('network', `${untrusted(url)} is not a valid URL`);
  }

  const controller = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort(new Error(`no complete answer within ${opts.timeoutMs} ms`));
  }, opts.timeoutMs);
  const onCancel = () => controller.abort(opts.signal.reason);
  opts.signal.addEventListener('abort', onCancel, { once: true });

  let method = opts.method ?? 'GET';
  let body = opts.body === undefined ? undefined : JSON.stringify(opts.body);
  let scoped = true;
  try {
    for (;;) {
      // The deployment's own origin, or its http → https upgrade; anywhere else gets no secrets, ever again.
      if (scoped && !sameDeployment(opts.url, url)) scoped = false;
      const response = await request(url, {
        method,
        headers: buildHeaders(opts.publicHeaders ?? PUBLIC_HEADERS, scoped ? opts.scopedHeaders : [], body),
        body,
        dispatcher: opts.dispatcher,
        signal: controller.signal,
      });
      const location = firstHeader(response.headers, 'location');
      if (REDIRECT_CODES.has(response.statusCode) && location) {
        await response.body.dump().catch(() => undefined);
        if (redirects >= maxRedirects) {
          return failure('redirect', `more than ${maxRedirects} redirects (a redirect loop?)`);
        }
        let next: URL;
        try {
          next = new URL(location, url);
        } catch {
          return failure(
            'redirect',
            `redirected to an invalid location ${JSON.stringify(untrusted(location, 120))}`,
          );
        }
        if (next.protocol !== 'http:' && next.protocol !== 'https:') {
          return failure('redirect', `redirected to a non-HTTP location (${untrusted(next.protocol, 20)})`);
        }
        redirects += 1;
        // As browsers do: 303 always, and 301/302 after a POST, continue as GET without a body.
        const code = response.statusCode;
        if (code === 303 || ((code === 301 || code === 302) && method === 'POST')) {
          method = 'GET';
          body = undefined;
        }
        url = next.toString();
        continue;
      }
      const { text, truncated } = await readCapped(response.body, maxBytes);
      return {
        ok: true,
        status: response.statusCode,
        headers: response.headers,
        body: text,
        contentType: firstHeader(response.headers, 'content-type'),
        truncated,
        finalUrl: url,
        redirects,
        scopedHeadersSent: scoped,
      };
    }
  } catch (error) {
    if (opts.signal.aborted) return failure('cancelled', 'cancelled while waiting for the answer');
    if (timedOut) return failure('timeout', `no complete answer within ${opts.timeoutMs} ms`);
    const { error: kind, message } = describeTransportError(error);
    return failure(kind, untrusted(message));
  } finally {
    clearTimeout(timer);
    opts.signal.removeEventListener('abort', onCancel);
  }
}

function buildHeaders(
  publicHeaders: ReadonlyArray<[string, string]>,
  scopedHeaders: ReadonlyArray<[string, string]>,
  body: string | undefined,
): Record<string, string> {
  const headers: Record<string, string> = {};
  // Scoped headers come last so a user's own `Accept` replaces the default on the deployment's origin.
  for (const [name, value] of [...publicHeaders, ...scopedHeaders]) headers[name.toLowerCase()] = value;
  if (body !== undefined) headers['content-type'] = 'application/json';
  return headers;
}

function firstHeader(
  headers: Record<string, string | string[] | undefined>,
  name: string,
): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/** Reads at most `maxBytes`, then destroys the stream so the server's remaining megabytes are never read. */
async function readCapped(stream: Readable, maxBytes: number): Promise<{ text: string; truncated: boolean }> {
  const chunks: Buffer[] = [];
  let size = 0;
  let truncated = false;
  for await (const chunk of stream) {
    const buffer: Buffer = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
    if (size + buffer.length > maxBytes) {
      chunks.push(buffer.subarray(0, maxBytes - size));
      size = maxBytes;
      truncated = true;
      stream.destroy();
      break;
    }
    chunks.push(buffer);
    size += buffer.length;
  }
  return { text: Buffer.concat(chunks).toString('utf8'), truncated };
}
