export { compare, OPERATOR_MATH, OPERATOR_SYMBOL } from './compare.js';
export { formatMetric } from './format.js';
export {
  computeMetrics,
  type MetricReading,
  type MetricSource,
  metricSource,
  readMetric,
} from './metrics.js';
export { evaluateRule, rulesEvaluator } from './rules-evaluator.js';
export { findService, resolveServiceMetric, type ServiceMatch } from './service-match.js';
export { severityStatus } from './severity.js';
export { type WindowStats, windowSamples, windowStats } from './window.js';
