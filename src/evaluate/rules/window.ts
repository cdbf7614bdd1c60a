import type { Sample } from '../../model/types.js';

/** What the action measured over the health samples of a time window. */
export interface WindowStats {
  /** Samples in the window. */
  samples: number;
  /** Of those, the ones that got an HTTP answer (any status). */
  answered: number;
  /** Of those, the ones that count as errors: transport error, timeout, or HTTP ≥ 500. */
  errors: number;
  /**
   * Of the errors, the HTTP ≥ 500 answers: the deployment's own failures. The rest (no answer, a timeout, a
   * redirect away) may be the runner's network or a `request-timeout` shorter than the app needs.
   */
  serverErrors: number;
  avgMs?: number | undefined;
  p95Ms?: number | undefined;
  maxMs?: number | undefined;
  /** Percent of `samples` that were errors. */
  errorRate?: number | undefined;
  /** From the start of the first sample in the window to the end of the last one. */
  observedMs: number;
}

/**
 * The samples from the first definitive answer onward that started within `windowSeconds` before `now`
 * (all of them without a window).
 *
 * Samples before `firstAnswerIndex` are the probe's warm-up retries: a fresh deployment answers 404/502 or
 * drops connections for a few seconds, and the probe retries until it answers for real. Counting those
 * would make `error_rate` (and the response times) measure the cold start the gate exists to wait out, so
 * every deployment would "spike"; whether the endpoint answered at all is judged by the probe itself.
 */
export function windowSamples(
  samples: readonly Sample[],
  firstAnswerIndex: number,
  now: number,
  windowSeconds?: number,
): Sample[] {
  const from = Math.min(Math.max(0, firstAnswerIndex), samples.length);
  const after = samples.slice(from);
  if (windowSeconds === undefined) return after;
  const since = now - windowSeconds * 1000;
  return after.filter((sample) => sample.startedAt >= since);
}

export function windowStats(window: readonly Sample[]): WindowStats {
  const answered = window.filter((s) => s.httpStatus !== undefined);
  const errors = window.filter((s) => s.error !== undefined || (s.httpStatus ?? 0) >= 500).length;
  const serverErrors = window.filter((s) => s.error === undefined && (s.httpStatus ?? 0) >= 500).length;
  const durations = answered.map((s) => s.durationMs).sort((a, b) => a - b);
  const first = Math.min(...window.map((s) => s.startedAt));
  const last = Math.max(...window.map((s) => s.startedAt + s.durationMs));
  return {
    samples: window.length,
    answered: answered.length,
    errors,
    serverErrors,
    avgMs: durations.length ? durations.reduce((sum, d) => sum + d, 0) / durations.length : undefined,
    // Nearest rank: the smallest duration at or above which 95 % of the answers lie.
    p95Ms: durations.length ? durations[Math.ceil(0.95 * durations.length) - 1] : undefined,
    maxMs: durations.length ? durations[durations.length - 1] : undefined,
    errorRate: window.length ? (errors / window.length) * 100 : undefined,
    observedMs: window.length ? Math.max(0, last - first) : 0,
  };
}
