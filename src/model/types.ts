// The vocabulary the pipeline stages share. Each stage owns its own folder; these types are the seams.

import type { HealthFormatName } from '../formats/registry.js';
import type { HealthStatus } from './status.js';

// Lists with one home each: the statuses and their ranking (status.ts), the health formats (their registry).
export type { HealthFormatName } from '../formats/registry.js';
export { atLeastAsBad, type HealthStatus, worse } from './status.js';

/** Short machine word behind a verdict (the `reason` output). */
export type Reason =
  | 'ok'
  | 'endpoint'
  | 'rules'
  | 'checklist'
  | 'anomaly'
  | 'deployment-error'
  | 'deployment-canceled'
  | 'wait-timeout'
  | 'unreachable'
  | 'protected'
  | 'not-found'
  | 'cancelled'
  | 'config';

export type Target = 'preview' | 'production';

/** Where the deployment to check came from, in the order the resolver tries them. */
export type ResolveSource =
  | 'input'
  | 'deployment_status'
  | 'repository_dispatch'
  | 'vercel-api'
  | 'github-deployments';

export interface ResolvedDeployment {
  /** Absolute base URL of the deployment, without a trailing slash (may carry a base path). */
  url: string;
  /** Vercel deployment id (`dpl_…`) when known. */
  id?: string | undefined;
  sha: string;
  environment: Target;
  /** Vercel inspector URL, for messages a person acts on. */
  inspectorUrl?: string | undefined;
  source: ResolveSource;
  /** The GitHub deployment this run reports on, when the event or lookup named one. */
  githubDeploymentId?: number | undefined;
  /** Vercel project name or id, when known. */
  project?: string | undefined;
}

/** The resolver either hands over a READY deployment or says why it stopped before probing. */
export type ResolveOutcome =
  | { kind: 'ready'; deployment: ResolvedDeployment; waitedMs: number; requests: number }
  | {
      kind: 'stopped';
      /** `config`: the setup cannot work as given (bad token, no access, several projects match, none named). */
      reason: Extract<
        Reason,
        'deployment-error' | 'deployment-canceled' | 'wait-timeout' | 'not-found' | 'cancelled' | 'config'
      >;
      /** What happened, where, and what to do. */
      message: string;
      /** Whatever was learnt before stopping (URL, id, inspector link). */
      deployment: Partial<ResolvedDeployment> & { sha: string };
      waitedMs: number;
      requests: number;
      /**
       * For a failed build (`deployment-error`): the last lines of its build output, oldest first (at most
       * ~30, each capped, ANSI colours and control characters removed). Remote text: escape before printing.
       */
      buildLog?: string[] | undefined;
    };

export type ServiceStatus = 'pass' | 'warn' | 'fail';

export interface ServiceHealth {
  /** Key in the body (`database`, `authentication`) or component id. */
  key: string;
  name: string;
  status: ServiceStatus;
  /** Response time the app reports for this service, in ms. */
  responseTimeMs?: number | undefined;
  /** `details.provider` in the Hemera format (`stripe`, `clerk`), used for metric aliases. */
  provider?: string | undefined;
  /** Short, already-flattened detail text for tables (remote text: escape before printing). */
  detail?: string | undefined;
  lastChecked?: string | undefined;
  /**
   * Extended metrics of this service: numeric `details` (Hemera) or `observedValue`s of its measurements
   * (health+json), by the key the body uses (`poolUsage`, `connections`). Rule metric `<service>_<key>`.
   */
  values?: Record<string, MetricValue> | undefined;
}

/** A number an endpoint reports about itself, in `unit` (`ms` after converting time units, `percent`, or the body's own word). */
export interface MetricValue {
  value: number;
  /** `ms` (time units are converted), `percent`, or the unit as the body names it (`MB`, `connections`); undefined when none. */
  unit?: string | undefined;
}

/** What one format adapter understood from one answer of the health endpoint. */
export interface HealthDocument {
  format: HealthFormatName;
  /** The status the endpoint claims for itself, after reconciling HTTP code and body (worse wins). */
  status: HealthStatus;
  services: ServiceHealth[];
  /** Counts as the body states them (hemera `summary`), when present. */
  summary?:
    | { totalChecks?: number; passedChecks?: number; failedChecks?: number; warningChecks?: number }
    | undefined;
  /** Facts the app states about itself (version, region, deployment id). */
  app?: { version?: string; deploymentId?: string; region?: string } | undefined;
  /** The body's top-level `metrics` object (`cpu`, `memory`, `disk`…): rule metric `metrics_<name>`. */
  metrics?: Record<string, MetricValue> | undefined;
  /** Non-fatal remarks, e.g. HTTP code and body disagree. */
  warnings: string[];
}

/** One request to the health endpoint, kept for time-window metrics and the report. */
export interface Sample {
  /** Clock time when the request started (ms since epoch). */
  startedAt: number;
  durationMs: number;
  httpStatus?: number | undefined;
  /** Transport problem (`timeout`, `ECONNREFUSED`, …) when there was no HTTP answer. */
  error?: string | undefined;
  /**
   * The status the answer claimed (its document's `status`), present exactly when the answer was an understood
   * health document. Samples keep no document: a window of them must not hold every body the endpoint sent.
   */
  status?: HealthStatus | undefined;
}

/**
 * Whose failure a finding (or a probe that gave up) shows. `deployment`: the deployment's own answer says it
 * is broken — a valid health document reporting unhealthy, an HTTP 5xx it answered, a variable Vercel
 * confirmed missing. `gate`: the gate could not judge — a refusal of its credentials, a rate limit, a
 * timeout, a format it was told to expect, a lookup Vercel refused, a setup mistake. Absent counts as `gate`
 * for anything irreversible: only `deployment` evidence ever rolls production back.
 */
export type Blame = 'deployment' | 'gate';

export type ProbeOutcome =
  | { kind: 'answered'; url: string; document: HealthDocument; samples: Sample[]; elapsedMs: number }
  | {
      kind: 'failed';
      url: string;
      reason: Extract<Reason, 'unreachable' | 'protected' | 'not-found' | 'endpoint' | 'cancelled'>;
      message: string;
      samples: Sample[];
      elapsedMs: number;
      /** `deployment` only when it kept answering HTTP 5xx without a JSON body (see {@link Blame}). */
      blame?: Blame | undefined;
    };

/** One thing the evaluation found, e.g. a failing service, a triggered rule, a failed checklist item. */
export interface Finding {
  /** `anomaly`: an anomaly rule of the monitor (its own reason, `anomaly`); other rules are `rule`. */
  source: 'endpoint' | 'rule' | 'anomaly' | 'checklist';
  id: string;
  title: string;
  /** What this finding does to the verdict on its own. */
  status: HealthStatus;
  /** What happened and what to do; plain text, may quote remote text (escape before printing). */
  message: string;
  /** Whose failure it shows (see {@link Blame}); set on every finding the evaluators make. */
  blame?: Blame | undefined;
}

export interface Verdict {
  status: HealthStatus;
  reason: Reason;
  /** One sentence for titles, logs and the `reason` explanation. */
  message: string;
  findings: Finding[];
}
