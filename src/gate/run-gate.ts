import { endpointEvaluator } from '../evaluate/endpoint.js';
import { type Evaluation, emptyEvaluation } from '../evaluate/evaluation.js';
import { type Evaluator, runEvaluators } from '../evaluate/evaluator.js';
import {
  gateFails,
  verdictBeforeEvaluation,
  verdictFromFindings,
  verdictFromStop,
} from '../evaluate/verdict.js';
import type { Deps } from '../model/deps.js';
import type { RunContext } from '../model/run-context.js';
import type { RunResult } from '../model/run-result.js';
import type { ProbeOutcome, ResolveOutcome, Verdict } from '../model/types.js';
import { forceCheck, startMonitoring } from '../probe/hemera-actions.js';
import { probeHealth } from '../probe/index.js';
import { observeHealth } from '../probe/observe.js';
import {
  eventHints,
  type GitHub,
  resolveDeployment,
  resolveSha,
  withDeploymentCommit,
} from '../resolve/index.js';
import type { Settings } from '../settings/settings.js';
import { noSink, type Progress } from '../sinks/sink.js';

const EVALUATION_CANCELLED =
  'The run was cancelled before the gate finished evaluating the health answer (rules, checklist); the ' +
  'deployment was not fully checked, so the gate does not pass it. Re-run the job to check the deployment.';

export interface GateInput {
  settings: Settings;
  context: RunContext;
  deps: Deps;
  github: GitHub | undefined;
  /** Evaluators beside the endpoint's own status (rules, checklist); the endpoint evaluator always runs. */
  evaluators?: Evaluator[];
  /** Told of each phase as it begins (the sinks: check run, deployment status, …). */
  observer?: Progress;
}

/** resolve → probe → evaluate → decide. Never throws for remote trouble: every outcome becomes a verdict. */
export async function runGate({
  settings: given,
  context,
  deps,
  github,
  evaluators = [],
  observer = noSink,
}: GateInput): Promise<RunResult> {
  const startedAt = deps.clock.now();
  const settings = await withDeploymentCommit(given, context, deps);
  const sha = resolveSha(settings, context);
  const { logger } = deps;

  await observer.started({ sha, ...eventHints(settings, context) });
  logger.info(`Resolving the deployment of ${sha.slice(0, 7)}…`);
  await observer.phase('waiting', `Waiting for the deployment of ${sha.slice(0, 7)} to be ready`);
  const resolve: ResolveOutcome = await resolveDeployment({ settings, context, deps, github });
  const resolvedAt = deps.clock.now();
  await observer.resolved(resolve);

  let probe: ProbeOutcome | undefined;
  if (resolve.kind === 'ready') {
    const { url, environment } = resolve.deployment;
    logger.info(`Deployment ready: ${url} (${environment}); probing ${settings.healthPath}`);
    await observer.phase('probing', `Probing ${url}${settings.healthPath}`);
    if (settings.forceCheck) await forceCheck(url, settings, deps);
    probe = await probeHealth(url, settings, deps);
  }
  let probedAt = deps.clock.now();

  let verdict: Verdict | undefined = verdictBeforeEvaluation(resolve, probe);
  let evaluation: Evaluation = emptyEvaluation();
  if (!verdict && resolve.kind === 'ready' && probe?.kind === 'answered') {
    // The probe stops at its first definitive answer; everything before it was warm-up.
    const firstAnswerIndex = probe.samples.length - 1;
    const firstAnswer = probe.samples[firstAnswerIndex];
    let document = probe.document;
    if (settings.observeMs > 0 && firstAnswer) {
      const observed = await observeHealth(resolve.deployment.url, settings, deps, firstAnswer);
      // Judge the deployment as it stands at the end of the window, not as it stood at the first answer.
      document = observed.lastDocument ?? document;
      probe = { ...probe, document, samples: [...probe.samples, ...observed.samples] };
      // A window a cancel cut short checked less than was asked: never a pass, whatever it saw so far.
      if (observed.cancelled) verdict = verdictFromStop({ reason: 'cancelled', ...observed.cancelled });
    }
    probedAt = deps.clock.now();
    if (!verdict) {
      await observer.phase('evaluating', 'Evaluating the health answer');
      evaluation = await runEvaluators([endpointEvaluator, ...evaluators], {
        deployment: resolve.deployment,
        document,
        samples: probe.samples,
        firstAnswerIndex,
        deps,
      });
      // A cancel during the evaluation skips what was still to check (checklist probes, Vercel lookups).
      verdict = deps.signal.aborted
        ? verdictFromStop({ reason: 'cancelled', message: EVALUATION_CANCELLED })
        : verdictFromFindings(evaluation.findings);
    }
    if (
      verdict.status === 'healthy' &&
      settings.startMonitoringMinutes !== undefined &&
      !deps.signal.aborted
    ) {
      await startMonitoring(resolve.deployment.url, settings, deps, settings.startMonitoringMinutes);
    }
  }
  // Unreachable by construction (ready implies a probe outcome); kept so the types need no assertion.
  verdict ??= {
    status: 'unhealthy',
    reason: 'endpoint',
    message: 'No health answer was obtained.',
    findings: [],
  };

  const environment =
    resolve.kind === 'ready'
      ? resolve.deployment.environment
      : (resolve.deployment.environment ??
        (settings.environment === 'production' ? 'production' : 'preview'));

  return {
    settings,
    context,
    sha: resolve.kind === 'ready' ? resolve.deployment.sha : resolve.deployment.sha || sha,
    environment,
    resolve,
    probe,
    verdict,
    evaluation,
    gateFailed: gateFails(verdict, settings.failOn),
    timings: {
      startedAt,
      waitMs: resolvedAt - startedAt,
      probeMs: probedAt - resolvedAt,
      totalMs: deps.clock.now() - startedAt,
    },
  };
}
