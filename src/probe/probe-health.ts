import { backoffDelay } from '../clients/backoff.js';
import type { Deps } from '../model/deps.js';
import type { Blame, ProbeOutcome, Sample } from '../model/types.js';
import { Deadline } from '../util/deadline.js';
import { formatDuration, untrusted } from '../util/text.js';
import { attemptHealth } from './attempt.js';
import type { RetryProblem } from './judge.js';
import {
  cancelledMessage,
  type GiveUpContext,
  invalidUrlMessage,
  keptFailingMessage,
  notFoundMessage,
  unreachableMessage,
} from './messages.js';
import { DEFAULT_PROBE_BACKOFF, NOT_FOUND_ATTEMPTS, type ProbeSettings } from './probe-settings.js';
import { joinDeploymentUrl } from './url.js';

/** Below this, one more attempt could not get an answer anyway; stopping beats a certain timeout sample. */
const MIN_USEFUL_ATTEMPT_MS = 100;

/**
 * Probes `${baseUrl}${healthPath}` until a definitive answer or the health timeout. Every attempt becomes a
 * Sample. Never throws: every ending, cancellation included, is an outcome.
 */
export async function probeHealth(
  baseUrl: string,
  settings: ProbeSettings,
  deps: Deps,
): Promise<ProbeOutcome> {
  const startedAt = deps.clock.now();
  const samples: Sample[] = [];
  const elapsed = () => deps.clock.now() - startedAt;
  let url: string;
  try {
    url = joinDeploymentUrl(baseUrl, settings.healthPath);
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    return {
      kind: 'failed',
      url: baseUrl,
      reason: 'unreachable',
      message: invalidUrlMessage(baseUrl, detail),
      samples,
      elapsedMs: 0,
    };
  }
  const shownUrl = untrusted(url, 200);
  const failed = (
    reason: Extract<ProbeOutcome, { kind: 'failed' }>['reason'],
    message: string,
    blame: Blame = 'gate',
  ): ProbeOutcome => ({
    kind: 'failed',
    url,
    reason,
    message,
    samples,
    elapsedMs: elapsed(),
    blame,
  });

  const deadline = new Deadline(deps.clock, settings.healthTimeoutMs);
  const policy = settings.backoff ?? DEFAULT_PROBE_BACKOFF;
  let notFoundInARow = 0;
  for (let attempt = 0; ; attempt++) {
    if (deps.signal.aborted) return failed('cancelled', cancelledMessage(shownUrl, samples.length));
    // health-timeout 0 means one attempt with the full request timeout; otherwise no request outlives the deadline.
    const timeoutMs =
      settings.healthTimeoutMs === 0
        ? settings.requestTimeoutMs
        : Math.max(1, Math.min(settings.requestTimeoutMs, deadline.remainingMs()));
    const { sample, verdict } = await attemptHealth(url, settings, deps, timeoutMs, attempt + 1);
    samples.push(sample);

    if (verdict.kind === 'answered') {
      return { kind: 'answered', url, document: verdict.document, samples, elapsedMs: elapsed() };
    }
    if (verdict.kind === 'failed') {
      return verdict.reason === 'cancelled'
        ? failed('cancelled', cancelledMessage(shownUrl, samples.length))
        : failed(verdict.reason, verdict.message);
    }

    const problem = verdict.problem;
    notFoundInARow = problem.type === 'not-found' ? notFoundInARow + 1 : 0;
    const giveUp = (note = '') => {
      const ctx: GiveUpContext = { url: shownUrl, attempts: samples.length, elapsedMs: elapsed(), settings };
      return failed(...giveUpReason(problem, ctx, note));
    };
    if (notFoundInARow >= NOT_FOUND_ATTEMPTS) return giveUp();

    const ownDelay = backoffDelay(attempt, policy, deps.random);
    const delay = Math.max(ownDelay, verdict.serverDelayMs ?? 0);
    const remaining = deadline.remainingMs();
    if (
      settings.healthTimeoutMs === 0 ||
      remaining - delay < Math.min(MIN_USEFUL_ATTEMPT_MS, settings.requestTimeoutMs)
    ) {
      const askedBeyond =
        verdict.serverDelayMs !== undefined && verdict.serverDelayMs > remaining
          ? ` The server asked to retry after ${formatDuration(verdict.serverDelayMs)} (Retry-After), beyond \`health-timeout\`.`
          : '';
      return giveUp(askedBeyond);
    }
    deps.logger.info(
      `Health endpoint ${problemSummary(problem)}; retrying in ${formatDuration(delay)}` +
        `${verdict.serverDelayMs !== undefined ? ' (as the server asked)' : ''} ` +
        `(attempt ${attempt + 2}, ${formatDuration(remaining)} left of health-timeout).`,
    );
    try {
      await deps.clock.sleep(delay, deps.signal);
    } catch {
      return failed('cancelled', cancelledMessage(shownUrl, samples.length));
    }
  }
}

/**
 * The verdict on an endpoint that never gave a definitive answer, and whose failure it shows. Only an HTTP
 * 5xx without JSON (a crashed function's error page, an empty 503) is the deployment's own answer that it is
 * broken; no answer at all (a timeout may be a `request-timeout` shorter than the app needs), a 404, a 429
 * (the runner is rate-limited) and a 5xx whose JSON breaks the expected format (the format may be the wrong
 * one) are the gate's inability to judge.
 */
function giveUpReason(
  problem: RetryProblem,
  ctx: GiveUpContext,
  note: string,
): ['unreachable' | 'not-found' | 'endpoint', string, Blame] {
  switch (problem.type) {
    case 'transport':
      return ['unreachable', unreachableMessage(ctx, `${problem.error} — ${problem.message}`, note), 'gate'];
    case 'not-found':
      return ['not-found', notFoundMessage(ctx), 'gate'];
    case 'http': {
      const blame = problem.status >= 500 && problem.bodyError === undefined ? 'deployment' : 'gate';
      return ['endpoint', keptFailingMessage(ctx, problem.status, problem.bodyError, note), blame];
    }
  }
}

/** For the retry log line; remote text already escaped where it was read. */
function problemSummary(problem: RetryProblem): string {
  switch (problem.type) {
    case 'transport':
      return `did not answer (${problem.error}: ${problem.message})`;
    case 'not-found':
      return 'answered HTTP 404 (a new deployment can briefly 404)';
    case 'http':
      return problem.status === 429
        ? 'answered HTTP 429 (too many requests)'
        : `answered HTTP ${problem.status} without a health document`;
  }
}
