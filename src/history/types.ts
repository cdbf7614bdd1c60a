// The monitor's history: what one run saw, roll-ups, deployment markers, incidents and each target's confirmed
// state. Shared by the monitor, the gate's deployment markers and the dashboard; the stores (dir, branch) keep it.
import type { HealthStatus, Reason, ServiceStatus } from '../model/types.js';

export const HISTORY_SCHEMA_VERSION = 1;

/** One monitor run's look at one target: what a scheduled check saw. Raw records are kept 48 h. */
export interface RunRecord {
  /** Unique per run and target (`<runId>-<attempt>-<target>` or a random id for the CLI): merge key. */
  id: string;
  target: string;
  /** When the run's first sample started (ms since epoch). */
  at: number;
  url: string;
  deploymentId?: string | undefined;
  sha?: string | undefined;
  /** This run's verdict (not the confirmed state). */
  status: HealthStatus;
  reason: Reason;
  message: string;
  /** Each health request: start, duration, HTTP status, ok = understood and not unhealthy / no transport error. */
  samples: { at: number; ms: number; http?: number | undefined; ok: boolean }[];
  services: {
    key: string;
    name: string;
    status: ServiceStatus;
    ms?: number | undefined;
    detail?: string | undefined;
  }[];
  /** Triggered rules and failed checklist items, by id, with their status. */
  findings: {
    source: 'endpoint' | 'rule' | 'anomaly' | 'checklist';
    id: string;
    title: string;
    status: HealthStatus;
  }[];
  /**
   * The run's extended metrics (numeric service details, the body's `metrics`, health+json observed values)
   * by their rule names (`database_poolUsage`, `metrics_cpu`), bounded in number: what baseline and anomaly
   * rules on those metrics read back. Absent in records written before they existed.
   */
  metrics?: Record<string, number> | undefined;
  runUrl?: string | undefined;
}

/** Fixed log-spaced latency buckets (ms upper bounds); the last is +Infinity. Mergeable by adding counts. */
export type Histogram = number[];

/** An hourly or daily roll-up of one target: mergeable by summing. */
export interface RollUp {
  /** Start of the hour/day (ms since epoch, UTC). */
  start: number;
  runs: number;
  failedRuns: number;
  /** Worst run status in the bucket. */
  worst: HealthStatus;
  samples: number;
  errors: number;
  latency: { min: number; mean: number; max: number; histogram: Histogram } | null;
  /**
   * Per metric (`avg_response_time`, `p95_response_time`, `max_response_time`, `metrics_cpu`…): the runs
   * that had a value and the mean of their values, each run's value taken as anomaly rules take it
   * (src/baselines/series.ts). The hour-of-day profile of anomaly rules reads these. Not kept: a service's
   * response time (`services[key].meanMs` is that mean) and `error_rate` (no profile reads it). Absent in
   * roll-ups written before they existed.
   */
  values?: Record<string, { n: number; mean: number }> | undefined;
  /** Per service: runs seen, failing runs, mean response time. */
  services: Record<
    string,
    {
      runs: number;
      failed: number;
      meanMs?: number | undefined;
      /** Runs that reported a response time: the weight of `meanMs` when roll-ups merge. */
      msRuns?: number | undefined;
    }
  >;
}

/** A deployment marker: a deployment started serving this target (monitor saw a new id) or a gate verdict. */
export interface DeploymentMarker {
  at: number;
  target: string;
  deploymentId?: string | undefined;
  sha?: string | undefined;
  url?: string | undefined;
  source: 'monitor' | 'gate';
  /** The gate's verdict when source is gate. */
  status?: HealthStatus | undefined;
  reason?: Reason | undefined;
  runUrl?: string | undefined;
}

/** What an incident is; one open per target at most. */
export interface Incident {
  target: string;
  /** `open` until the confirmed state is healthy again. */
  state: 'open' | 'resolved';
  openedAt: number;
  resolvedAt?: number | undefined;
  status: HealthStatus;
  reason: Reason;
  message: string;
  /** GitHub issue, when incidents: issue. */
  issue?: { number: number; url: string } | undefined;
  lastNoticeAt: number;
}

/** Per target confirmed state (hysteresis). */
export interface TargetState {
  target: string;
  url: string;
  confirmed: HealthStatus;
  /** Since when `confirmed` holds. */
  since: number;
  consecutiveFailures: number;
  consecutiveSuccesses: number;
  lastRunAt: number;
  lastStatus: HealthStatus;
  lastReason: Reason;
  incident?: Incident | undefined;
}

/** Everything a reader of the history gets back (the monitor, the gate's baselines, the dashboard). */
export interface HistorySnapshot {
  schemaVersion: number;
  /** Confirmed state per target name. */
  states: Record<string, TargetState>;
  /** Raw run records of the last 48 h per target, oldest first. */
  runs: Record<string, RunRecord[]>;
  /** Complete hours (90 days) and days (2 years) per target, oldest first. */
  hourly: Record<string, RollUp[]>;
  daily: Record<string, RollUp[]>;
  /** Deployment markers per target, oldest first (kept as long as the daily roll-ups). */
  markers: Record<string, DeploymentMarker[]>;
  /** Every incident (open and resolved, 2 years), oldest first. */
  incidents: Incident[];
}

/** What one run adds; applied to whatever the history holds when it is written (merge-safe, idempotent). */
export interface HistoryChange {
  /** When the change was made (ms): roll-ups and pruning are computed relative to it. */
  at: number;
  records: RunRecord[];
  /** The new confirmed state of each target this run looked at (replaces the stored one). */
  states: TargetState[];
  markers: DeploymentMarker[];
  /** Incidents opened, updated or resolved by this run (matched by target + openedAt). */
  incidents: Incident[];
  /** Extra files at the store's root (the dashboard site), path → content; absent = unchanged. */
  site?: Record<string, string> | undefined;
}

export interface HistoryWriteResult {
  /** The commit written (branch store), when one was. */
  commit?: string | undefined;
  /** Why nothing (or not everything) was written: a missing permission, an outage. A warning, never a failure. */
  warning?: string | undefined;
  /** How many times another writer moved the branch and the change was merged and retried. */
  retries: number;
}

/** What to read: a monitor run needs states and the last hour or two; the dashboard and baselines need more. */
export interface HistoryQuery {
  /** Only these targets (all when absent). */
  targets?: string[] | undefined;
  /** Raw run records from this time on (ms; none when absent). */
  runsSince?: number | undefined;
  /** Hourly and daily roll-ups and markers too (more reads on a branch). */
  rollUps?: boolean | undefined;
  /** With `rollUps`: only roll-ups, markers and incidents from this time on (ms; everything kept when absent). */
  rollUpsSince?: number | undefined;
}

export interface HistoryStore {
  /** `branch:deployment-health-data`, `dir:.deployment-health`, `none`: for logs. */
  readonly describe: string;
  /**
   * What the history holds now (states and open incidents always; runs and roll-ups as asked); an empty
   * snapshot when there is none yet. Never throws for remote trouble: says it in `warning`.
   */
  read(query: HistoryQuery): Promise<{ snapshot: HistorySnapshot; warning?: string | undefined }>;
  /** Never throws for remote trouble: says it in `warning`. */
  write(change: HistoryChange): Promise<HistoryWriteResult>;
}
