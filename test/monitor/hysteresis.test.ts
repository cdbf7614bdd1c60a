import { describe, expect, it } from 'vitest';
import type { RunRecord, TargetState } from '../../src/history/types.js';
import type { HealthStatus, Reason } from '../../src/model/types.js';
import { advance } from '../../src/monitor/hysteresis.js';
import type { IncidentEvent, Thresholds } from '../../src/monitor/types.js';
import { HOUR, MINUTE, record, T0 } from '../sinks/incidents/records.js';

const DEFAULTS: Thresholds = { failureThreshold: 2, successThreshold: 2, reminderIntervalMs: 24 * HOUR };
const STATUS: Record<string, HealthStatus> = { H: 'healthy', D: 'degraded', U: 'unhealthy' };

/** A run: `H`, `D` or `U`, optionally with a reason (`U:unreachable`); runs are 5 minutes apart. */
type Step = string;

interface Played {
  /** `index:kind` of every event, in order. */
  events: string[];
  all: IncidentEvent[];
  states: TargetState[];
  final: TargetState;
}

function recordOf(step: Step, index: number): RunRecord {
  const [letter = 'H', reason] = step.split(':');
  const status = STATUS[letter];
  if (!status) throw new Error(`unknown step ${step}`);
  return record(status, T0 + index * 5 * MINUTE, reason ? { reason: reason as Reason } : {});
}

function play(steps: Step[], thresholds: Partial<Thresholds> = {}, from?: TargetState): Played {
  const t = { ...DEFAULTS, ...thresholds };
  let state = from;
  const events: string[] = [];
  const all: IncidentEvent[] = [];
  const states: TargetState[] = [];
  steps.forEach((step, i) => {
    const result = advance(state, recordOf(step, i), t);
    state = result.state;
    states.push(state);
    if (result.event) {
      events.push(`${i}:${result.event.kind}`);
      all.push(result.event);
    }
  });
  if (!state) throw new Error('no steps');
  return { events, all, states, final: state };
}

const seq = (text: string): Step[] => text.trim().split(/\s+/);

describe('advance: which runs cause which events', () => {
  const cases: Array<{ name: string; steps: string; thresholds?: Partial<Thresholds>; events: string[] }> = [
    { name: 'ten healthy runs', steps: 'H H H H H H H H H H', events: [] },
    { name: 'a one-run blip', steps: 'H U H H H', events: [] },
    { name: 'a one-run blip right at the start', steps: 'U H H', events: [] },
    { name: 'down from the very first run', steps: 'U U U', events: ['1:opened'] },
    {
      name: 'down from the first run, failure-threshold 1',
      steps: 'U',
      thresholds: { failureThreshold: 1 },
      events: ['0:opened'],
    },
    {
      name: 'an outage of three runs, then two healthy',
      steps: 'H U U U H H',
      events: ['2:opened', '5:resolved'],
    },
    { name: 'degraded counts as failing', steps: 'H D D H H', events: ['2:opened', '4:resolved'] },
    { name: 'degraded then unhealthy counts as one streak', steps: 'H D U', events: ['2:opened'] },
    { name: 'a change of status while open', steps: 'U U D D', events: ['1:opened', '2:updated'] },
    {
      name: 'a change back is another update',
      steps: 'U U D U',
      events: ['1:opened', '2:updated', '3:updated'],
    },
    {
      name: 'a change of reason while open',
      steps: 'U U U:unreachable U:unreachable',
      events: ['1:opened', '2:updated'],
    },
    { name: 'one healthy run does not resolve', steps: 'U U H U H U', events: ['1:opened'] },
    {
      name: 'a healthy streak broken by a failure starts over',
      steps: 'U U H D H H',
      thresholds: { successThreshold: 2 },
      events: ['1:opened', '3:updated', '5:resolved'],
    },
    {
      name: 'success-threshold 3',
      steps: 'U U H H U H H H',
      thresholds: { successThreshold: 3 },
      events: ['1:opened', '7:resolved'],
    },
    {
      name: 'failure-threshold 3 and a two-run dip',
      steps: 'H U U H U U U',
      thresholds: { failureThreshold: 3 },
      events: ['6:opened'],
    },
    {
      name: 'thresholds of 1 follow every run',
      steps: 'H U H D H',
      thresholds: { failureThreshold: 1, successThreshold: 1 },
      events: ['1:opened', '2:resolved', '3:opened', '4:resolved'],
    },
    {
      name: 'a second outage opens a second incident',
      steps: 'U U H H U U',
      events: ['1:opened', '3:resolved', '5:opened'],
    },
    {
      name: 'reminders every hour (runs every 5 minutes)',
      steps: Array(28).fill('U').join(' '),
      thresholds: { reminderIntervalMs: HOUR },
      events: ['1:opened', '13:reminder', '25:reminder'],
    },
    {
      name: 'an update restarts the reminder clock',
      steps: `U U ${Array(12).fill('U').join(' ')} D`,
      thresholds: { reminderIntervalMs: HOUR },
      events: ['1:opened', '13:reminder', '14:updated'],
    },
    {
      name: 'no reminder on a healthy run inside the success threshold',
      steps: `U U ${Array(11).fill('U').join(' ')} H U`,
      thresholds: { reminderIntervalMs: HOUR, successThreshold: 2 },
      events: ['1:opened', '14:reminder'],
    },
    {
      name: 'reminder-interval 0 turns reminders off',
      steps: 'U U U U U',
      thresholds: { reminderIntervalMs: 0 },
      events: ['1:opened'],
    },
  ];
  it.each(cases)('$name', ({ steps, thresholds, events }) => {
    expect(play(seq(steps), thresholds).events).toEqual(events);
  });

  it('flapping inside the thresholds for 200 runs opens nothing', () => {
    const flapping = Array.from({ length: 200 }, (_, i) => (i % 2 ? 'U' : 'H'));
    expect(play(flapping).events).toEqual([]);
    const dThenU = Array.from({ length: 200 }, (_, i) => ['H', 'D', 'H', 'U'][i % 4] as string);
    expect(play(dThenU).events).toEqual([]);
    const played = play(flapping, { failureThreshold: 3, successThreshold: 3 });
    expect(played.events).toEqual([]);
    expect(played.final.confirmed).toBe('healthy');
  });

  it('flapping while an incident is open neither resolves nor updates it', () => {
    const steps = ['U', 'U', ...Array.from({ length: 60 }, (_, i) => (i % 2 ? 'U' : 'H'))];
    const played = play(steps);
    expect(played.events).toEqual(['1:opened']);
    expect(played.final.confirmed).toBe('unhealthy');
    expect(played.final.incident?.state).toBe('open');
  });
});

describe('advance: the state it keeps', () => {
  it('starts a first run from a healthy baseline counted from that run', () => {
    const { state, event } = advance(undefined, record('unhealthy', T0), DEFAULTS);
    expect(event).toBeUndefined();
    expect(state).toEqual({
      target: 'shop',
      url: 'https://shop.example.com',
      confirmed: 'healthy',
      since: T0,
      consecutiveFailures: 1,
      consecutiveSuccesses: 0,
      lastRunAt: T0,
      lastStatus: 'unhealthy',
      lastReason: 'endpoint',
    });
    const healthy = advance(undefined, record('healthy', T0), DEFAULTS).state;
    expect(healthy).toMatchObject({ confirmed: 'healthy', consecutiveFailures: 0, consecutiveSuccesses: 1 });
  });

  it('moves `since` only when the confirmed status changes', () => {
    const { states } = play(seq('H H U U U D D H H H'));
    const since = states.map((s) => (s.since - T0) / (5 * MINUTE));
    // Confirmed: healthy ×3, unhealthy at run 3, degraded at run 5, healthy again at run 8.
    expect(states.map((s) => s.confirmed)).toEqual([
      'healthy',
      'healthy',
      'healthy',
      'unhealthy',
      'unhealthy',
      'degraded',
      'degraded',
      'degraded',
      'healthy',
      'healthy',
    ]);
    expect(since).toEqual([0, 0, 0, 3, 3, 5, 5, 5, 8, 8]);
  });

  it('opens with the confirming run, updates with the previous words, resolves with a duration', () => {
    const { all, final } = play(seq('H U U D:unreachable D:unreachable H H'));
    const [opened, updated, resolved] = all;
    expect(opened?.kind).toBe('opened');
    expect(opened?.incident).toEqual({
      target: 'shop',
      state: 'open',
      openedAt: T0 + 10 * MINUTE,
      status: 'unhealthy',
      reason: 'endpoint',
      message: 'The health endpoint reports unhealthy: database failing.',
      lastNoticeAt: T0 + 10 * MINUTE,
    });
    expect(opened?.record.at).toBe(T0 + 10 * MINUTE);
    expect(updated?.kind).toBe('updated');
    expect(updated?.previous).toEqual({ status: 'unhealthy', reason: 'endpoint' });
    expect(updated?.incident).toMatchObject({
      status: 'degraded',
      reason: 'unreachable',
      lastNoticeAt: T0 + 15 * MINUTE,
    });
    expect(resolved?.kind).toBe('resolved');
    expect(resolved?.incident).toMatchObject({
      state: 'resolved',
      openedAt: T0 + 10 * MINUTE,
      resolvedAt: T0 + 30 * MINUTE,
      status: 'degraded',
    });
    const { openedAt, resolvedAt = 0 } = resolved?.incident ?? { openedAt: 0 };
    expect(resolvedAt - openedAt).toBe(20 * MINUTE);
    expect(final.incident).toBeUndefined();
    expect(final.confirmed).toBe('healthy');
  });

  it('keeps the incident (and its issue) in the state while it is open', () => {
    const opened = play(seq('U U')).final;
    const withIssue: TargetState = {
      ...opened,
      incident: opened.incident && {
        ...opened.incident,
        issue: { number: 7, url: 'https://github.com/acme/shop/issues/7' },
      },
    };
    const next = advance(withIssue, record('unhealthy', T0 + 10 * MINUTE), DEFAULTS);
    expect(next.event).toBeUndefined();
    expect(next.state.incident?.issue?.number).toBe(7);
    const changed = advance(next.state, record('degraded', T0 + 15 * MINUTE), DEFAULTS);
    expect(changed.event?.incident.issue?.number).toBe(7);
  });

  it('a reminder carries the latest message and moves lastNoticeAt', () => {
    const { all } = play(Array(14).fill('U'), { reminderIntervalMs: HOUR });
    const reminder = all.find((e) => e.kind === 'reminder');
    expect(reminder?.incident.lastNoticeAt).toBe(T0 + 65 * MINUTE);
    expect(reminder?.incident.openedAt).toBe(T0 + 5 * MINUTE);
  });

  it('ignores a record older than the last run counted (a late run of an overlapping pair)', () => {
    const { final } = play(seq('H U'));
    const late = advance(final, record('unhealthy', T0 + 2 * MINUTE), DEFAULTS);
    expect(late.state).toBe(final);
    expect(late.event).toBeUndefined();
  });

  it('heals a confirmed failing state that has no incident (an older history) without an event', () => {
    const stray: TargetState = { ...play(seq('H')).final, confirmed: 'unhealthy', since: T0 };
    const { events, final } = play(seq('H H'), {}, { ...stray, lastRunAt: T0 - MINUTE });
    expect(events).toEqual([]);
    expect(final.confirmed).toBe('healthy');
  });

  it('says which input is wrong for thresholds below 1', () => {
    expect(() => advance(undefined, record('healthy', T0), { ...DEFAULTS, failureThreshold: 0 })).toThrow(
      /`failure-threshold` must be a whole number of runs, 1 or more; got 0/,
    );
    expect(() => advance(undefined, record('healthy', T0), { ...DEFAULTS, successThreshold: 1.5 })).toThrow(
      /`success-threshold`/,
    );
  });
});
