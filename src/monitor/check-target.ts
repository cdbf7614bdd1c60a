import type { GateConfig } from '../config/types.js';
import { checklistEvaluator } from '../evaluate/checklist/index.js';
import type { BaselineSource } from '../evaluate/rules/baseline-source.js';
import { runGate } from '../gate/run-gate.js';
import type { RunRecord } from '../history/types.js';
import type { Deps, Logger } from '../model/deps.js';
import type { RunContext } from '../model/run-context.js';
import type { RunResult } from '../model/run-result.js';
import type { AnomalyHistory } from './anomaly-rules.js';
import { historySamples, monitorRules } from './history-window.js';
import { runRecord } from './record.js';
import { type MonitorSettings, targetSettings } from './settings.js';
import type { MonitorTarget } from './targets.js';

export interface TargetCheck {
  target: MonitorTarget;
  result: RunResult;
  record: RunRecord;
}

/**
 * One target checked by the gate's own pipeline (runGate): its URL as the deployment, `samples` requests
 * spaced `sample-interval` (the first answer, then an observation window), the endpoint's status, the rules
 * (time-window ones with the history's recent samples) and the checklist; no gate reports. Never throws for
 * remote trouble: a target that hangs, answers garbage or 50 MB is an unhealthy verdict, as in the gate.
 */
export async function checkTarget(input: {
  target: MonitorTarget;
  settings: MonitorSettings;
  config: GateConfig;
  context: RunContext;
  deps: Deps;
  /** This target's run records of the recent past (the history), oldest first. */
  recent: readonly RunRecord[];
  /** What anomaly rules read: the target's runs of their window and hourly roll-ups, or why there are none. */
  forRules?: AnomalyHistory | undefined;
  /** Where baseline rules read their history. */
  baselines?: BaselineSource | undefined;
  /** Unique per run: `<runId>-<attempt>` on the runner, a random id on the command line. */
  runId: string;
}): Promise<TargetCheck> {
  const { target, settings, config, context, deps } = input;
  const gateSettings = targetSettings(settings, target.url, target.vercel?.sha);
  const result = await runGate({
    settings: gateSettings,
    context,
    deps: { ...deps, logger: targetLogger(deps.logger, target) },
    github: undefined,
    evaluators: [
      ...monitorRules(config, historySamples(input.recent), {
        baselines: input.baselines,
        anomaly: input.forRules ?? { records: input.recent, hourly: [] },
      }),
      checklistEvaluator(config, { settings: gateSettings, rollbar: () => NO_DEPLOY }),
    ],
  });
  const record = runRecord(target.name, result, input.runId);
  // A target read from Vercel's production knows its deployment even when the URL lookup was skipped.
  if (target.vercel) {
    record.deploymentId ??= target.vercel.deploymentId;
    record.sha ??= target.vercel.sha;
  }
  return { target, result, record };
}

/** A monitor run announces no deploy to Rollbar (its incidents are items): the checklist item says so. */
const NO_DEPLOY = { accepted: undefined, detail: 'a monitor run announces no deploy' } as const;

/**
 * The gate's log lines of one target, each behind the target's name (several targets are checked side by side).
 * The gate's "Resolving the deployment of <commit>" names the workflow's commit, which means nothing for a URL
 * target: left out.
 */
function targetLogger(logger: Logger, target: MonitorTarget): Logger {
  const prefix = (message: string) => `[${target.name}] ${message}`;
  return {
    debug: (message) => logger.debug(prefix(message)),
    info: (message) => {
      if (!target.vercel && message.startsWith('Resolving the deployment of ')) return;
      logger.info(prefix(message));
    },
    warning: (message) => logger.warning(prefix(message)),
    error: (message) => logger.error(prefix(message)),
  };
}
