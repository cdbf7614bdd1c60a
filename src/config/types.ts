// The config file (`.github/deployment-health.yml`): alert rules in the original design's `setAlertRule` shape and the
// deployment checklist. Loaded and validated once, before any network call.

export type Operator = 'gt' | 'gte' | 'lt' | 'lte' | 'eq' | 'neq';
export type Severity = 'critical' | 'warning' | 'info';

export interface RuleCondition {
  /** Metric name as written (`avg_response_time`, `database_health`, `auth_health`, `metrics_cpu`). */
  metric: string;
  /** For anomaly rules the direction: `gt` above, `lt` below, `neq` either way. */
  operator: Operator;
  /**
   * Threshold rules: in the metric's own unit (ms for times, percent for rates, 0..1 for health; `5%`, `2s`
   * are converted). Undefined for baseline and anomaly rules, whose limit comes from the history.
   */
  threshold?: number | undefined;
  /**
   * The threshold was written as a duration (`ms`) or a percentage (`percent`). An extended metric's unit is
   * known only from the health answer: a value in another unit makes the rule skipped, not compared.
   */
  thresholdUnit?: 'ms' | 'percent' | undefined;
  /** Seconds of samples a time-window metric looks back over; undefined = all samples. */
  timeWindow?: number | undefined;
  /** A baseline rule: the limit is `factor` × production's value of the metric over `window`. */
  baseline?: BaselineCondition | undefined;
  /** An anomaly rule (judged by the monitor): the metric against its own recent history. */
  anomaly?: AnomalyCondition | undefined;
}

/** `{ metric, operator, baseline: production, factor: 1.5, window: 24h }` */
export interface BaselineCondition {
  /** What the deployment is compared with; `production` is the only one so far. */
  against: 'production';
  /** The limit is this multiple of production's value (`gt` with 1.5: more than 1.5× production's). */
  factor: number;
  /** Seconds of production's history to read (1 h to 48 h). */
  window: number;
  /** The history's target name that is production; default: the Vercel project's name, as the monitor names it. */
  target?: string | undefined;
}

/** `anomaly: { metric, sensitivity: 3.5, window: 24h, trigger: 3/4, direction: above }` */
export interface AnomalyCondition {
  /** Robust σ (scaled MAD) a run's value must lie from the expected one to be flagged; for error rates, the z of the Wilson intervals. */
  sensitivity: number;
  /** Seconds of the target's recent runs that make the baseline (1 h to 48 h). */
  window: number;
  /** The rule triggers when `flagged` of the last `of` runs (this one included) are flagged. */
  trigger: { flagged: number; of: number };
  direction: 'above' | 'below' | 'both';
}

export interface RuleChannel {
  type: string;
  config?: Record<string, unknown> | undefined;
}

export interface RuleConfig {
  id: string;
  name: string;
  condition: RuleCondition;
  severity: Severity;
  channels: RuleChannel[];
  enabled: boolean;
  /** `default` for the original design's five standard rules, `config` when the file defines or overrides it. */
  origin: 'default' | 'config';
}

/** A custom checklist item: an HTTP probe of another path of the deployment. */
export interface CustomCheckItem {
  id: string;
  name: string;
  path: string;
  expect: {
    /** Accepted HTTP status codes (default [200]). */
    status: number[];
    /** A JSON field (dot path, e.g. `data.ok`) that must equal a value. */
    json?: { path: string; equals: unknown } | undefined;
    /** Text the body must contain. */
    text?: string | undefined;
  };
  required: boolean;
}

export interface ChecklistConfig {
  /** Environment variable names that must exist on the Vercel project for this target (names only). */
  env: string[];
  /** Path of the health dashboard, or false to skip that item. */
  dashboard: string | false;
  /**
   * The config file names the dashboard (a path, or `true`): then it must answer. The default path is the
   * Hemera app's; an app without a page there has the item skipped, not failed.
   */
  dashboardWritten: boolean;
  items: CustomCheckItem[];
}

/** Where something is written in the config file, for annotations and messages. */
export interface SourcePosition {
  line: number;
  column: number;
}

export interface GateConfig {
  /** The file, relative to the workspace, or undefined when none was found and only defaults apply. */
  file: string | undefined;
  /** Every rule after merging the file over the defaults (disabled ones included, `enabled: false`). */
  rules: RuleConfig[];
  checklist: ChecklistConfig;
  /** `rule:<id>` and `checklist:<id>` → where that entry is written in the file. */
  positions: ReadonlyMap<string, SourcePosition>;
}
