export { ConfigError } from './config-error.js';
export { DEFAULT_DASHBOARD, defaultConfig, STANDARD_RULE_IDS, standardRules } from './defaults.js';
export { DEFAULT_CONFIG_FILES, loadConfig } from './load.js';
export {
  FIXED_METRICS,
  isWindowMetric,
  type MetricUnit,
  metricUnit,
  serviceMetricName,
  WINDOW_METRICS,
} from './metric-names.js';
export { parseConfig } from './parse.js';
export type * from './types.js';
