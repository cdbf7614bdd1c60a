import type { Deps } from '../model/deps.js';
import type { HealthDocument, Sample } from '../model/types.js';
import { untrusted } from '../util/text.js';
import { attemptHealth } from './attempt.js';
import type { ProbeSettings } from './probe-settings.js';
import { joinDeploymentUrl } from './url.js';

export { deploymentHeaders } from './headers.js';
export type { HttpAnswer, HttpFailure, RequestDeploymentOptions } from './http.js';
export { MAX_BODY_BYTES, requestDeployment } from './http.js';
export { probeHealth } from './probe-health.js';
export type { ProbeSettings } from './probe-settings.js';
export { joinDeploymentUrl } from './url.js';

/** One sample of the observation window, and the health document its answer carried, if it was understood. */
export interface HealthSample {
  /** Timings, HTTP status or transport error, and the status the answer claimed (no document). */
  sample: Sample;
  /** Set only when the answer was a definitive health answer; the caller keeps it only as long as it needs. */
  document?: HealthDocument | undefined;
}

/**
 * One more sample (for the observation window): a single request with the request timeout, no retries.
 * `document` (and `sample.status`) are set only when the answer was a definitive health answer. Never throws.
 */
export async function sampleHealth(
  baseUrl: string,
  settings: ProbeSettings,
  deps: Deps,
): Promise<HealthSample> {
  let url: string;
  try {
    url = joinDeploymentUrl(baseUrl, settings.healthPath);
  } catch (error) {
    const detail = untrusted(error instanceof Error ? error.message : String(error), 100);
    deps.logger.debug(`Health sample skipped: the deployment URL is not usable (${detail}).`);
    return { sample: { startedAt: deps.clock.now(), durationMs: 0, error: 'network' } };
  }
  const { sample, verdict } = await attemptHealth(url, settings, deps, settings.requestTimeoutMs, 1);
  return verdict.kind === 'answered' ? { sample, document: verdict.document } : { sample };
}
