import type { GateConfig } from '../config/types.js';
import type { Evaluator } from '../evaluate/evaluator.js';
import type { BaselineSource } from '../evaluate/rules/baseline-source.js';
import { rulesEvaluator } from '../evaluate/rules/index.js';
import type { RunRecord } from '../history/types.js';
import { METRICS } from '../metrics/registry.js';
import type { Sample } from '../model/types.js';
import { type AnomalyHistory, anomalyEvaluator } from './anomaly-rules.js';

/**
 * The samples of earlier runs (from the history) as the gate's samples, so a time-window rule
 * (`timeWindow: 300`) sees the last minutes of scheduled checks, not only this run's few requests. A sample
 * without an HTTP answer is a transport error; one whose answer was not understood or said unhealthy keeps
 * its HTTP code and says `unhealthy`.
 */
export function historySamples(records: readonly RunRecord[]): Sample[] {
  return records.flatMap((record) =>
    record.samples.map(
      (s): Sample => ({
        startedAt: s.at,
        durationMs: s.ms,
        httpStatus: s.http,
        error: s.http === undefined ? 'no answer' : undefined,
        status: s.ok ? 'healthy' : 'unhealthy',
      }),
    ),
  );
}

/**
 * `evaluator` (the rules) with the history's samples added to the window: they sit after this run's
 * warm-up retries (which never count) and before its own samples, and the window's time filter decides which
 * of them a rule reads. The checklist and the endpoint's own status still judge this run's answer alone.
 */
export function withHistorySamples(evaluator: Evaluator, earlier: readonly Sample[]): Evaluator {
  if (!earlier.length) return evaluator;
  return {
    name: evaluator.name,
    evaluate: (context) =>
      evaluator.evaluate({
        ...context,
        samples: [
          ...context.samples.slice(0, context.firstAnswerIndex),
          ...earlier,
          ...context.samples.slice(context.firstAnswerIndex),
        ],
      }),
  };
}

export interface MonitorRuleHistory {
  /** Where baseline rules read the history (this target's own, or the rule's `target`). */
  baselines?: BaselineSource | undefined;
  /** The target's runs and roll-ups for anomaly rules. */
  anomaly: AnomalyHistory;
}

/**
 * The rules as the monitor runs them: a rule with a `timeWindow` reads this run's samples and the history's
 * of that window (the last minutes of scheduled checks), and triggers only when this run's own samples
 * trigger it too: earlier runs were judged already, so a blip never counts twice (it would otherwise make the
 * next run fail on its samples and turn one bad run into a confirmed outage), while the window's history
 * still smooths one slow answer away. A rule without a window reads this run's samples alone, as in the gate.
 * Anomaly rules are judged against the target's own history (anomaly-rules.ts). The metrics come from this run.
 */
export function monitorRules(
  config: GateConfig,
  earlier: readonly Sample[],
  history: MonitorRuleHistory = { anomaly: { records: [], hourly: [] } },
): Evaluator[] {
  const anomalies = config.rules.filter((rule) => rule.condition.anomaly !== undefined);
  const others = config.rules.filter((rule) => rule.condition.anomaly === undefined);
  const options = { baselines: history.baselines };
  const judged = anomalies.length ? [anomalyEvaluator(anomalies, history.anomaly)] : [];
  const windowed = others.filter((rule) => rule.condition.timeWindow !== undefined);
  if (!earlier.length || !windowed.length) {
    return [rulesEvaluator({ ...config, rules: others }, METRICS, options), ...judged];
  }
  const plain = rulesEvaluator(
    { ...config, rules: others.filter((r) => !windowed.includes(r)) },
    METRICS,
    options,
  );
  const own = rulesEvaluator({ ...config, rules: windowed }, METRICS, options);
  const withHistory = withHistorySamples(own, earlier);
  return [
    plain,
    {
      name: 'rules (with history)',
      evaluate: async (context) => {
        const [mine, window] = await Promise.all([own.evaluate(context), withHistory.evaluate(context)]);
        const triggeredHere = new Set((mine.findings ?? []).map((f) => f.id));
        return {
          findings: (window.findings ?? []).filter((f) => triggeredHere.has(f.id)),
          rules: (window.rules ?? []).map((result) =>
            result.state === 'triggered' && !triggeredHere.has(result.rule.id)
              ? {
                  ...result,
                  state: 'ok' as const,
                  note: 'over the window with earlier runs only; not this run',
                }
              : result,
          ),
        };
      },
    },
    ...judged,
  ];
}
