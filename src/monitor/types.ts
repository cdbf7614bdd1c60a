import type { Incident, RunRecord, TargetState } from '../history/types.js';
import type { HealthStatus, Reason } from '../model/types.js';

/** When a target's confirmed state may change (Gatus' failure-threshold / success-threshold). */
export interface Thresholds {
  /** Consecutive failing runs before the confirmed state turns failing and an incident opens. */
  failureThreshold: number;
  /** Consecutive healthy runs before an open incident resolves. */
  successThreshold: number;
  /** At most one reminder per open incident per this (ms). */
  reminderIntervalMs: number;
}

/**
 * What a run did to a target's incident: `opened` (confirmed state turned failing), `updated` (status or reason
 * changed while open), `reminder` (still open after `reminderIntervalMs` since the last notice), `resolved`
 * (confirmed healthy again).
 */
export type IncidentEventKind = 'opened' | 'updated' | 'reminder' | 'resolved';

export interface IncidentEvent {
  kind: IncidentEventKind;
  target: string;
  /** The incident after this run (for `resolved`: with `resolvedAt`). */
  incident: Incident;
  /** The run that caused the event. */
  record: RunRecord;
  /** For `updated`: what the incident said before. */
  previous?: { status: HealthStatus; reason: Reason } | undefined;
}

/** Links an incident's notices carry. */
export interface IncidentLinks {
  /** This workflow run. */
  runUrl?: string | undefined;
  /** The dashboard's page of the target, when one is published. */
  dashboardUrl?: string | undefined;
}

/**
 * Where incidents are told: GitHub issues, Rollbar. Each returns the incident as it stands after telling it
 * (a GitHub reporter fills `incident.issue`). Never throws for remote trouble: a warning in the log, and the
 * incident as it was.
 */
export interface IncidentReporter {
  readonly name: string;
  report(event: IncidentEvent, links: IncidentLinks): Promise<Incident>;
}

/** A target's state after one run, and the incident event it caused, if any. */
export interface Advance {
  state: TargetState;
  event?: IncidentEvent | undefined;
}
