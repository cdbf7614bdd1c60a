import { describe, expect, it } from 'vitest';
import { graceAfter } from '../../src/clients/grace.js';
import { abortableSleep, systemClock } from '../../src/util/clock.js';

describe('graceAfter', () => {
  it('lets work in flight at cancel go on for the grace, then aborts with the run’s reason', async () => {
    const run = new AbortController();
    const grace = graceAfter(run.signal, 40, { clock: systemClock });
    run.abort(new Error('received SIGTERM'));
    expect(grace.signal.aborted).toBe(false);
    await abortableSleep(80);
    expect(grace.signal.aborted).toBe(true);
    expect((grace.signal.reason as Error).message).toBe('received SIGTERM');
    grace.dispose();
  });

  it('on a real timer, with the reason the caller gives', async () => {
    const run = new AbortController();
    const grace = graceAfter(run.signal, 20, { reason: () => new Error('grace over') });
    run.abort();
    await abortableSleep(60);
    expect((grace.signal.reason as Error).message).toBe('grace over');
  });

  it('never ends when the run had already been cancelled (the caller sets the short limit)', async () => {
    const run = new AbortController();
    run.abort();
    const grace = graceAfter(run.signal, 10);
    await abortableSleep(40);
    expect(grace.signal.aborted).toBe(false);
  });

  it('stops watching once disposed', async () => {
    const run = new AbortController();
    const grace = graceAfter(run.signal, 10, { clock: systemClock });
    run.abort();
    grace.dispose();
    await abortableSleep(40);
    expect(grace.signal.aborted).toBe(false);
  });
});
