import { describe, expect, it } from 'vitest';
import { ConfigError, parseConfig } from '../../src/config/index.js';
import {
  historyMetricProblem,
  isExtendedMetricName,
  isMetricName,
  metricNameProblem,
} from '../../src/config/metric-names.js';

const VOCABULARY =
  'use avg_response_time, p95_response_time, max_response_time, error_rate, failed_checks, warning_checks, health_status, <service>_health, <service>_response_time, <service>_<detail> or metrics_<name>';

describe('extended metric names in the config', () => {
  it.each([
    'database_poolUsage',
    'metrics_cpu',
    'metrics_cpu_usage',
    'redis_hitRate',
    'cache_hit_rate',
    'database_connections',
    'api_response_size',
    'database_healthScore',
    'uptime_value',
  ])('accepts %s', (name) => {
    expect(metricNameProblem(name)).toBeUndefined();
    expect(isExtendedMetricName(name)).toBe(true);
    expect(isMetricName(name)).toBe(true);
  });

  it('does not call fixed or standard service metrics extended', () => {
    for (const name of ['avg_response_time', 'health_status', 'database_health', 'auth_response_time']) {
      expect(metricNameProblem(name)).toBeUndefined();
      expect(isExtendedMetricName(name)).toBe(false);
    }
  });

  it.each([
    ['avg_respone_time', 'avg_response_time'],
    ['avg_response_tim', 'avg_response_time'],
    ['AVG_RESPONSE_TIME', 'avg_response_time'],
    ['error_rates', 'error_rate'],
    ['failed_check', 'failed_checks'],
    ['database_helth', 'database_health'],
    ['database_Health', 'database_health'],
    ['my_db_healht', 'my_db_health'],
    ['database_responseTime', 'database_response_time'],
    ['database_respone_time', 'database_response_time'],
    ['payment_response_times', 'payment_response_time'],
  ])('refuses the near miss %s, suggesting %s', (name, meant) => {
    expect(isExtendedMetricName(name)).toBe(false);
    expect(metricNameProblem(name)).toBe(
      `"${name}" is not a metric; ${VOCABULARY} (did you mean "${meant}"?)`,
    );
  });

  it('refuses `metrics_` with nothing after it, and names without an `_` that are no fixed metric', () => {
    expect(metricNameProblem('metrics_')).toBe(
      `"metrics_" names no metric: write the name of a value of the health answer's \`metrics\` after metrics_ (e.g. metrics_cpu); ${VOCABULARY}`,
    );
    expect(metricNameProblem('cpu')).toBe(`"cpu" is not a metric; ${VOCABULARY}`);
    expect(metricNameProblem('avgresponsetime')).toMatch(/\(did you mean "avg_response_time"\?\)$/);
    for (const name of ['_cpu', 'cpu_', 'metrics', '']) expect(isMetricName(name)).toBe(false);
  });

  it('takes a plain number, a duration and a percentage as thresholds of an extended metric', () => {
    const config = parseConfig(
      'defaults: false\nrules:\n' +
        '  - { id: a, severity: info, condition: { metric: database_poolUsage, operator: gt, threshold: 0.9 } }\n' +
        '  - { id: b, severity: info, condition: { metric: database_queryTime, operator: gt, threshold: 1.5s } }\n' +
        '  - { id: c, severity: info, condition: { metric: metrics_disk, operator: gt, threshold: 90% } }\n',
      'rules.yml',
    );
    expect(config.rules.map((r) => r.condition)).toEqual([
      { metric: 'database_poolUsage', operator: 'gt', threshold: 0.9 },
      { metric: 'database_queryTime', operator: 'gt', threshold: 1500, thresholdUnit: 'ms' },
      { metric: 'metrics_disk', operator: 'gt', threshold: 90, thresholdUnit: 'percent' },
    ]);
  });

  it('reports a near miss in a config file at its line', () => {
    let problems: string[] = [];
    try {
      parseConfig(
        'defaults: false\nrules:\n  - { id: a, severity: info, condition: { metric: database_helth, operator: eq, threshold: 0 } }\n',
        'rules.yml',
      );
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      problems = (error as ConfigError).problems;
    }
    expect(problems).toEqual([
      expect.stringMatching(
        /^rules\.yml:3:\d+ rules\[0\]\.condition\.metric: "database_helth" is not a metric; .*\(did you mean "database_health"\?\)$/,
      ),
    ]);
  });
});

describe('metrics the history keeps', () => {
  it.each([
    'avg_response_time',
    'p95_response_time',
    'max_response_time',
    'error_rate',
    'database_response_time',
    'database_poolUsage',
    'metrics_cpu',
  ])('keeps %s', (name) => {
    expect(historyMetricProblem(name)).toBeUndefined();
  });

  it.each(['database_health', 'health_status', 'failed_checks', 'warning_checks'])(
    'keeps no values of %s, and says which it keeps',
    (name) => {
      expect(historyMetricProblem(name)).toBe(
        `"${name}" is not kept in the history, so baseline and anomaly rules cannot read it; the history keeps avg_response_time, p95_response_time, max_response_time, error_rate, <service>_response_time, <service>_<detail> and metrics_<name>`,
      );
    },
  );

  it('leaves names that are no metric to the name check', () => {
    expect(historyMetricProblem('cpu')).toBeUndefined();
  });
});
