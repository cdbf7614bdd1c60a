// The config file (`.github/deployment-health.yml`): alert rules in the original design's `setAlertRule` shape and the
// deployment checklist. Loaded and validated once, before any network call.

export type Operator = 'gt' | 'gte' | 'lt' | 'lte' | 'eq' | 'neq';
export type Severity = 'critical' | 'warning' | 'info';

export interface RuleCondition {
  /** Metric name as written (`avg_response_time`, `database_health`, `auth_health`). */
  metric: string;
  operator: Operator;
  /** In the metric's own unit: ms for times, percent for rates, 0..1 for health. `5%`, `2s` are converted. */
  threshold: number;
  /** Seconds of samples a time-window metric looks back over; undefined = all samples. */
  timeWindow?: number | undefined;
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
