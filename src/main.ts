import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as core from '@actions/core';
import { Agent } from 'undici';
import { ConfigError, type GateConfig, loadConfig } from './config/index.js';
import { readRunContext } from './context.js';
import type { Deps } from './deps.js';
import { checklistEvaluator } from './evaluate/checklist/index.js';
import { rulesEvaluator } from './evaluate/rules/index.js';
import { combineObservers } from './observer.js';
import { runGate } from './pipeline.js';
import { annotationsFor } from './report/annotations.js';
import { renderConsole } from './report/console.js';
import {
  createGitHubClient,
  createGitHubReports,
  isOwnDeploymentStatusEvent,
  locateInConfig,
} from './report/github/index.js';
import { buildJsonReport, writeJsonReport } from './report/json-report.js';
import { outputsFor } from './report/outputs.js';
import { createRollbarReports } from './report/rollbar/index.js';
import { renderSummary } from './report/summary.js';
import { maskSecretInputs, readInput } from './runner/inputs.js';
import { createRunnerLogger, redact } from './runner/logger.js';
import { abortOnSignals } from './runner/signals.js';
import { parseSettings, type Settings, SettingsError, secretsOf } from './settings/settings.js';
import { systemClock } from './util/clock.js';
import { createVercelGate, renderVercelActions, vercelActionLines } from './vercel-gate/index.js';
import { VERSION } from './version.js';

/** The action's main step: inputs → gate → reports → exit code. Logic lives in the pipeline's stages. */
export async function run(): Promise<void> {
  const secrets = maskSecretInputs();
  const logger = createRunnerLogger(() => secrets);
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
      .addRaw(`\n\n${error.message}\n`)
      .write();
    core.saveState('finished', 'true');
    core.setFailed(error.message);
    return;
  }
  secrets.push(...secretsOf(settings).filter((s) => !secrets.includes(s)));

  if (isOwnDeploymentStatusEvent(context, settings)) {
    // A status this action wrote itself (a personal token makes it trigger workflows): no loops.
    logger.info(
      'This deployment_status event was written by the deployment health gate itself; nothing to do.',
    );
    core.saveState('finished', 'true');
    return;
  }

  const controller = new AbortController();
  const stopListening = abortOnSignals(controller);
  const dispatcher = new Agent({ connect: { timeout: settings.requestTimeoutMs } });
  const deps: Deps = {
    clock: systemClock,
    logger,
    dispatcher,
    random: Math.random,
    signal: controller.signal,
  };
  const github = settings.githubToken ? createGitHubClient(settings.githubToken, context, deps) : undefined;
  const reports = createGitHubReports({
    octokit: github,
    settings,
    context,
    deps,
    saveState: core.saveState,
    locate: locateInConfig(config, { workspace: context.workspace }),
  });
  const rollbar = createRollbarReports({ settings, context, deps });
  const vercelGate = createVercelGate({ settings, context, deps });
  const evaluators = [
    rulesEvaluator(config),
    checklistEvaluator(config, { settings, rollbar: () => rollbar.deployState() }),
  ];

  try {
    const result = await runGate({
      settings,
      context,
      deps,
      github,
      evaluators,
      observer: combineObservers(reports, rollbar, vercelGate),
    });
    // Rollbar and GitHub are independent; neither may hold the other (or the exit) for long.
    const [checkRun] = await Promise.all([reports.finish(result), rollbar.finish(result)]);
    // Promotion and rollback come last: the Vercel check run links to the finished GitHub check run.
    const vercelActions = await vercelGate.finish(result, { checkRunUrl: checkRun.checkRunUrl });

    const reportDir = process.env.RUNNER_TEMP || tmpdir();
    const reportPath = join(
      reportDir,
      'deployment-health-gate',
      `report-${context.runId || process.pid}.json`,
    );
    try {
      await writeJsonReport(reportPath, buildJsonReport(result, { version: VERSION }));
    } catch (error) {
      logger.warning(`Could not write the JSON report to ${reportPath}: ${(error as Error).message}`);
    }
    const outputs = {
      ...outputsFor(result, reportPath),
      'check-run-id': checkRun.checkRunId ? String(checkRun.checkRunId) : '',
      'check-run-url': checkRun.checkRunUrl ?? '',
    };
    for (const [name, value] of Object.entries(outputs)) core.setOutput(name, value);

    for (const line of renderConsole(result)) logger.info(line);
    for (const line of vercelActionLines(vercelActions)) {
      if (vercelActions.rolledBack || vercelActions.problems.length) logger.warning(line);
      else logger.info(line);
    }
    const annotations = settings.reports.has('annotations') ? annotationsFor(result) : [];
    for (const annotation of annotations) {
      const log =
        annotation.level === 'error'
          ? core.error
          : annotation.level === 'warning'
            ? core.warning
            : core.notice;
      log(annotation.message, { title: annotation.title });
    }
    if (settings.reports.has('summary')) {
      try {
        const vercelSection = renderVercelActions(vercelActions);
        await core.summary
          .addRaw(renderSummary(result) + (vercelSection ? `\n${vercelSection}\n` : ''))
          .write();
      } catch (error) {
        logger.warning(`Could not write the job summary: ${(error as Error).message}`);
      }
    }

    core.saveState('finished', 'true');
    if (result.gateFailed) {
      // The error annotations already say why; setFailed would add the same sentence once more.
      if (annotations.some((a) => a.level === 'error')) process.exitCode = 1;
      else core.setFailed(result.verdict.message);
    }
  } catch (error) {
    // Remote trouble never lands here (every stage turns it into a verdict): this is a bug. Fail loudly.
    core.setFailed(
      `Deployment Health Gate stopped on an unexpected error: ${redact((error as Error).stack ?? String(error), secrets)}. Please report it with this log.`,
    );
  } finally {
    stopListening();
    await dispatcher.close().catch(() => undefined);
  }
}
