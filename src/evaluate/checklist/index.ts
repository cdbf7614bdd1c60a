import type { BackoffPolicy } from '../../clients/backoff.js';
import type { GateConfig } from '../../config/types.js';
import type { Settings } from '../../settings/settings.js';
import type { ChecklistItemResult, Evaluation } from '../evaluation.js';
import type { EvaluationContext, Evaluator } from '../evaluator.js';
import { endpointReachable, servicesPass } from './endpoint-items.js';
import { customItem, dashboardAnswers, type HttpItemContext } from './http-items.js';
import { findingFor, type ItemOutcome } from './item.js';
import { type RollbarDeployState, rollbarDeploy } from './rollbar-item.js';
import { alertRules } from './rules-item.js';
import { type VercelEnvSource, vercelEnv, vercelEnvSource } from './vercel-env.js';

export type { RollbarDeployState } from './rollbar-item.js';
export type { EnvLookup, VercelEnvSource } from './vercel-env.js';
export { vercelEnvSource } from './vercel-env.js';

export interface ChecklistOptions {
  settings: Settings;
  /**
   * Where the names of the project's environment variables come from. Default: the Vercel API with
   * `vercel-token` (none without a token, and the item is skipped).
   */
  vercel?: VercelEnvSource | undefined;
  /** What the Rollbar reporter learnt about the deploy; absent or undefined: no `rollbar-token` was given. */
  rollbar?: (() => RollbarDeployState | undefined) | undefined;
  /** Retry spacing of the checklist's requests to the deployment; tests pass shorter ones. */
  backoff?: BackoffPolicy | undefined;
}

/**
 * The original design's deployment checklist, checked by machine where a machine can. Built-in items first, in the
 * original design's order, then the config's own. Every item is passed, failed or skipped with its reason; each failed
 * item is a finding (required → unhealthy, optional → degraded). The network items (dashboard, custom
 * probes, Vercel variables) run side by side, each with the request timeout.
 */
export function checklistEvaluator(config: GateConfig, options: ChecklistOptions): Evaluator {
  return {
    name: 'checklist',
    async evaluate(context: EvaluationContext): Promise<Partial<Evaluation>> {
      const { settings } = options;
      const { deployment, deps } = context;
      const http: HttpItemContext = {
        baseUrl: deployment.url,
        settings: {
          headers: settings.headers,
          protectionBypass: settings.protectionBypass,
          requestTimeoutMs: settings.requestTimeoutMs,
          backoff: options.backoff,
        },
        deps,
        file: config.file,
      };
      const network = Promise.all([
        vercelEnv({
          required: config.checklist.env,
          source: options.vercel ?? vercelEnvSource(settings, deps),
          project: settings.vercel.project ?? deployment.project,
          target: deployment.environment,
          deps,
        }),
        dashboardAnswers(http, config.checklist.dashboard, config.checklist.dashboardWritten),
        ...config.checklist.items.map((item) => customItem(http, item)),
      ]);
      const [env, dashboard, ...custom] = await network;
      const outcomes: ItemOutcome[] = [
        endpointReachable(context.samples, context.firstAnswerIndex),
        servicesPass(context.document),
        alertRules(config),
        rollbarDeploy(options.rollbar?.()),
        env,
        dashboard,
        ...custom,
      ];
      const checklist: ChecklistItemResult[] = outcomes.map((o) => o.result);
      deps.logger.info(`Checklist: ${summarise(checklist)}.`);
      for (const item of checklist) {
        deps.logger.debug(
          `Checklist ${item.id} (${item.required ? 'required' : 'optional'}): ${item.state} — ${item.detail}`,
        );
      }
      const findings = outcomes
        .filter((o) => o.result.state === 'failed')
        .map((o) => findingFor(o.result, o.advice, o.blame));
      return { checklist, findings };
    },
  };
}

function summarise(items: ChecklistItemResult[]): string {
  const count = (state: ChecklistItemResult['state']) => items.filter((i) => i.state === state).length;
  const failedNames = items.filter((i) => i.state === 'failed').map((i) => i.id);
  return (
    `${count('passed')} passed, ${count('failed')} failed, ${count('skipped')} skipped` +
    (failedNames.length ? ` (failed: ${failedNames.join(', ')})` : '')
  );
}
