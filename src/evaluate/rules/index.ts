export { compare, OPERATOR_MATH, OPERATOR_SYMBOL } from './compare.js';
export { formatMetric } from './format.js';
// The metrics module is public as a whole: its sources, readings and the computed metrics.
export * from './metrics.js';
export { evaluateRule, rulesEvaluator } from './rules-evaluator.js';
export { findService, resolveServiceMetric, type ServiceMatch } from './service-match.js';
export { severityStatus } from './severity.js';
export { type WindowStats, windowSamples, windowStats } from './window.js';
