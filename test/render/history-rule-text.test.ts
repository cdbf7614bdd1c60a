import { describe, expect, it } from 'vitest';
import type { RuleConfig } from '../../src/config/types.js';
import type { RuleResult } from '../../src/evaluate/evaluation.js';
import { conditionText, configuredWindow, limitText } from '../../src/render/metric-format.js';
import { rulesSection } from '../../src/render/rules-section.js';
import type { RunView } from '../../src/render/run-view.js';

// How baseline and anomaly rules read in the reports: their limit is what production's history made of
// them, shown beside the factor or the sensitivity, and their window is history, not samples.

const rule = (condition: RuleConfig['condition']): RuleConfig => ({
  id: 'r',
  name: 'R',
  condition,
  severity: 'warning',
  channels: [],
  enabled: true,
  origin: 'config',
});

const baseline: RuleResult = {
  rule: rule({
    metric: 'p95_response_time',
    operator: 'gt',
    baseline: { against: 'production', factor: 1.5, window: 86_400 },
  }),
  state: 'triggered',
  value: 820,
  limit: 534,
  note: "p95_response_time 820 ms is 2.3× production's 24 h p95_response_time (356 ms, 864 samples from 288 runs of shop); limit 1.5× (534 ms)",
};

const anomaly: RuleResult = {
  rule: rule({
    metric: 'avg_response_time',
    operator: 'gt',
    anomaly: { sensitivity: 3.5, window: 21_600, trigger: { flagged: 3, of: 4 }, direction: 'above' },
  }),
  state: 'skipped',
  note: 'the 6 h window holds 3 runs; anomaly rules need at least 8',
};

describe('baseline and anomaly rules in the reports', () => {
  it('shows a baseline rule’s factor with the limit production made of it', () => {
    expect(limitText(baseline)).toBe('1.5× production (534 ms)');
    expect(conditionText(baseline)).toBe(
      `p95_response_time 820 ms > 1.5× production (534 ms) over 24 h of history (${baseline.note})`,
    );
    expect(configuredWindow(baseline)).toBe('24 h of history');
  });

  it('shows an anomaly rule’s sensitivity, without a limit before the history gave one', () => {
    expect(limitText(anomaly)).toBe('3.5 robust σ');
    expect(configuredWindow(anomaly)).toBe('6 h of history');
  });

  it('puts both in the rules table with the reason a rule was skipped', () => {
    const table = rulesSection({ rules: [baseline, anomaly] } as unknown as RunView);
    expect(table).toContain('1.5× production (534 ms)');
    expect(table).toContain('3.5 robust σ');
    expect(table).toContain('the 6 h window holds 3 runs');
  });
});
