import { untrusted } from '../util/text.js';

/** Transport problems, as short words for samples (`Sample.error`) and the error-rate metric. */
export type TransportError =
  | 'timeout'
  | 'cancelled'
  | 'ECONNREFUSED'
  | 'ECONNRESET'
  | 'ENOTFOUND'
  | 'EHOSTUNREACH'
  | 'tls'
  | 'redirect'
  | 'network';

/** Names a thrown undici/Node error: which kind it is, and a message a person understands. */
export function describeTransportError(error: unknown): { error: TransportError; message: string } {
  const code = errorCode(error);
  const raw = error instanceof Error ? error.message : String(error);
  const detail = code && raw && !raw.includes(code) ? `${code}: ${raw}` : raw || code || 'unknown error';
  switch (code) {
    case 'ECONNREFUSED':
      return { error: 'ECONNREFUSED', message: `connection refused (${detail})` };
    case 'ECONNRESET':
    case 'EPIPE':
    case 'UND_ERR_SOCKET':
    case 'UND_ERR_CLOSED':
      return { error: 'ECONNRESET', message: `the connection closed before a complete answer (${detail})` };
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return { error: 'ENOTFOUND', message: `the host name does not resolve (${detail})` };
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
      return { error: 'EHOSTUNREACH', message: `the host is unreachable (${detail})` };
    case 'ETIMEDOUT':
    case 'UND_ERR_CONNECT_TIMEOUT':
    case 'UND_ERR_HEADERS_TIMEOUT':
    case 'UND_ERR_BODY_TIMEOUT':
      return { error: 'timeout', message: `timed out (${detail})` };
  }
  if (code && /^(ERR_TLS|ERR_SSL|CERT_|UNABLE_TO|DEPTH_ZERO|SELF_SIGNED|HOSTNAME_MISMATCH)/.test(code)) {
    return { error: 'tls', message: `TLS failed (${detail})` };
  }
  return { error: 'network', message: detail };
}

/**
 * One word for a failed API request, for the problem lines of the Vercel calls: `timed out`, the error code
 * (`ECONNREFUSED`) or a short message, without anything secret (undici errors carry no headers).
 */
export function briefTransportError(error: unknown): string {
  if (error instanceof Error) {
    if (error.name === 'TimeoutError' || (error as { code?: string }).code === 'UND_ERR_HEADERS_TIMEOUT') {
      return 'timed out';
    }
    const code = (error as { code?: unknown }).code;
    if (typeof code === 'string') return code;
    return untrusted(error.message, 120);
  }
  return 'unknown error';
}

function errorCode(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const record = error as { code?: unknown; cause?: unknown; errors?: unknown };
  if (typeof record.code === 'string') return record.code;
  // Happy-eyeballs connection attempts can fail as an AggregateError whose inner errors carry the code.
  if (Array.isArray(record.errors) && record.errors.length > 0) return errorCode(record.errors[0]);
  return record.cause ? errorCode(record.cause) : undefined;
}
