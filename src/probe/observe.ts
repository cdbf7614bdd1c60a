import type { Deps } from '../deps.js';
import type { Sample } from '../model.js';
import { formatDuration, untrusted } from '../util/text.js';
import { sampleHealth } from './index.js';
import type { ProbeSettings } from './probe-settings.js';

export interface ObserveSettings extends ProbeSettings {
  /** Length of the window, counted from the first definitive answer's start (0 = no window). */
  observeMs: number;
  /** Spacing of samples, start to start. */
  observeIntervalMs: number;
}

/**
 * The observation window: after the first definitive answer, one sample every `observeIntervalMs`, on a fixed
 * grid anchored at `firstAnswer.startedAt`, until `observeMs` has passed. The grid is start to start, so a
 * slow answer does not push later samples back (time-window rules see evenly spaced samples); an answer that
 * outlasts a slot skips that slot rather than firing a burst to catch up. No sample starts at or after the
 * end of the window. Cancellation ends the window at once with what it has. Never throws.
 */
export async function observeHealth(
  baseUrl: string,
  settings: ObserveSettings,
  deps: Deps,
  firstAnswer: Sample,
): Promise<Sample[]> {
  const samples: Sample[] = [];
  if (settings.observeMs <= 0 || deps.signal.aborted) return samples;
  const interval = Math.max(1, settings.observeIntervalMs);
  const anchor = firstAnswer.startedAt;
  const windowEnd = anchor + settings.observeMs;
  const slotAt = (slot: number) => anchor + slot * interval;

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
      break; // cancelled while waiting for the slot
    }
    // A clock that woke late must not start a sample past the end of the window.
    if (deps.signal.aborted || deps.clock.now() >= windowEnd) break;

    const sample = await sampleHealth(baseUrl, settings, deps);
    if (deps.signal.aborted && sample.error === 'cancelled') break; // not a sample of the deployment
    samples.push(sample);
    deps.logger.debug(`Observation sample ${samples.length}: ${describeSample(sample)}`);
    slot += 1;
  }
  return samples;
}

/** `HTTP 200 healthy in 45 ms`, `timeout after 5.0 s`: one short line per sample. */
function describeSample(sample: Sample): string {
  const took = formatDuration(sample.durationMs);
  if (sample.error) return `${untrusted(sample.error, 40)} after ${took}`;
  const status = sample.document ? ` ${sample.document.status}` : ' (no health document)';
  return `HTTP ${sample.httpStatus ?? '?'}${status} in ${took}`;
}
