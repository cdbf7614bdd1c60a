import type { Deps } from '../model/deps.js';
import type { Sample } from '../model/types.js';
import { formatDuration, untrusted } from '../util/text.js';
import { deploymentHeaders } from './headers.js';
import { requestDeployment } from './http.js';
import { type AttemptVerdict, judgeAttempt } from './judge.js';
import type { ProbeSettings } from './probe-settings.js';
import { sameDeployment } from './url.js';

export interface AttemptResult {
  sample: Sample;
  verdict: AttemptVerdict;
}

/** One GET of the health endpoint: the request, its sample, its meaning, and one debug line. */
export async function attemptHealth(
  url: string,
  settings: ProbeSettings,
  deps: Deps,
  timeoutMs: number,
  attemptNumber: number,
): Promise<AttemptResult> {
  const startedAt = deps.clock.now();
  const result = await requestDeployment({
    url,
    scopedHeaders: deploymentHeaders(settings),
    timeoutMs,
    dispatcher: deps.dispatcher,
    signal: deps.signal,
  });
  const finishedAt = deps.clock.now();
  const durationMs = Math.max(0, finishedAt - startedAt);
  const shownUrl = untrusted(url, 200);
  const verdict = judgeAttempt(result, {
    url,
    shownUrl,
    format: settings.healthFormat,
    bypassConfigured: Boolean(settings.protectionBypass),
    nowMs: finishedAt,
  });
  // An answer from another origin is not the deployment's: for time-window rules it is a failed request.
  const sample: Sample = !result.ok
    ? { startedAt, durationMs, error: result.error }
    : !sameDeployment(url, result.finalUrl)
      ? { startedAt, durationMs, error: 'redirect' }
      : {
          startedAt,
          durationMs,
          httpStatus: result.status,
          status: verdict.kind === 'answered' ? verdict.document.status : undefined,
        };

  const outcome = result.ok
    ? `HTTP ${result.status} (${untrusted(result.contentType ?? 'no content type', 60)}, ` +
      `${Buffer.byteLength(result.body)} bytes${result.truncated ? ', truncated' : ''}` +
      `${result.redirects > 0 ? `, after ${result.redirects} redirect(s) to ${untrusted(result.finalUrl, 120)}` : ''})`
    : `${result.error}: ${result.message}`;
  deps.logger.debug(
    `Health probe attempt ${attemptNumber}: GET ${shownUrl} → ${outcome} in ${formatDuration(durationMs)} → ${verdict.kind}`,
  );
  return { sample, verdict };
}
