import type { Clock } from '../../model/deps.js';

/**
 * Runs one report's writes one after another, in the order the run produced them (create, each phase,
 * complete), without making the gate wait for GitHub: observer calls queue a write and return.
 */
export class SerialQueue {
  private tail: Promise<void> = Promise.resolve();

  push(task: () => Promise<void>): void {
    // Tasks report their own failures; a rejection here must not stop the tasks after it.
    this.tail = this.tail.then(task).catch(() => undefined);
  }

  /**
   * Resolves when every task queued so far has run, or after `maxMs` when given (a cancelled run's hurry).
   * True when the queue drained; false when tasks were left behind.
   */
  async idle(clock: Clock, maxMs?: number): Promise<boolean> {
    if (maxMs === undefined) {
      await this.tail;
      return true;
    }
    const stop = new AbortController();
    const drained = await Promise.race([
      this.tail.then(() => true),
      clock.sleep(maxMs, stop.signal).then(
        () => false,
        () => false,
      ),
    ]);
    stop.abort();
    return drained;
  }
}
