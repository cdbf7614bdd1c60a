import { createHash } from 'node:crypto';
import type { RuleConfig, Severity } from '../../config/types.js';
import type { RuleResult } from '../../evaluate/evaluation.js';
import type { RunResult } from '../../model/run-result.js';
import { conditionText } from '../../render/metric-format.js';
import { redactDeep, redactText, secretsToRedact } from '../../render/redact.js';

export type RollbarLevel = 'critical' | 'error' | 'warning' | 'info' | 'debug';

/** One Rollbar item for one triggered rule. */
export interface AlertItem {
  ruleId: string;
  level: RollbarLevel;
  /** Same environment and rule → same fingerprint → one Rollbar item that counts occurrences. */
  fingerprint: string;
  /** Rollbar's item title: the rule and what was observed. */
  title: string;
  /** The occurrence's message body. */
  message: string;
  /** Rollbar's `custom` data: the deployment, the rule, the metrics and the run. */
  custom: Record<string, unknown>;
}

/** Rollbar cuts titles at 255 characters. */
const MAX_TITLE = 255;

const LEVELS: readonly string[] = ['critical', 'error', 'warning', 'info', 'debug'];
const levelOfSeverity: Record<Severity, RollbarLevel> = {
  critical: 'critical',
  warning: 'warning',
  info: 'info',
};

/**
 * Items for the rules that triggered and name a `rollbar` channel, nothing else: a healthy run (even one
 * after failures) sends none. Secrets are masked in everything that may quote a remote server.
 */
export function alertItemsFor(run: RunResult, environment: string): AlertItem[] {
  const secrets = secretsToRedact(run);
  return run.evaluation.rules
    .filter((result) => result.state === 'triggered')
    .flatMap((result) => {
      const channel = result.rule.channels.find((c) => c.type === 'rollbar');
      if (!channel) return [];
      const level = channelLevel(channel.config) ?? levelOfSeverity[result.rule.severity];
      const item: AlertItem = {
        ruleId: result.rule.id,
        level,
        fingerprint: fingerprintOf(environment, result.rule),
        title: clip(redactText(titleOf(result), secrets), MAX_TITLE),
        message: redactText(messageOf(run, result), secrets),
        custom: redactDeep(customOf(run, result, environment), secrets),
      };
      return [item];
    });
}

/** Stable across runs, commits and deployments: only the environment and the rule's id go in. */
export function fingerprintOf(environment: string, rule: Pick<RuleConfig, 'id'>): string {
  // Rollbar hashes fingerprints longer than 40 characters itself; a SHA-1 hex is exactly 40 and opaque.
  return createHash('sha1').update(`deployment-health-gate\n${environment}\n${rule.id}`).digest('hex');
}

function channelLevel(config: Record<string, unknown> | undefined): RollbarLevel | undefined {
  const level = config?.level;
  return typeof level === 'string' && LEVELS.includes(level) ? (level as RollbarLevel) : undefined;
}

/** `High Response Time: avg_response_time 2350 ms > 2000 ms`. */
function titleOf(result: RuleResult): string {
  return `${result.rule.name}: ${conditionText(result, { window: false })}`;
}

function messageOf(run: RunResult, result: RuleResult): string {
  const url = run.resolve?.deployment.url ?? `the deployment of ${run.sha.slice(0, 7)}`;
  const link = run.context.runUrl ? ` Run: ${run.context.runUrl}` : '';
  return (
    `Alert rule ${result.rule.id} (${result.rule.name}, ${result.rule.severity}) triggered on ${url} ` +
    `(${run.environment}, ${run.sha.slice(0, 7)}): ${conditionText(result)}. Verdict: ` +
    `${run.verdict.status} (${run.verdict.reason}).${link}`
  );
}

/**
 * Custom data. The SDK treats a top-level `url`, `headers`, `method`, `body`, `protocol` or `route` as an HTTP
 * request to report, so those words only appear nested.
 */
function customOf(run: RunResult, result: RuleResult, environment: string): Record<string, unknown> {
  const deployment = run.resolve?.deployment;
  const { condition } = result.rule;
  return {
    rule: {
      id: result.rule.id,
      name: result.rule.name,
      severity: result.rule.severity,
      metric: condition.metric,
      operator: condition.operator,
      threshold: condition.threshold ?? null,
      limit: condition.threshold ?? result.limit ?? null,
      baseline: condition.baseline ?? null,
      anomaly: condition.anomaly ?? null,
      time_window_s: condition.timeWindow ?? null,
      observed: result.value ?? null,
      observed_window_s: result.windowSeconds ?? null,
      note: result.note ?? null,
    },
    deployment: {
      url: deployment?.url ?? null,
      id: deployment?.id ?? null,
      sha: run.sha,
      target: run.environment,
      rollbar_environment: environment,
      project: deployment?.project ?? null,
      inspector_url: deployment?.inspectorUrl ?? null,
    },
    verdict: { status: run.verdict.status, reason: run.verdict.reason, message: run.verdict.message },
    metrics: run.evaluation.metrics,
    run_url: run.context.runUrl || null,
    repository: run.context.owner ? `${run.context.owner}/${run.context.repo}` : null,
  };
}

function clip(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}
