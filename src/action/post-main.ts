import { statePrefix } from '../gate/check-project.js';
import { readRunContext } from '../model/run-context.js';
import { settingsPerProject } from '../settings/per-project.js';
import { parseSettings, SettingsError } from '../settings/settings.js';
import { completeStranded, createGitHubClient } from '../sinks/github/index.js';
import { completeStrandedVercelCheck } from '../sinks/vercel-gate/stranded.js';
import { systemClock } from '../util/clock.js';
import { Agent } from '../util/undici.js';
import * as core from './core.js';
import { maskSecretInputs, readInput } from './inputs.js';
import { annotate, createRunnerLogger } from './logger.js';

/**
 * The post step (`post-if: always()`) runs even when the main step was killed. Whatever the main step did not
 * record as completed (a GitHub check run `in_progress`, a deployment status, a Vercel check run it started)
 * is completed here, with the verdict when the main step reached one and only failed to write it; after a
 * clean finish this makes no request.
 * When no verdict was recorded (`finished`), the job summary says so, so nobody reads a missing verdict as a
 * pass. Running it twice changes nothing.
 */
export async function runPost(): Promise<void> {
  // `finished`: the main step reached its verdict and wrote its summary. Whether its GitHub reports were
  // completed is recorded per report; `completeStranded` reads that.
  const reachedVerdict = core.getState('finished') === 'true';
  maskSecretInputs();
  const logger = createRunnerLogger();

  if (!reachedVerdict) {
    const message =
      'The deployment health gate was stopped before it reached a verdict (cancelled or killed). Treat this deployment as unchecked and re-run the job.';
    annotate('warning', message, 'Deployment health gate did not finish');
    await core.summary
      .addHeading('⚪ Deployment health gate did not finish', 2)
      .addRaw(`\n\n${message}\n`)
      .write();
  }

  let settings: ReturnType<typeof parseSettings>;
  try {
    settings = parseSettings(readInput);
  } catch (error) {
    if (error instanceof SettingsError) return; // the main step reported it; nothing was opened
    throw error;
  }
  const context = readRunContext(process.env);
  const dispatcher = new Agent({ connect: { timeout: 5_000 } });
  const deps = {
    clock: systemClock,
    logger,
    dispatcher,
    random: Math.random,
    signal: new AbortController().signal,
  };
  try {
    const octokit = settings.githubToken
      ? createGitHubClient(settings.githubToken, context, deps)
      : undefined;
    const targets = settingsPerProject(settings);
    await Promise.all(
      targets.flatMap((target) => {
        const prefix = statePrefix(target, targets.length > 1);
        const getState = (name: string) => core.getState(`${prefix}${name}`);
        return [
          octokit ? completeStranded({ octokit, settings: target, context, deps, getState }) : undefined,
          completeStrandedVercelCheck({ settings: target, context, deps, getState }),
        ];
      }),
    );
  } finally {
    await dispatcher.close().catch(() => undefined);
  }
}
