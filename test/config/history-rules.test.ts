import { describe, expect, it } from 'vitest';
import { ANOMALY_DEFAULTS } from '../../src/baselines/anomaly.js';
import { readFactor, readTrigger } from '../../src/config/history-rules.js';
import { ConfigError, parseConfig } from '../../src/config/index.js';

const FILE = '.github/deployment-health.yml';

function problemsOf(text: string): string[] {
  try {
    parseConfig(text, FILE);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as ConfigError).problems;
  }
  throw new Error('expected the config to be rejected');
}

const ruleOf = (text: string, id: string) => parseConfig(text, FILE).rules.find((r) => r.id === id);

describe('baseline rules in the config file', () => {
  it("reads the issue's example into a baseline condition without a threshold", () => {
    const rule = ruleOf(
      `rules:
  - id: slower_than_production
    condition: { metric: p95_response_time, operator: gt, baseline: production, factor: 1.5, window: 24h }
    severity: warning
`,
      'slower_than_production',
    );
    expect(rule?.condition).toEqual({
      metric: 'p95_response_time',
      operator: 'gt',
      baseline: { against: 'production', factor: 1.5, window: 86_400, target: undefined },
    });
    expect(rule?.condition.threshold).toBeUndefined();
  });

  it('defaults the window to 24 h, reads 1.5x and 150% as factors, and keeps a named target', () => {
    const rule = ruleOf(
      `rules:
  - id: db
    condition: { metric: database_response_time, operator: gt, baseline: production, factor: 150%, target: shop-web }
    severity: info
`,
      'db',
    );
    expect(rule?.condition.baseline).toEqual({
      against: 'production',
      factor: 1.5,
      window: 86_400,
      target: 'shop-web',
    });
    expect(readFactor('2x')).toBe(2);
    expect(readFactor('1.5×')).toBe(1.5);
    expect(readFactor('0')).toBeUndefined();
    expect(readFactor('fast')).toBeUndefined();
  });

  it('turns a standard rule into a baseline rule, keeping its metric and operator', () => {
    const rule = ruleOf(
      'rules:\n  - id: high_response_time\n    condition: { baseline: production, factor: 2, window: 6h }\n',
      'high_response_time',
    );
    expect(rule?.condition).toMatchObject({
      metric: 'avg_response_time',
      operator: 'gt',
      baseline: { factor: 2, window: 21_600 },
    });
    expect(rule?.condition.threshold).toBeUndefined();
  });

  it('names the file, line and fix of every mistake', () => {
    expect(
      problemsOf(`rules:
  - id: a
    condition: { metric: p95_response_time, operator: gt, baseline: staging, factor: 1.5 }
    severity: warning
  - id: b
    condition: { metric: p95_response_time, operator: gt, baseline: production, threshold: 500, factor: 2 }
    severity: warning
  - id: c
    condition: { metric: avg_response_time, operator: gt, baseline: production }
    severity: warning
  - id: d
    condition: { metric: database_health, operator: lt, baseline: production, factor: 0.5 }
    severity: warning
  - id: e
    condition: { metric: avg_response_time, operator: gt, threshold: 500, factor: 2 }
    severity: warning
  - id: f
    condition: { metric: avg_response_time, operator: gt, baseline: production, factor: 2, window: 10m }
    severity: warning
  - id: g
    condition: { metric: avg_response_time, operator: gt, baseline: production, factor: 2, window: 7d }
    severity: warning
`),
    ).toEqual([
      `${FILE}:3:69 rules[0].condition.baseline: "staging" is not something a deployment is compared with; use production`,
      `${FILE}:6:92 rules[1].condition.threshold: does not go with \`baseline\`: a baseline rule's limit is \`factor\` × production's value; remove the threshold, or remove \`baseline\` for a fixed limit`,
      `${FILE}:9:16 rules[2].condition.factor: is required with \`baseline\`: the limit as a multiple of production's value (e.g. factor: 1.5)`,
      expect.stringMatching(
        /^\.github\/deployment-health\.yml:12:26 rules\[3\]\.condition\.metric: "database_health" is not kept in the history.*avg_response_time/,
      ),
      `${FILE}:15:83 rules[4].condition.factor: applies to baseline rules only; add \`baseline: production\`, or remove it`,
      expect.stringMatching(
        /^\.github\/deployment-health\.yml:18:100 rules\[5\]\.condition\.window: "10m" is too short: /,
      ),
      expect.stringMatching(
        /^\.github\/deployment-health\.yml:21:100 rules\[6\]\.condition\.window: "7d" is not a window; write a duration from 1h to 48h/,
      ),
    ]);
  });
});

describe('what only the fields together can say', () => {
  it('asks for a window that holds the runs a trigger needs, and refuses eq with a baseline', () => {
    expect(
      problemsOf(`rules:
  - id: a
    anomaly: { metric: avg_response_time, window: 3h, trigger: 3/12 }
    severity: info
  - id: b
    condition: { metric: avg_response_time, operator: eq, baseline: production, factor: 2 }
    severity: info
`),
    ).toEqual([
      expect.stringMatching(
        /^\.github\/deployment-health\.yml:3:51 rules\[0\]\.anomaly\.window: "3h" is too short for trigger 3\/12: .*write at least 200m$/,
      ),
      expect.stringMatching(
        /^\.github\/deployment-health\.yml:6:55 rules\[1\]\.condition\.operator: does not go with `baseline`.*use gt, gte, lt or lte$/,
      ),
    ]);
    expect(
      ruleOf(
        'rules:\n  - id: a\n    anomaly: { metric: avg_response_time, window: 200m, trigger: 3/12 }\n    severity: info\n',
        'a',
      )?.condition.anomaly?.window,
    ).toBe(12_000);
  });

  it("suggests nothing odd for names that are an object's own machinery", () => {
    expect(
      problemsOf(
        'rules:\n  - id: a\n    condition: { metric: avg_response_time, operator: constructor, threshold: 1 }\n    severity: info\n',
      ),
    ).toEqual([expect.not.stringMatching(/native code|object Object/)]);
  });
});

describe('anomaly rules in the config file', () => {
  it("reads the issue's example", () => {
    const rule = ruleOf(
      `rules:
  - id: latency_anomaly
    name: Latency anomaly
    anomaly: { metric: avg_response_time, sensitivity: 3.5, window: 24h, trigger: 3/4 }
    severity: warning
`,
      'latency_anomaly',
    );
    expect(rule?.condition).toEqual({
      metric: 'avg_response_time',
      operator: 'gt',
      anomaly: { sensitivity: 3.5, window: 86_400, trigger: { flagged: 3, of: 4 }, direction: 'above' },
    });
  });

  it('fills what is not written from the defaults the evaluation chose, and reads directions', () => {
    const rule = ruleOf(
      'rules:\n  - id: pool\n    anomaly: { metric: database_poolUsage, direction: both }\n    severity: info\n',
      'pool',
    );
    expect(rule?.condition).toEqual({
      metric: 'database_poolUsage',
      operator: 'neq',
      anomaly: {
        sensitivity: ANOMALY_DEFAULTS.sensitivity,
        window: ANOMALY_DEFAULTS.window,
        trigger: ANOMALY_DEFAULTS.trigger,
        direction: 'both',
      },
    });
    // A standard rule turned into an anomaly rule watches its own metric.
    expect(
      ruleOf('rules:\n  - id: error_rate_spike\n    anomaly: {}\n', 'error_rate_spike')?.condition,
    ).toMatchObject({
      metric: 'error_rate',
      // Error rates get the sensitivity the evaluation chose for Wilson intervals.
      anomaly: { direction: 'above', sensitivity: ANOMALY_DEFAULTS.errorRateSensitivity },
    });
  });

  it('reads triggers and says what is wrong with a bad one', () => {
    expect(readTrigger('3/4')).toEqual({ flagged: 3, of: 4 });
    expect(readTrigger(' 1 / 1 ')).toEqual({ flagged: 1, of: 1 });
    expect(readTrigger('5/4')).toMatch(/asks for more flagged runs than it looks at; write how many/);
    expect(readTrigger('0/4')).toMatch(/never triggers/);
    expect(readTrigger('3/20')).toMatch(/more than 12 runs/);
    expect(readTrigger(0.75)).toMatch(
      /^0.75 is not a trigger; write how many of the last runs must be flagged, e.g. 3\/4/,
    );
  });

  it('names the file, line and fix of every mistake', () => {
    expect(
      problemsOf(`rules:
  - id: a
    anomaly: { metric: avg_response_time, trigger: 5/4 }
    severity: warning
  - id: b
    anomaly: { metric: health_status }
    severity: warning
  - id: c
    anomaly: { sensitivity: 3 }
    severity: warning
  - id: d
    anomaly: { metric: avg_response_time, window: 2m, direction: up }
    severity: warning
  - id: e
    anomaly: { metric: avg_response_time }
    condition: { metric: avg_response_time, operator: gt, threshold: 500 }
    severity: warning
  - id: database_connection_failure
    anomaly: {}
`),
    ).toEqual([
      expect.stringMatching(
        /^\.github\/deployment-health\.yml:3:52 rules\[0\]\.anomaly\.trigger: "5\/4" asks for more/,
      ),
      expect.stringMatching(
        /^\.github\/deployment-health\.yml:6:24 rules\[1\]\.anomaly\.metric: "health_status" is not kept in the history/,
      ),
      `${FILE}:9:14 rules[2].anomaly.metric: is required: which metric to watch (e.g. avg_response_time, p95_response_time, error_rate)`,
      expect.stringMatching(
        /^\.github\/deployment-health\.yml:12:51 rules\[3\]\.anomaly\.window: "2m" is too short: /,
      ),
      expect.stringMatching(
        /^\.github\/deployment-health\.yml:12:66 rules\[3\]\.anomaly\.direction: "up" is not a direction; use above, below or both/,
      ),
      expect.stringMatching(
        /^\.github\/deployment-health\.yml:15:14 rules\[4\]\.anomaly: a rule has either a `condition`/,
      ),
      expect.stringMatching(
        /^\.github\/deployment-health\.yml:19:14 rules\[5\]\.anomaly: "database_health" is not kept in the history.*the standard rule this one overrides/,
      ),
    ]);
  });
});
