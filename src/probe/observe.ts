import type { Deps } from '../model/deps.js';
import type { HealthDocument, Sample } from '../model/types.js';
import { formatDuration, untrusted } from '../util/text.js';
import { sampleHealth } from './index.js';
import type { ProbeSettings } from './probe-settings.js';

export interface ObserveSettings extends ProbeSettings {
  /** Length of the window, counted from the first definitive answer's start (0 = no window). */
  observeMs: number;
  /** Spacing of samples, start to start. */
  observeIntervalMs: number;
}

/** What the observation window saw. */
export interface Observation {
  /** The window's samples in order, the first answer not included. None keeps its health document. */
  samples: Sample[];
  /**
   * The health document of the window's last understood answer: the only document the window keeps, so memory
   * does not grow with `observe` however large the endpoint's answers are.
   */
  lastDocument: HealthDocument | undefined;
  /**
   * Set when a cancel (SIGINT/SIGTERM: a user's cancel, `timeout-minutes`) ended the window before its end. The
   * deployment was not observed for as long as asked, so what the window saw is no verdict on it.
   */
  cancelled?: { message: string } | undefined;
}

/**
 * The observation window: after the first definitive answer, one sample every `observeIntervalMs`, on a fixed
 * grid anchored at `firstAnswer.startedAt`, until `observeMs` has passed. The grid is start to start, so a
 * slow answer does not push later samples back (time-window rules see evenly spaced samples); an answer that
 * outlasts a slot skips that slot rather than firing a burst to catch up. No sample starts at or after the
 * end of the window. Cancellation ends the window at once with what it has, marked `cancelled`. Only the
 * latest understood document is kept. Never throws.
 */
export async function observeHealth(
  baseUrl: string,
  settings: ObserveSettings,
  deps: Deps,
  firstAnswer: Sample,
): Promise<Observation> {
  const samples: Sample[] = [];
  let lastDocument: HealthDocument | undefined;
  if (settings.observeMs <= 0) return { samples, lastDocument };
  const interval = Math.max(1, settings.observeIntervalMs);
  const anchor = firstAnswer.startedAt;
  const windowEnd = anchor + settings.observeMs;
  const slotAt = (slot: number) => anchor + slot * interval;
  const cutShort = (): Observation => ({
    samples,
    lastDocument,
    cancelled: {
      message: windowCancelledMessage(deps.clock.now() - anchor, settings.observeMs, samples.length + 1),
    },
  });
  if (deps.signal.aborted) return cutShort();

  deps.logger.info(
    `Observing the health endpoint for ${formatDuration(settings.observeMs)}, one sample every ` +
      `${formatDuration(interval)} (\`observe\`, \`observe-interval\`).`,
  );

  let slot = 1;
  for (;;) {
    // The first slot that has not passed yet; slots missed while a slow answer was pending are dropped.
    const now = deps.clock.now();
    const missed = Math.max(0, Math.ceil((now - anchor) / interval) - slot);
    if (missed > 0) {
      deps.logger.debug(
        `Observation: skipped ${missed} sample slot(s); the previous answer took longer than the interval.`,
      );
      slot += missed;
    }
    const startAt = slotAt(slot);
    if (startAt >= windowEnd) break;
    try {
      await deps.clock.sleep(Math.max(0, startAt - deps.clock.now()), deps.signal);
    } catch {
      return cutShort(); // cancelled while waiting for the slot
    }
    if (deps.signal.aborted) return cutShort();
    // A clock that woke late must not start a sample past the end of the window.
    if (deps.clock.now() >= windowEnd) break;

    const { sample, document } = await sampleHealth(baseUrl, settings, deps);
    if (deps.signal.aborted && sample.error === 'cancelled') return cutShort(); // not a sample of the deployment
    samples.push(sample);
    // Only the newest document is kept: the deployment is judged by the window's last understood answer.
    if (document) lastDocument = document;
    deps.logger.debug(`Observation sample ${samples.length}: ${describeSample(sample)}`);
    slot += 1;
  }
  return { samples, lastDocument };
}

/**
 * What a cancel inside the window means, and what to do. `samples` counts the window's answers, the first
 * answer included.
 */
export function windowCancelledMessage(elapsedMs: number, observeMs: number, samples: number): string {
  return (
    `The run was cancelled ${formatDuration(Math.max(0, elapsedMs))} into the ${formatDuration(observeMs)} ` +
    `observation window (\`observe\`) after ${samples} sample${samples === 1 ? '' : 's'}; the deployment was ` +
    'not fully checked, so the gate does not pass it. Re-run the job to check the deployment.'
  );
}

/** `HTTP 200 healthy in 45 ms`, `timeout after 5.0 s`: one short line per sample. */
function describeSample(sample: Sample): string {
  const took = formatDuration(sample.durationMs);
  if (sample.error) return `${untrusted(sample.error, 40)} after ${took}`;
  const status = sample.status ? ` ${sample.status}` : ' (no health document)';
  return `HTTP ${sample.httpStatus ?? '?'}${status} in ${took}`;
}
