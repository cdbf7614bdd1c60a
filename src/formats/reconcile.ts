import { type HealthFormatName, type HealthStatus, worse } from '../model/types.js';
import { codeBodyWarning } from './verdict-warnings.js';

/**
 * The HTTP code and the body each say something about health; the worse one wins, and a disagreement is
 * reported, because either the endpoint or whatever sits in front of it is lying.
 */
export function reconcile(
  format: Exclude<HealthFormatName, 'status-code'>,
  bodyStatus: HealthStatus,
  httpStatus: number,
): { status: HealthStatus; warning?: string } {
  const { implied, agrees } = codeMeaning(format, httpStatus);
  const status = worse(bodyStatus, implied);
  if (agrees.includes(bodyStatus)) return { status };
  return {
    status,
    warning: codeBodyWarning({
      httpStatus,
      bodyStatus,
      status,
      format,
      expectedCodes: expectedCodes(format, bodyStatus),
    }),
  };
}

function codeMeaning(format: string, code: number): { implied: HealthStatus; agrees: HealthStatus[] } {
  const ok = code >= 200 && code < 400;
  if (format === 'hemera') {
    // The Hemera format: 200 healthy, 206 degraded, 503 unhealthy.
    if (code === 206) return { implied: 'degraded', agrees: ['degraded'] };
    if (ok) return { implied: 'healthy', agrees: ['healthy'] };
    return { implied: 'unhealthy', agrees: ['unhealthy'] };
  }
  // The IETF draft: pass and warn answer 2xx–3xx, fail answers 4xx–5xx.
  if (ok) return { implied: 'healthy', agrees: ['healthy', 'degraded'] };
  return { implied: 'unhealthy', agrees: ['unhealthy'] };
}

function expectedCodes(format: string, status: HealthStatus): string {
  if (format === 'hemera')
    return status === 'healthy' ? 'HTTP 200' : status === 'degraded' ? 'HTTP 206' : 'HTTP 503';
  return status === 'unhealthy' ? 'HTTP 4xx–5xx' : 'HTTP 2xx–3xx';
}
