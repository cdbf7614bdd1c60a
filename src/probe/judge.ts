import { serverRequestedDelay } from '../clients/retry-after.js';
import type { TransportError } from '../clients/transport-error.js';
import { interpret, readHealthAnswer } from '../formats/index.js';
import { formatNamed } from '../formats/registry.js';
import type { HealthDocument, HealthFormatName, HealthStatus } from '../model/types.js';
import type { HttpAnswer, HttpFailure } from './http.js';
import { MAX_BODY_BYTES } from './http.js';
import {
  authRequiredMessage,
  brokenBodyMessage,
  crossOriginMessage,
  firewallMessage,
  loginRedirectMessage,
  protectedMessage,
  redirectFailureMessage,
  tooLargeMessage,
} from './messages.js';
import { sameDeployment } from './url.js';

/** Why an attempt is worth repeating; the last one becomes the message if the deadline comes first. */
export type RetryProblem =
  | { type: 'transport'; error: TransportError; message: string }
  | { type: 'not-found' }
  /** 429, or 5xx without a valid health body (a 502 from the edge, a 500 HTML page, a cold start). */
  | { type: 'http'; status: number; bodyError?: string | undefined };

export type AttemptVerdict =
  | { kind: 'answered'; document: HealthDocument }
  | { kind: 'failed'; reason: 'protected' | 'endpoint' | 'cancelled'; message: string }
  | { kind: 'retry'; problem: RetryProblem; serverDelayMs?: number | undefined };

export interface JudgeContext {
  /** The health URL as shown in messages (escaped). */
  shownUrl: string;
  url: string;
  format: HealthFormatName | 'auto';
  /** A bypass secret is configured (whether it reached the answering host is on the answer). */
  bypassConfigured: boolean;
  nowMs: number;
}

/**
 * One attempt's meaning. Definitive: a redirect away from the deployment's origin (`endpoint`, or `protected`
 * for Vercel's login) whatever the other origin answers, a valid health body (whatever its status, 503
 * unhealthy included), any answer under `status-code`, protection, a broken or oversized body. Worth repeating: transport errors,
 * 429, 5xx without a valid body, and 404 (a brand-new deployment can briefly 404; the loop bounds that).
 */
export function judgeAttempt(result: HttpAnswer | HttpFailure, ctx: JudgeContext): AttemptVerdict {
  if (!result.ok) {
    if (result.error === 'cancelled') return { kind: 'failed', reason: 'cancelled', message: result.message };
    if (result.error === 'redirect') {
      return {
        kind: 'failed',
        reason: 'endpoint',
        message: redirectFailureMessage(ctx.shownUrl, result.message),
      };
    }
    return { kind: 'retry', problem: { type: 'transport', error: result.error, message: result.message } };
  }

  const status = result.status;
  // Only the deployment itself can answer for its health. A redirect that leaves its origin (middleware
  // sending a preview to the production domain, a login page) is the deployment's answer, and not a healthy
  // one — whatever the other origin says, even a valid health document.
  if (!sameDeployment(ctx.url, result.finalUrl)) {
    if (isVercelLogin(result.finalUrl)) {
      return {
        kind: 'failed',
        reason: 'protected',
        message: loginRedirectMessage(ctx.shownUrl, result.finalUrl),
      };
    }
    return {
      kind: 'failed',
      reason: 'endpoint',
      message: crossOriginMessage(ctx.shownUrl, result.finalUrl, status, claimedStatus(result, ctx)),
    };
  }
  if (result.truncated && !judgesByStatusOnly(ctx.format)) {
    return {
      kind: 'failed',
      reason: 'endpoint',
      message: tooLargeMessage(ctx.shownUrl, status, MAX_BODY_BYTES),
    };
  }
  const answer = readHealthAnswer(status, result.contentType, result.body);
  const meaning = interpret(answer, ctx.format);
  if (meaning.kind === 'document' && !meaning.bodyIgnored)
    return { kind: 'answered', document: meaning.document };

  if (status === 401 || status === 403) return judgeRefusal(result, ctx);
  const serverDelayMs = serverRequestedDelay(result.headers, ctx.nowMs);
  if (status === 429) return { kind: 'retry', problem: { type: 'http', status }, serverDelayMs };
  if (status === 404) return { kind: 'retry', problem: { type: 'not-found' }, serverDelayMs };
  if (status >= 500 && !judgesByStatusOnly(ctx.format)) {
    const bodyError = meaning.kind === 'broken' && answer.json.kind !== 'absent' ? meaning.error : undefined;
    return { kind: 'retry', problem: { type: 'http', status, bodyError }, serverDelayMs };
  }
  if (meaning.kind === 'broken') {
    return {
      kind: 'failed',
      reason: 'endpoint',
      message: brokenBodyMessage(ctx.shownUrl, status, meaning.format, meaning.error),
    };
  }
  return { kind: 'answered', document: meaning.document };
}

/**
 * 401/403 without a health body. Vercel's protection answers with an HTML page (or its firewall with
 * `x-vercel-mitigated`); a JSON or empty refusal comes from the app itself and needs different advice.
 */
function judgeRefusal(result: HttpAnswer, ctx: JudgeContext): AttemptVerdict {
  const mitigated = result.headers['x-vercel-mitigated'];
  if (mitigated !== undefined && String(mitigated).includes('challenge')) {
    return { kind: 'failed', reason: 'protected', message: firewallMessage(ctx.shownUrl, result.status) };
  }
  const html = /html/i.test(result.contentType ?? '') || result.body.trimStart().startsWith('<');
  if (html) {
    const bypassSent = ctx.bypassConfigured && result.scopedHeadersSent;
    return {
      kind: 'failed',
      reason: 'protected',
      message: protectedMessage(ctx.shownUrl, result.status, bypassSent),
    };
  }
  return { kind: 'failed', reason: 'endpoint', message: authRequiredMessage(ctx.shownUrl, result.status) };
}

/** What a foreign origin's answer claimed, for the message only (it never counts). */
function claimedStatus(result: HttpAnswer, ctx: JudgeContext): HealthStatus | undefined {
  if (result.truncated) return undefined;
  const meaning = interpret(readHealthAnswer(result.status, result.contentType, result.body), ctx.format);
  return meaning.kind === 'document' && !meaning.bodyIgnored ? meaning.document.status : undefined;
}

function isVercelLogin(finalUrl: string): boolean {
  try {
    const host = new URL(finalUrl).hostname;
    return host === 'vercel.com' || host.endsWith('.vercel.com');
  } catch {
    return false;
  }
}

/** A format that judges by the HTTP code alone takes an oversized body or a 5xx as its answer, not as trouble. */
function judgesByStatusOnly(format: JudgeContext['format']): boolean {
  return format !== 'auto' && formatNamed(format).ignoresBody === true;
}
