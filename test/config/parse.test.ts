import { describe, expect, it } from 'vitest';
import { ConfigError, parseConfig, STANDARD_RULE_IDS } from '../../src/config/index.js';

const FILE = '.github/deployment-health.yml';

/** The problems a config text is rejected with (fails the test when it is accepted). */
function problemsOf(text: string, file = FILE): string[] {
  try {
    parseConfig(text, file);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as ConfigError).problems;
  }
  throw new Error('expected the config to be rejected');
}

const rule = (config: ReturnType<typeof parseConfig>, id: string) => config.rules.find((r) => r.id === id);

describe('parseConfig: the file as the SPEC writes it', () => {
  const text = `defaults: true
rules:
  - id: custom_alert
    name: Custom Performance Alert
    condition: { metric: avg_response_time, operator: gt, threshold: 1500, timeWindow: 300 }
    severity: warning
    channels: [{ type: rollbar, config: { level: warning } }]
    enabled: true
  - id: high_response_time
    enabled: false
checklist:
  env: [DATABASE_URL, CLERK_SECRET_KEY]
  dashboard: /admin/monitoring/deployment
  items:
    - id: stripe_webhook
      name: Stripe webhook endpoint
      path: /api/webhooks/stripe
      expect: { status: [200], json: { path: ok, equals: true } }
      required: true
`;

  it('keeps the defaults, disables an overridden one and appends the custom rule', () => {
    const config = parseConfig(text, FILE);
    expect(config.file).toBe(FILE);
    expect(config.rules.map((r) => r.id)).toEqual([...STANDARD_RULE_IDS, 'custom_alert']);
    expect(rule(config, 'high_response_time')).toMatchObject({
      enabled: false,
      origin: 'config',
      severity: 'warning',
    });
    expect(rule(config, 'high_response_time')?.condition).toEqual({
      metric: 'avg_response_time',
      operator: 'gt',
      threshold: 2000,
      timeWindow: 300,
    });
    expect(rule(config, 'database_connection_failure')?.origin).toBe('default');
    expect(rule(config, 'custom_alert')).toEqual({
      id: 'custom_alert',
      name: 'Custom Performance Alert',
      condition: { metric: 'avg_response_time', operator: 'gt', threshold: 1500, timeWindow: 300 },
      severity: 'warning',
      channels: [{ type: 'rollbar', config: { level: 'warning' } }],
      enabled: true,
      origin: 'config',
    });
  });

  it('reads the checklist and remembers where each rule and item is written', () => {
    const config = parseConfig(text, FILE);
    expect(config.checklist).toEqual({
      env: ['DATABASE_URL', 'CLERK_SECRET_KEY'],
      dashboard: '/admin/monitoring/deployment',
      // Written in the file: the dashboard must answer there.
      dashboardWritten: true,
      items: [
        {
          id: 'stripe_webhook',
          name: 'Stripe webhook endpoint',
          path: '/api/webhooks/stripe',
          expect: { status: [200], json: { path: 'ok', equals: true }, text: undefined },
          required: true,
        },
      ],
    });
    expect(config.positions.get('rule:custom_alert')).toEqual({ line: 3, column: 5 });
    expect(config.positions.get('rule:high_response_time')).toEqual({ line: 9, column: 5 });
    expect(config.positions.get('checklist:stripe_webhook')).toEqual({ line: 15, column: 7 });
    expect(config.positions.has('rule:database_connection_failure')).toBe(false);
  });

  it('reads the same file written as JSON, with positions', () => {
    const json = JSON.stringify(
      {
        rules: [
          {
            id: 'custom_alert',
            condition: { metric: 'error_rate', operator: 'gte', threshold: '2.5%' },
            severity: 'critical',
          },
        ],
        checklist: { dashboard: false },
      },
      null,
      2,
    );
    const config = parseConfig(json, '.github/deployment-health.json');
    expect(rule(config, 'custom_alert')).toMatchObject({
      name: 'custom_alert',
      condition: { metric: 'error_rate', operator: 'gte', threshold: 2.5, timeWindow: undefined },
      channels: [],
      enabled: true,
    });
    expect(config.checklist).toEqual({ env: [], dashboard: false, dashboardWritten: false, items: [] });
    expect(config.positions.get('rule:custom_alert')).toEqual({ line: 3, column: 5 });
  });

  it('applies the defaults to an empty file, a file of comments and empty sections', () => {
    for (const text of ['', '# nothing yet\n', 'rules:\nchecklist:\n']) {
      const config = parseConfig(text, FILE);
      expect(config.rules.map((r) => r.id)).toEqual(STANDARD_RULE_IDS);
      // Not written: the default path, which an app may not have (a 404 there skips the item).
      expect(config.checklist).toEqual({
        env: [],
        dashboard: '/admin/monitoring/deployment',
        dashboardWritten: false,
        items: [],
      });
    }
  });
});

describe('parseConfig: defaults', () => {
  it('defines the five standard rules of the original design', () => {
    const config = parseConfig('', FILE);
    const summary = config.rules.map((r) => [
      r.id,
      r.name,
      `${r.condition.metric} ${r.condition.operator} ${r.condition.threshold}`,
      r.condition.timeWindow,
      r.severity,
      r.channels,
    ]);
    expect(summary).toEqual([
      [
        'database_connection_failure',
        'Database Connection Failure',
        'database_health eq 0',
        undefined,
        'critical',
        [{ type: 'rollbar', config: { level: 'critical' } }],
      ],
      [
        'authentication_service_down',
        'Authentication Service Down',
        'auth_health eq 0',
        undefined,
        'critical',
        [{ type: 'rollbar', config: { level: 'critical' } }],
      ],
      [
        'payment_service_degraded',
        'Payment Service Degraded',
        'stripe_health eq 0',
        undefined,
        'warning',
        [{ type: 'rollbar', config: { level: 'warning' } }],
      ],
      [
        'high_response_time',
        'High Response Time',
        'avg_response_time gt 2000',
        300,
        'warning',
        [{ type: 'rollbar', config: { level: 'warning' } }],
      ],
      [
        'error_rate_spike',
        'Error Rate Spike',
        'error_rate gt 5',
        300,
        'critical',
        [{ type: 'rollbar', config: { level: 'critical' } }],
      ],
    ]);
    expect(config.rules.every((r) => r.enabled && r.origin === 'default')).toBe(true);
  });

  it('merges an override field by field over its default', () => {
    const config = parseConfig(
      `rules:
  - id: high_response_time
    condition: { threshold: 1.5s, timeWindow: 2m }
    severity: critical
  - id: payment_service_degraded
    name: Stripe down
    channels: []
`,
      FILE,
    );
    expect(rule(config, 'high_response_time')).toMatchObject({
      name: 'High Response Time',
      condition: { metric: 'avg_response_time', operator: 'gt', threshold: 1500, timeWindow: 120 },
      severity: 'critical',
      channels: [{ type: 'rollbar', config: { level: 'warning' } }],
      origin: 'config',
    });
    expect(rule(config, 'payment_service_degraded')).toMatchObject({
      name: 'Stripe down',
      condition: { metric: 'stripe_health', operator: 'eq', threshold: 0 },
      channels: [],
    });
    // Overrides stay where the default was: the table keeps the original design's order.
    expect(config.rules.map((r) => r.id)).toEqual(STANDARD_RULE_IDS);
  });

  it('drops the window when an override moves a windowed rule to an answer metric', () => {
    const config = parseConfig(
      'rules:\n  - id: high_response_time\n    condition: { metric: database_response_time }\n',
      FILE,
    );
    expect(rule(config, 'high_response_time')?.condition).toEqual({
      metric: 'database_response_time',
      operator: 'gt',
      threshold: 2000,
      timeWindow: undefined,
    });
  });

  it('drops every standard rule with `defaults: false`', () => {
    const config = parseConfig(
      `defaults: false
rules:
  - id: only_rule
    condition: { metric: health_status, operator: lt, threshold: 1 }
    severity: info
`,
      FILE,
    );
    expect(config.rules.map((r) => r.id)).toEqual(['only_rule']);
  });

  it('treats a standard id as a new rule when the defaults are dropped', () => {
    expect(problemsOf('defaults: false\nrules:\n  - id: high_response_time\n    enabled: false\n')).toEqual([
      `${FILE}:3:5 rules[0].severity: is required: \`defaults: false\` drops the standard rules, so "high_response_time" is a new rule; use critical, warning or info`,
      `${FILE}:3:5 rules[0].condition: is required: \`defaults: false\` drops the standard rules, so "high_response_time" is a new rule; write e.g. { metric: avg_response_time, operator: gt, threshold: 1500 }, or an \`anomaly\``,
    ]);
  });
});

describe('parseConfig: thresholds and windows in the metric unit', () => {
  const thresholdOf = (metric: string, threshold: string | number, timeWindow?: string | number) => {
    const condition = {
      metric,
      operator: 'gte',
      threshold,
      ...(timeWindow === undefined ? {} : { timeWindow }),
    };
    const config = parseConfig(
      JSON.stringify({ defaults: false, rules: [{ id: 'r', severity: 'info', condition }] }),
      FILE,
    );
    return config.rules[0]?.condition;
  };

  it('converts durations to ms for response times', () => {
    expect(thresholdOf('avg_response_time', '2000ms')?.threshold).toBe(2000);
    expect(thresholdOf('avg_response_time', '2s')?.threshold).toBe(2000);
    expect(thresholdOf('p95_response_time', '1.5s')?.threshold).toBe(1500);
    expect(thresholdOf('max_response_time', '1.1s')?.threshold).toBe(1100);
    expect(thresholdOf('database_response_time', 250)?.threshold).toBe(250);
    expect(thresholdOf('database_response_time', '250')?.threshold).toBe(250);
  });

  it('reads percentages for error_rate and plain numbers for health and counts', () => {
    expect(thresholdOf('error_rate', '5%')?.threshold).toBe(5);
    expect(thresholdOf('error_rate', '0.5 %')?.threshold).toBe(0.5);
    expect(thresholdOf('error_rate', 12.5)?.threshold).toBe(12.5);
    expect(thresholdOf('database_health', 0.5)?.threshold).toBe(0.5);
    expect(thresholdOf('failed_checks', '2')?.threshold).toBe(2);
  });

  it('reads time windows as seconds, durations or minutes', () => {
    expect(thresholdOf('error_rate', 5, 300)?.timeWindow).toBe(300);
    expect(thresholdOf('error_rate', 5, '300s')?.timeWindow).toBe(300);
    expect(thresholdOf('error_rate', 5, '5m')?.timeWindow).toBe(300);
    expect(thresholdOf('error_rate', 5, '90')?.timeWindow).toBe(90);
  });
});

describe('parseConfig: every mistake with file, line, column and path', () => {
  it('reports YAML syntax errors with their position', () => {
    expect(problemsOf('rules:\n  - id: a\n    name: [unclosed\n')).toEqual([
      expect.stringMatching(new RegExp(`^${FILE.replace(/\./g, '\\.')}:4:1 YAML syntax: .*\\]`)),
    ]);
    const [duplicate] = problemsOf('checklist:\n  env: []\n  env: [A]\n');
    expect(duplicate).toBe(`${FILE}:3:3 YAML syntax: Map keys must be unique`);
  });

  it('reports an unknown key at the key, with the nearest valid one', () => {
    expect(
      problemsOf(`rules:
  - id: custom_alert
    severity: info
    condtion: { metric: error_rate, operator: gt, threshold: 1 }
`),
    ).toContain(
      `${FILE}:4:5 rules[0].condtion: is not a known key here; use id, name, condition, severity, anomaly, channels or enabled (did you mean "condition"?)`,
    );
    expect(problemsOf('rule:\n  - id: x\n')).toEqual([
      `${FILE}:1:1 rule: is not a known key here; use defaults, rules or checklist (did you mean "rules"?)`,
    ]);
    expect(problemsOf('rules:\n  - id: high_response_time\n    condition: { time_window: 60 }\n')).toEqual([
      `${FILE}:3:18 rules[0].condition.time_window: is not a known key here; use metric, operator, threshold, timeWindow, baseline, factor, window or target (did you mean "timeWindow"?)`,
    ]);
  });

  it('reports a value of the wrong type with what was expected', () => {
    expect(problemsOf('defaults: "no"\nrules:\n  - id: error_rate_spike\n    enabled: yes\n')).toEqual([
      `${FILE}:1:11 defaults: expected true or false, got "no"`,
      `${FILE}:4:14 rules[0].enabled: expected true or false, got "yes"`,
    ]);
    expect(problemsOf('rules: { id: x }\n')).toEqual([`${FILE}:1:8 rules: expected a list, got a mapping`]);
    expect(problemsOf('- a\n')).toEqual([
      `${FILE}:1:1 (top level): expected a mapping (key: value), got a list`,
    ]);
  });

  it('reports a bad operator with the nearest one', () => {
    const problems = problemsOf(`rules:
  - id: custom_alert
    severity: warning
    condition:
      metric: avg_response_time
      operator: greater
      threshold: 1500
`);
    expect(problems).toEqual([
      `${FILE}:6:17 rules[0].condition.operator: "greater" is not an operator; use gt, gte, lt, lte, eq or neq (did you mean "gt"?)`,
    ]);
    expect(problemsOf('rules:\n  - id: high_response_time\n    condition: { operator: ">=" }\n')[0]).toMatch(
      /condition\.operator: ">=" is not an operator; .*\(did you mean "gte"\?\)$/,
    );
    expect(problemsOf('rules:\n  - id: high_response_time\n    condition: { operator: gtee }\n')[0]).toMatch(
      /\(did you mean "gte"\?\)$/,
    );
  });

  it('reports a misspelt metric with the nearest name', () => {
    expect(
      problemsOf('rules:\n  - id: high_response_time\n    condition: { metric: avg_responce_time }\n'),
    ).toEqual([
      `${FILE}:3:26 rules[0].condition.metric: "avg_responce_time" is not a metric; use avg_response_time, p95_response_time, max_response_time, error_rate, failed_checks, warning_checks, health_status, <service>_health, <service>_response_time, <service>_<detail> or metrics_<name> (did you mean "avg_response_time"?)`,
    ]);
    expect(
      problemsOf(
        'rules:\n  - id: database_connection_failure\n    condition: { metric: database_helth }\n',
      )[0],
    ).toMatch(/"database_helth" is not a metric; .*\(did you mean "database_health"\?\)$/);
  });

  it('reports a unit that does not fit the metric, saying which fits', () => {
    expect(
      problemsOf(`rules:
  - id: error_rate_spike
    condition: { threshold: 2s }
  - id: high_response_time
    condition: { threshold: 5% }
  - id: database_connection_failure
    condition: { threshold: 50% }
`),
    ).toEqual([
      `${FILE}:3:29 rules[0].condition.threshold: "2s" is a duration, but error_rate is a percentage; write e.g. 5 or 5%`,
      `${FILE}:5:29 rules[1].condition.threshold: "5%" is a percentage, but avg_response_time is in milliseconds; write e.g. 2000, 2000ms or 2s`,
      `${FILE}:7:29 rules[2].condition.threshold: "50%" is a percentage, but database_health is a plain number (health: pass 1, warn 0.5, fail 0; counts: 0, 1, 2…); write it without a unit`,
    ]);
  });

  it('reports unreadable thresholds and windows, and windows on answer metrics', () => {
    expect(
      problemsOf(`rules:
  - id: r1
    severity: info
    condition: { metric: error_rate, operator: gt, threshold: lots, timeWindow: soon }
  - id: r2
    severity: info
    condition: { metric: database_health, operator: eq, threshold: 0, timeWindow: 60 }
`),
    ).toEqual([
      `${FILE}:4:63 rules[0].condition.threshold: "lots" is not a threshold; write a number, a duration (2000ms, 2s) or a percentage (5%)`,
      `${FILE}:4:81 rules[0].condition.timeWindow: "soon" is not a time window; write a positive number of seconds (300) or a duration (300s, 5m)`,
      `${FILE}:7:83 rules[1].condition.timeWindow: does not apply to database_health, which is read from the latest health answer; time windows apply to avg_response_time, p95_response_time, max_response_time and error_rate, so remove it`,
    ]);
  });

  it('reports a repeated id at the repeat, naming the line of the first', () => {
    expect(
      problemsOf(`rules:
  - id: custom_alert
    severity: info
    condition: { metric: error_rate, operator: gt, threshold: 1 }
  - id: custom_alert
    enabled: false
checklist:
  items:
    - { id: hook, path: /a }
    - { id: hook, path: /b }
`),
    ).toEqual([
      `${FILE}:5:9 rules[1].id: "custom_alert" is already the id of the rule at line 2; give each rule its own id`,
      `${FILE}:10:13 checklist.items[1].id: "hook" is already the id of the checklist item at line 9; give each checklist item its own id`,
    ]);
  });

  it('requires a severity and a full condition on a new rule', () => {
    expect(
      problemsOf(`rules:
  - id: custom_alert
    condition: { metric: error_rate }
`),
    ).toEqual([
      `${FILE}:2:5 rules[0].severity: is required: "custom_alert" is not one of the standard rules, so it is a new rule; use critical, warning or info`,
      `${FILE}:3:16 rules[0].condition.operator: is required: "custom_alert" is not one of the standard rules, so it is a new rule`,
      `${FILE}:3:16 rules[0].condition.threshold: is required: "custom_alert" is not one of the standard rules, so it is a new rule`,
    ]);
    expect(problemsOf('rules:\n  - severity: info\n')).toEqual([
      `${FILE}:2:5 rules[0].id: is required: every rule needs an id (e.g. custom_alert)`,
    ]);
  });

  it('asks for a threshold when an override changes the metric to another unit', () => {
    expect(problemsOf('rules:\n  - id: high_response_time\n    condition: { metric: error_rate }\n')).toEqual(
      [
        `${FILE}:3:16 rules[0].condition.threshold: is required when the metric changes to error_rate: the standard threshold 2000 is for avg_response_time`,
      ],
    );
  });

  it('checks severities, channels and the checklist with suggestions', () => {
    expect(
      problemsOf(`rules:
  - id: error_rate_spike
    severity: warn
    channels: [{ type: rolbar, config: { levl: error } }]
checklist:
  env: [DATABASE_URL, 1PASSWORD]
  dashboard: admin
  items:
    - id: hook
      path: https://example.com/hook
      expect: { status: 999, json: { path: ok } }
    - id: bad id
      path: /x
    - id: no_path
`),
    ).toEqual([
      `${FILE}:3:15 rules[0].severity: "warn" is not a severity; use critical, warning or info (did you mean "warning"?)`,
      `${FILE}:4:24 rules[0].channels[0].type: "rolbar" is not a channel this action sends alerts to; use rollbar (did you mean "rollbar"?)`,
      `${FILE}:4:42 rules[0].channels[0].config.levl: is not a known key here; use level (did you mean "level"?)`,
      `${FILE}:6:23 checklist.env[1]: "1PASSWORD" is not an environment variable name (letters, digits and _, not starting with a digit)`,
      `${FILE}:7:14 checklist.dashboard: "admin" is not a path on the deployment; write one starting with / (e.g. /admin/monitoring/deployment), or false to skip the dashboard check`,
      `${FILE}:10:13 checklist.items[0].path: "https://example.com/hook" is not a path on the deployment; write one starting with / (e.g. /api/webhooks/stripe); checks only ever request the deployment itself`,
      `${FILE}:11:25 checklist.items[0].expect.status[0]: 999 is not an HTTP status code (100 to 599)`,
      `${FILE}:11:36 checklist.items[0].expect.json.equals: is required: the value the JSON field must equal`,
      `${FILE}:12:11 checklist.items[1].id: "bad id" is not a usable id; use letters, digits, _, ., : and - (e.g. stripe_webhook)`,
      `${FILE}:14:7 checklist.items[2].path: is required: the path on the deployment to request (e.g. /api/webhooks/stripe)`,
    ]);
  });

  it('puts every problem in one error whose message lists them', () => {
    const text = 'rules:\n  - id: a\n    severity: huge\n  - id: b\n    severity: info\n    enabled: 1\n';
    let caught: unknown;
    try {
      parseConfig(text, FILE);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ConfigError);
    const error = caught as ConfigError;
    expect(error.problems.length).toBeGreaterThanOrEqual(4);
    expect(error.message).toMatch(
      new RegExp(`^The config file ${FILE.replace(/\./g, '\\.')} has \\d+ problems`),
    );
    for (const problem of error.problems) expect(error.message).toContain(`- ${problem}`);
  });
});
