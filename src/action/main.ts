import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError } from '../config/config-error.js';
import { loadConfig } from '../config/load.js';
import type { GateConfig } from '../config/types.js';
import type { Deps } from '../model/deps.js';
import { readRunContext } from '../model/run-context.js';
import type { Annotation } from '../render/annotations.js';
import { configErrorMarkdown } from '../render/config-error.js';
import { parseSettings, type Settings, SettingsError, secretsOf } from '../settings/settings.js';
import { systemClock } from '../util/clock.js';
import { registerSecrets } from '../util/mask.js';
import { abortOnSignals } from '../util/signals.js';
import { VERSION } from '../version.js';
import * as core from './core.js';
import { maskSecretInputs, readInput } from './inputs.js';
import { annotate, createRunnerLogger, failStep } from './logger.js';

/** The action's main step: inputs → gate → reports → exit code. Logic lives in the pipeline's stages. */
export async function run(): Promise<void> {
  // First of all: a cancel that arrives during start-up must still end in reports, not a killed process.
  const controller = new AbortController();
  const stopListening = abortOnSignals(controller);
  try {
    await gate(controller);
  } finally {
    stopListening();
  }
}

async function gate(controller: AbortController): Promise<void> {
  maskSecretInputs();
  const logger = createRunnerLogger();
  const context = readRunContext(process.env);

  let settings: Settings;
  let config: GateConfig;
  try {
    settings = parseSettings(readInput);
    config = await loadConfig({ configPath: settings.configPath, workspace: context.workspace });
  } catch (error) {
    if (!(error instanceof SettingsError) && !(error instanceof ConfigError)) throw error;
    // Nothing has been contacted yet: say what to fix and stop.
    core.setOutput('status', 'unhealthy');
    core.setOutput('reason', 'config');
    await core.summary
      .addHeading('🔴 Deployment health gate: configuration error', 2)
      .addRaw(`\n\n${configErrorMarkdown(error)}`)
      .write();
    core.saveState('finished', 'true');
    failStep(error.message);
    return;
  }
  registerSecrets(secretsOf(settings));

  // The inputs and the config file are good: only now is the engine loaded (a chunk of its own in dist/).
  const {
    Agent,
    annotationsFor,
    buildJsonReport,
    checkAllProjects,
    createGitHubClient,
    fileSafe,
    githubReportsUnavailable,
    isOwnDeploymentStatusEvent,
    outputsFor,
    projectKey,
    renderConsole,
    renderSummary,
    renderVercelActions,
    settingsPerProject,
    vercelActionLines,
    writeJsonReport,
  } = await import('../app/engine.js');
  const targets = settingsPerProject(settings);
  // Each project of a monorepo marks its statuses with its own check name.
  if (targets.some((target) => isOwnDeploymentStatusEvent(context, target))) {
    // A status this action wrote itself (a personal token makes it trigger workflows): no loops.
    logger.info(
      'This deployment_status event was written by the deployment health gate itself; nothing to do.',
    );
    core.saveState('finished', 'true');
    return;
  }

  const dispatcher = new Agent({ connect: { timeout: settings.requestTimeoutMs } });
  const deps: Deps = {
    clock: systemClock,
    logger,
    dispatcher,
    random: Math.random,
    signal: controller.signal,
  };
  // Without a repository there is nothing to write to or read from on GitHub.
  const github =
    settings.githubToken && context.owner && context.repo
      ? createGitHubClient(settings.githubToken, context, deps)
      : undefined;
  // Once, not per project: a run that cannot write its check run or deployment status says so.
  const unavailable = githubReportsUnavailable(settings, context);
  if (unavailable) logger.info(unavailable);

  try {
    const { outcomes, worst, monorepo } = await checkAllProjects({
      targets,
      config,
      context,
      deps,
      github,
      saveState: (name, value) => core.saveState(name, value),
    });

    const reportDir = join(process.env.RUNNER_TEMP || tmpdir(), 'deployment-health-gate');
    const perProject: Record<string, Record<string, string>> = {};
    const annotations: Annotation[] = [];
    const summaries: string[] = [];
    for (const { settings: target, result, checkRun, vercelActions } of outcomes) {
      const project = target.vercel.project;
      const reportPath = join(
        reportDir,
        `report-${context.runId || process.pid}${monorepo && project ? `-${fileSafe(project)}` : ''}.json`,
      );
      try {
        await writeJsonReport(reportPath, buildJsonReport(result, { version: VERSION }));
      } catch (error) {
        logger.warning(`Could not write the JSON report to ${reportPath}: ${(error as Error).message}`);
      }
      perProject[projectKey(target)] = {
        ...outputsFor(result, reportPath),
        'check-run-id': checkRun.checkRunId ? String(checkRun.checkRunId) : '',
        'check-run-url': checkRun.checkRunUrl ?? '',
      };

      if (monorepo) logger.info(`── ${project} ──`);
      for (const line of renderConsole(result)) logger.info(line);
      for (const line of vercelActionLines(vercelActions)) {
        if (vercelActions.rolledBack || vercelActions.problems.length) logger.warning(line);
        else logger.info(line);
      }
      if (settings.reports.has('annotations')) {
        for (const annotation of annotationsFor(result)) {
          annotations.push(
            monorepo ? { ...annotation, title: `[${project}] ${annotation.title}` } : annotation,
          );
        }
      }
      const vercelSection = renderVercelActions(vercelActions);
      summaries.push(
        (monorepo ? `# ${project}\n\n` : '') +
          renderSummary(result) +
          (vercelSection ? `\n${vercelSection}\n` : ''),
      );
    }

    // The worst project speaks for the step; `projects` has each one.
    const worstOutputs = perProject[projectKey(worst.settings)] ?? {};
    for (const [name, value] of Object.entries(worstOutputs)) core.setOutput(name, value);
    core.setOutput('projects', JSON.stringify(perProject));

    for (const annotation of annotations) annotate(annotation.level, annotation.message, annotation.title);

    if (settings.reports.has('summary')) {
      try {
        await core.summary.addRaw(summaries.join('\n\n---\n\n')).write();
      } catch (error) {
        logger.warning(`Could not write the job summary: ${(error as Error).message}`);
      }
    }

    const failed = outcomes.filter((o) => o.result.gateFailed);
    // `finished` says only that a verdict was reached and reported here. Whether GitHub took the check run's
    // and the deployment status's completion is recorded by each report; the post step completes the rest.
    core.saveState('finished', 'true');
    if (failed.length) {
      // The error annotations already say why; setFailed would add the same sentence once more.
      if (annotations.some((a) => a.level === 'error')) process.exitCode = 1;
      else failStep(failed.map((o) => o.result.verdict.message).join(' '));
    }
  } catch (error) {
    // Remote trouble never lands here (every stage turns it into a verdict): this is a bug. Fail loudly.
    failStep(
      `Deployment Health Gate stopped on an unexpected error: ${(error as Error).stack ?? String(error)}. Please report it with this log.`,
    );
  } finally {
    await dispatcher.close().catch(() => undefined);
  }
}
