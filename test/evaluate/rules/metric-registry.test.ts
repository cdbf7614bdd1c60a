import { describe, expect, it } from 'vitest';
import { isExtendedMetricName, metricNameProblem } from '../../../src/config/metric-names.js';
import { computeMetrics, type MetricSource } from '../../../src/evaluate/rules/index.js';
import { evaluateRule, rulesEvaluator } from '../../../src/evaluate/rules/rules-evaluator.js';
import { METRICS, type MetricDefinition } from '../../../src/metrics/registry.js';
import { configuredWindow, formatMetricValue } from '../../../src/render/metric-format.js';
import { answeredAt, configOf, contextOf, documentOf, failedAt, ruleOf, T0 } from './support.js';

// CONTRIBUTING.md's walkthrough "a new window metric", kept honest: one registry entry makes a metric that a
// config file may name, that a rule evaluates over the samples, and that the reports show in its unit.

/** A made-up window metric: the share of samples that got an HTTP answer. */
const answeredRate: MetricDefinition = {
  name: 'answered_rate',
  kind: 'window',
  unit: 'percent',
  display: 'percent',
  measure: (stats) => (stats.samples ? (stats.answered / stats.samples) * 100 : undefined),
};
const metrics = [...METRICS, answeredRate];

const source: MetricSource = {
  document: documentOf([]),
  samples: [answeredAt(T0, 40, 120), failedAt(T0, 30), failedAt(T0, 20), answeredAt(T0, 10, 80)],
  firstAnswerIndex: 0,
  now: T0,
};

describe('the metric registry', () => {
  it('takes a new window metric with one entry: named in a config, evaluated in a rule, rendered', () => {
    // Without the entry, the name could only be a service's value (`<service>_<detail>`): no window metric.
    expect(isExtendedMetricName('answered_rate')).toBe(true);
    expect(isExtendedMetricName('answered_rate', metrics)).toBe(false);
    expect(metricNameProblem('answered_rate', metrics)).toBeUndefined();
    expect(metricNameProblem('answerd_rate', metrics)).toMatch(/did you mean "answered_rate"/);

    const rule = ruleOf('answers', { metric: 'answered_rate', operator: 'lt', threshold: 90 });
    const { result, finding } = evaluateRule(rule, source, metrics);
    expect(result).toMatchObject({ state: 'triggered', value: 50 });
    expect(finding?.message).toBe('answers: answered_rate is 50% (< 90%) over 4 health samples, warning');

    expect(formatMetricValue('answered_rate', 50, metrics)).toBe('50%');
    expect(formatMetricValue('answered_rate', 50)).toBe('50');
    expect(configuredWindow(result, metrics)).toBe('all samples');
    expect(computeMetrics(source, undefined, metrics)).toMatchObject({ answered_rate: 50, error_rate: 50 });
  });

  it('reaches the rules evaluator, which reports every metric of the list', async () => {
    const rule = ruleOf('answers', { metric: 'answered_rate', operator: 'lt', threshold: 90 });
    const context = contextOf(source.document, { samples: [...source.samples] });
    const outcome = await rulesEvaluator(configOf([rule]), metrics).evaluate(context);
    expect(outcome.rules?.[0]).toMatchObject({ state: 'triggered', value: 50 });
    expect(outcome.metrics).toMatchObject({ answered_rate: 50 });
  });
});
