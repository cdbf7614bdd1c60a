import type { GateConfig } from '../config/types.js';
import { checkAllProjects } from '../gate/check-all.js';
import type { Deps } from '../model/deps.js';
import { settingsPerProject } from '../settings/per-project.js';
import type { Settings } from '../settings/settings.js';
import {
  createGitHubClient,
  githubReportsUnavailable,
  isOwnDeploymentStatusEvent,
} from '../sinks/github/index.js';
import { systemClock } from '../util/clock.js';
import { Agent } from '../util/undici.js';
import type { AppHost, AppOutcome } from './run-app.js';
import { runReport } from './run-report.js';

/** The shell's second half (run-app.ts), once the inputs and the config file are known to be good. */
export async function runEngine(host: AppHost, settings: Settings, config: GateConfig): Promise<AppOutcome> {
  const { context, logger } = host;
  const targets = settingsPerProject(settings);
  // Each project of a monorepo marks its statuses with its own check name.
  if (targets.some((target) => isOwnDeploymentStatusEvent(context, target))) {
    // A status this action wrote itself (a personal token makes it trigger workflows): no loops.
    logger.info(
      'This deployment_status event was written by the deployment health gate itself; nothing to do.',
    );
    return { kind: 'own-event' };
  }

  const dispatcher = new Agent({ connect: { timeout: settings.requestTimeoutMs } });
  const deps: Deps = { clock: systemClock, logger, dispatcher, random: Math.random, signal: host.signal };
  // Without a repository there is nothing to write to or read from on GitHub.
  const github =
    settings.githubToken && context.owner && context.repo
      ? createGitHubClient(settings.githubToken, context, deps)
      : undefined;
  if (host.runner) {
    // Once, not per project: a job step that cannot write its check run or deployment status says so.
    const unavailable = githubReportsUnavailable(settings, context);
    if (unavailable) logger.info(unavailable);
  }
  try {
    const all = await checkAllProjects({
      targets,
      config,
      context,
      deps,
      github,
      saveState: host.saveState ?? (() => undefined),
      runner: host.runner,
    });
    return { kind: 'checked', report: runReport(all) };
  } catch (error) {
    return { kind: 'crashed', error };
  } finally {
    await dispatcher.close().catch(() => undefined);
  }
}
