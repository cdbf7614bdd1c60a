// Rollbar: the run's deploy (announced when the gate starts, closed with its outcome) and one item per
// triggered alert rule with a `rollbar` channel. Rollbar is a side channel: its trouble becomes a warning,
// never a verdict, and it never holds the step for more than a few seconds.

import type { RollbarDeployState } from '../../evaluate/checklist/rollbar-item.js';
import type { Deps } from '../../model/deps.js';
import type { RunContext } from '../../model/run-context.js';
import type { RunResult } from '../../model/run-result.js';
import type { ResolveOutcome } from '../../model/types.js';
import { redactText } from '../../render/redact.js';
import { type Settings, secretsOf } from '../../settings/settings.js';
import { untrusted } from '../../util/text.js';
import { noSink, type Progress } from '../sink.js';
import { deliverAlerts } from './alert-delivery.js';
import { alertItemsFor } from './alert-items.js';
import { type Announcement, DeployTracker } from './deploy-tracker.js';
import { RollbarTroubles } from './troubles.js';
import { defaultRollbarTuning, type RollbarTuning } from './tuning.js';

export type { RollbarTuning } from './tuning.js';
export { defaultRollbarTuning } from './tuning.js';

export interface RollbarReports extends Progress {
  /** For the checklist item; undefined when no rollbar-token was given. */
  deployState(): RollbarDeployState | undefined;
  /** PATCH the deploy, send one item per triggered rule with a rollbar channel, flush (bounded). Never throws. */
  finish(run: RunResult, extra?: { notes?: string[] }): Promise<void>;
}

export interface RollbarReportsOptions {
  settings: Settings;
  context: RunContext;
  deps: Deps;
  /** Timeouts and budgets; tests shrink them. */
  tuning?: Partial<RollbarTuning> | undefined;
}

const noRollbar: RollbarReports = { ...noSink, deployState: () => undefined, finish: async () => undefined };

export function createRollbarReports(options: RollbarReportsOptions): RollbarReports {
  const { settings, context, deps } = options;
  const given = settings.rollbar.token;
  if (!given) return noRollbar;
  const token: string = given;
  const tuning: RollbarTuning = { ...defaultRollbarTuning, ...options.tuning };
  const { endpoint } = settings.rollbar;
  const troubles = new RollbarTroubles(new URL(endpoint).origin);
  const env = { endpoint, token, requestTimeoutMs: settings.requestTimeoutMs, tuning, deps };
  // As the reports mask them (redact.ts): longest first, and none too short to be a real secret.
  const secrets = secretsOf(settings)
    .filter((secret) => secret.length >= 4)
    .sort((a, b) => b.length - a.length);
  const deploy = new DeployTracker(env, context, troubles, (text) => redactText(text, secrets));
  const chosen = settings.rollbar.environment;
  let sha = settings.sha ?? context.sha;
  let deploymentUrl: string | undefined;

  const fallbackEnvironment = () => (settings.environment === 'production' ? 'production' : 'preview');
  // Observer calls must not reach the pipeline with an error, whatever happens here.
  const guard = async (what: string, work: () => Promise<void> | void) => {
    try {
      await work();
    } catch (error) {
      deps.logger.warning(
        `Rollbar reports: ${what} failed (${untrusted(String(error))}); the verdict is unaffected.`,
      );
    }
  };

  return {
    async started(info) {
      await guard('the deploy announcement', () => {
        sha = info.sha;
        deploymentUrl = info.deploymentUrl;
        const environment = chosen ?? info.environment;
        // Announced now only when the environment is known; otherwise once the deployment is resolved.
        if (environment) deploy.announce({ environment, sha, deploymentUrl });
      });
    },

    async phase() {},

    async resolved(outcome: ResolveOutcome) {
      await guard('the deploy announcement', async () => {
        sha = outcome.deployment.sha || sha;
        deploymentUrl = outcome.deployment.url ?? deploymentUrl;
        const stoppedByCancel = outcome.kind === 'stopped' && outcome.reason === 'cancelled';
        // A cancelled run announces at the end, with its final status: one quick call instead of two.
        if (deploy.environment === undefined && !stoppedByCancel && !deps.signal.aborted) {
          const environment = chosen ?? outcome.deployment.environment ?? fallbackEnvironment();
          deploy.announce({ environment, sha, deploymentUrl });
        }
        // The checklist reads the answer next; the call's own budget bounds the wait.
        await deploy.settled();
      });
    },

    deployState: () => deploy.state(),

    async finish(run, extra) {
      try {
        const announcement: Announcement = {
          environment: deploy.environment ?? chosen ?? run.environment,
          sha: run.sha || sha,
          deploymentUrl: run.resolve?.deployment.url ?? deploymentUrl,
        };
        const items = alertItemsFor(run, announcement.environment);
        const alerts = {
          token,
          endpoint,
          environment: announcement.environment,
          sha: announcement.sha,
          headerNames: run.settings.headers.map(([name]) => name),
          tuning,
          troubles,
          deps,
        };
        await Promise.all([
          deploy.complete(run, announcement, extra?.notes),
          // After the announcement: its answer says whether calling Rollbar is worth it at all.
          deploy.settled().then(() => deliverAlerts(items, alerts)),
        ]);
      } catch (error) {
        deps.logger.warning(
          `Rollbar reports could not be completed: ${untrusted(String(error))}. The verdict is unaffected.`,
        );
      } finally {
        for (const warning of troubles.warnings()) deps.logger.warning(warning);
      }
    },
  };
}
