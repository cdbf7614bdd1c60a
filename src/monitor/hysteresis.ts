import type { Incident, RunRecord, TargetState } from '../history/types.js';
import type { Advance, IncidentEvent, Thresholds } from './types.js';

// A target's confirmed state moves only after enough runs agree (Gatus' failure-threshold and
// success-threshold), so a runner's blip or a flapping endpoint never opens an incident. Pure: the same
// state, record and thresholds always give the same answer, which is what makes two overlapping runs and the
// tests agree.

/**
 * The target's state after one more run, and the incident event that run caused, if any:
 * - `opened` once `failureThreshold` runs in a row failed (degraded or unhealthy) and no incident is open;
 * - `updated` when, while open, a failing run's status or reason differs from the incident's;
 * - `reminder` when, while open, a failing run comes `reminderIntervalMs` or more after the last notice;
 * - `resolved` once `successThreshold` runs in a row were healthy.
 * A first run ever starts from a healthy baseline, counting from this run. A record older than the last run
 * counted (a late run of an overlapping pair) changes nothing.
 */
/** How far ahead of a run a stored state may be before it is taken for a wrong clock (overlapping runs are minutes apart). */
const FUTURE_TOLERANCE_MS = 3_600_000;

export function advance(prev: TargetState | undefined, record: RunRecord, thresholds: Thresholds): Advance {
  checkThresholds(thresholds);
  // A state from the future (a clock that was wrong, a hand edit) would freeze the target for good: its time is
  // not believed, its confirmed state and incident are kept.
  const trusted =
    prev && prev.lastRunAt > record.at + FUTURE_TOLERANCE_MS ? { ...prev, lastRunAt: record.at } : prev;
  const base = trusted ?? baseline(record);
  if (trusted && record.at < trusted.lastRunAt) return { state: trusted };

  const failing = record.status !== 'healthy';
  const counted: TargetState = {
    ...base,
    target: record.target,
    url: record.url,
    consecutiveFailures: failing ? base.consecutiveFailures + 1 : 0,
    consecutiveSuccesses: failing ? 0 : base.consecutiveSuccesses + 1,
    lastRunAt: record.at,
    lastStatus: record.status,
    lastReason: record.reason,
  };
  const open = base.incident?.state === 'open' ? base.incident : undefined;
  return open ? whileOpen(counted, open, record, thresholds) : whileClosed(counted, record, thresholds);
}

/** No incident open: only a long enough run of failures opens one. */
function whileClosed(state: TargetState, record: RunRecord, thresholds: Thresholds): Advance {
  if (state.consecutiveFailures >= thresholds.failureThreshold) {
    const incident: Incident = {
      target: record.target,
      state: 'open',
      openedAt: record.at,
      status: record.status,
      reason: record.reason,
      message: record.message,
      lastNoticeAt: record.at,
    };
    return {
      state: { ...moved(state, record), incident },
      event: eventOf('opened', incident, record),
    };
  }
  // A confirmed failing state without an open incident (an older history) heals like any other.
  if (state.confirmed !== 'healthy' && state.consecutiveSuccesses >= thresholds.successThreshold) {
    return { state: { ...state, confirmed: 'healthy', since: record.at, incident: undefined } };
  }
  return { state: { ...state, incident: undefined } };
}

/** An incident is open: it resolves, changes, is reminded of, or stays as it is. */
function whileOpen(state: TargetState, open: Incident, record: RunRecord, thresholds: Thresholds): Advance {
  if (record.status === 'healthy') {
    if (state.consecutiveSuccesses < thresholds.successThreshold) return { state };
    const incident: Incident = { ...open, state: 'resolved', resolvedAt: record.at, lastNoticeAt: record.at };
    // The resolved incident travels in the event (and the history's incident list), not in the state: a
    // state's `incident` is the open one.
    return {
      state: { ...moved(state, record), incident: undefined },
      event: eventOf('resolved', incident, record),
    };
  }
  if (record.status !== open.status || record.reason !== open.reason) {
    const incident: Incident = {
      ...open,
      status: record.status,
      reason: record.reason,
      message: record.message,
      lastNoticeAt: record.at,
    };
    return {
      state: { ...moved(state, record), incident },
      event: {
        ...eventOf('updated', incident, record),
        previous: { status: open.status, reason: open.reason },
      },
    };
  }
  if (remindersOn(thresholds) && record.at - open.lastNoticeAt >= thresholds.reminderIntervalMs) {
    const incident: Incident = { ...open, message: record.message, lastNoticeAt: record.at };
    return { state: { ...state, incident }, event: eventOf('reminder', incident, record) };
  }
  return { state };
}

/** `confirmed` takes the run's status; `since` moves only when that is a change. */
function moved(state: TargetState, record: RunRecord): TargetState {
  return state.confirmed === record.status ? state : { ...state, confirmed: record.status, since: record.at };
}

/** Before any run: healthy, since this run, nothing counted yet. */
function baseline(record: RunRecord): TargetState {
  return {
    target: record.target,
    url: record.url,
    confirmed: 'healthy',
    since: record.at,
    consecutiveFailures: 0,
    consecutiveSuccesses: 0,
    lastRunAt: record.at,
    lastStatus: 'healthy',
    lastReason: 'ok',
  };
}

function eventOf(kind: IncidentEvent['kind'], incident: Incident, record: RunRecord): IncidentEvent {
  return { kind, target: record.target, incident, record };
}

/** A reminder interval of 0 (or less) turns reminders off rather than sending one every run. */
function remindersOn(thresholds: Thresholds): boolean {
  return thresholds.reminderIntervalMs > 0;
}

/** Settings validate these; a caller that builds them by hand gets told which input is wrong. */
function checkThresholds(thresholds: Thresholds): void {
  for (const [input, value] of [
    ['failure-threshold', thresholds.failureThreshold],
    ['success-threshold', thresholds.successThreshold],
  ] as const) {
    if (!Number.isInteger(value) || value < 1) {
      throw new RangeError(`\`${input}\` must be a whole number of runs, 1 or more; got ${value}.`);
    }
  }
  if (Number.isNaN(thresholds.reminderIntervalMs)) {
    throw new RangeError('`reminder-interval` must be a duration such as `24h`; got an invalid number.');
  }
}
