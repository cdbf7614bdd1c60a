import type { BackoffPolicy } from '../clients/backoff.js';
import type { HealthFormatName } from '../model/types.js';

/** The part of the action's settings the probe reads (the full `Settings` fits this shape). */
export interface ProbeSettings {
  healthPath: string;
  healthFormat: 'auto' | HealthFormatName;
  headers: Array<[string, string]>;
  protectionBypass: string | undefined;
  requestTimeoutMs: number;
  /** Wall-clock limit for a definitive answer; 0 → exactly one attempt. */
  healthTimeoutMs: number;
  /** Retry spacing; tests and the bench pass shorter ones. */
  backoff?: BackoffPolicy | undefined;
}

/** A fresh deployment warms up in seconds; retries start soon and settle at a polite pace. */
export const DEFAULT_PROBE_BACKOFF: BackoffPolicy = { initialMs: 500, factor: 2, maxMs: 10_000, jitter: 0.5 };

/** A brand-new deployment can answer 404 for a moment; after this many 404s in a row the path is wrong. */
export const NOT_FOUND_ATTEMPTS = 4;
