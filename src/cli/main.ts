import { resolve as resolvePath } from 'node:path';
import { ConfigError } from '../config/config-error.js';
import { loadConfig } from '../config/load.js';
import { checkAllProjects, projectKey } from '../gate/check-all.js';
import type { Deps } from '../model/deps.js';
import { renderConsole } from '../render/console.js';
import { buildJsonReport, writeJsonReport } from '../render/json-report.js';
import { resolveSha } from '../resolve/index.js';
import type { InputName } from '../settings/inputs.js';
import { settingsPerProject } from '../settings/per-project.js';
import { parseSettings, SettingsError, secretsOf } from '../settings/settings.js';
import { createGitHubClient, isOwnDeploymentStatusEvent } from '../sinks/github/index.js';
import { vercelActionLines } from '../sinks/vercel-gate/render.js';
import { systemClock } from '../util/clock.js';
import { registerSecrets } from '../util/mask.js';
import { safeJson, safeLogText } from '../util/text.js';
import { Agent } from '../util/undici.js';
import { VERSION } from '../version.js';
import { parseArgs, UsageError, usage } from './args.js';
import { createConsoleLogger } from './console-logger.js';
import { unwritableReason } from './json-target.js';
import { localContext } from './local-context.js';
import { SECRET_ENV } from './secret-env.js';
import { commandLineWording } from './wording.js';

/** What the CLI touches of its process, passed in so tests run it in-process as well. */
export interface CliIo {
  env: NodeJS.ProcessEnv;
  cwd: string;
  stdout: (line: string) => void;
  stderr: (line: string) => void;
  /** Aborts on Ctrl-C; the gate then stops waiting and reports `cancelled`. */
  signal: AbortSignal;
}

/** 2: the CLI could not do its job (flags, inputs or config file invalid, the report not writable, a bug). */
export const EXIT = { pass: 0, fail: 1, usage: 2 } as const;

/**
 * The engine on the command line: the same settings, config file, resolve → probe → evaluate → report
 * pipeline and reporters as the action (GitHub reports only with a token and `GITHUB_REPOSITORY`), the text
 * report on standard output, the log on standard error. Returns the exit status.
 */
export async function runCli(argv: readonly string[], given: CliIo): Promise<number> {
  // Known before anything is parsed, so not even a usage error can print one.
  registerSecrets(Object.values(SECRET_ENV).map((name) => given.env[name]));
  // Every line the CLI prints is made safe here, whatever printed it (inside a workflow the runner reads it).
  // Messages name flags and environment variables here, not the action's inputs.
  const io: CliIo = {
    ...given,
    stdout: (text) => given.stdout(safeLogText(commandLineWording(text), Number.POSITIVE_INFINITY)),
    stderr: (text) => given.stderr(safeLogText(commandLineWording(text))),
  };
  // The JSON report keeps its values as they are; only its spelling is made safe for a log.
  const printJson = (value: unknown) => given.stdout(safeJson(value, 2));
  const logger = createConsoleLogger(io.stderr, { debug: io.env.RUNNER_DEBUG === '1' });

  let args: ReturnType<typeof parseArgs>;
  try {
    args = parseArgs(argv);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    io.stderr(`deployment-health-gate: ${error.message}`);
    return EXIT.usage;
  }
  if (args.help) {
    io.stdout(usage(VERSION));
    return EXIT.pass;
  }
  if (args.version) {
    io.stdout(VERSION);
    return EXIT.pass;
  }

  const readInput = (name: InputName): string => {
    const envName = SECRET_ENV[name];
    return args.inputs.get(name) ?? (envName ? io.env[envName] : undefined) ?? '';
  };
  registerSecrets((Object.keys(SECRET_ENV) as InputName[]).map((name) => readInput(name).trim()));
  const context = localContext(io.env, io.cwd);
  let settings: ReturnType<typeof parseSettings>;
  let config: Awaited<ReturnType<typeof loadConfig>>;
  try {
    settings = parseSettings(readInput);
    config = await loadConfig({ configPath: settings.configPath, workspace: context.workspace });
  } catch (error) {
    if (!(error instanceof SettingsError) && !(error instanceof ConfigError)) throw error;
    io.stderr(`deployment-health-gate: configuration error\n${error.message}`);
    return EXIT.usage;
  }
  registerSecrets(secretsOf(settings));
  const jsonPath = args.json === undefined || args.json === '-' ? undefined : resolvePath(io.cwd, args.json);
  const unwritable = jsonPath === undefined ? undefined : await unwritableReason(jsonPath);
  if (unwritable !== undefined) {
    io.stderr(
      `deployment-health-gate: --json ${args.json}: the report cannot be written there (${unwritable})`,
    );
    return EXIT.usage;
  }
  if (
    !settings.deploymentUrl &&
    !settings.deploymentId &&
    !resolveSha(settings, context) &&
    !context.eventName
  ) {
    io.stderr(
      'deployment-health-gate: no commit to look the deployment up by: pass --sha (with a Vercel token, ' +
        '--vercel-token or VERCEL_TOKEN, to find its deployment) or run inside a git checkout, or name the ' +
        'deployment with --deployment-url (a URL, or a dpl_… id with a Vercel token)',
    );
    return EXIT.usage;
  }
  if (settingsPerProject(settings).some((target) => isOwnDeploymentStatusEvent(context, target))) {
    logger.info(
      'This deployment_status event was written by the deployment health gate itself; nothing to do.',
    );
    return EXIT.pass;
  }

  const dispatcher = new Agent({ connect: { timeout: settings.requestTimeoutMs } });
  const deps: Deps = { clock: systemClock, logger, dispatcher, random: Math.random, signal: io.signal };
  const github =
    settings.githubToken && context.owner && context.repo
      ? createGitHubClient(settings.githubToken, context, deps)
      : undefined;
  try {
    const { outcomes, worst, monorepo } = await checkAllProjects({
      targets: settingsPerProject(settings),
      config,
      context,
      deps,
      github,
      saveState: () => undefined,
    });
    // With `--json -` standard output carries the JSON alone; the text report moves to standard error.
    const text = args.json === '-' ? io.stderr : io.stdout;
    for (const { settings: target, result, vercelActions } of outcomes) {
      if (monorepo) text(`── ${projectKey(target)} ──`);
      for (const line of renderConsole(result)) text(line);
      for (const line of vercelActionLines(vercelActions)) text(line);
    }
    if (args.json !== undefined) {
      const reports = outcomes.map((o) => [
        projectKey(o.settings),
        buildJsonReport(o.result, { version: VERSION }),
      ]);
      const json = monorepo ? Object.fromEntries(reports) : reports[0]?.[1];
      if (args.json === '-') printJson(json);
      else {
        try {
          await writeJsonReport(jsonPath ?? args.json, json as Parameters<typeof writeJsonReport>[1]);
        } catch (error) {
          io.stderr(
            `deployment-health-gate: could not write the JSON report to ${args.json}: ${(error as Error).message}`,
          );
          return EXIT.usage;
        }
      }
    }
    return worst.result.gateFailed ? EXIT.fail : EXIT.pass;
  } catch (error) {
    // Remote trouble never lands here (every stage turns it into a verdict): this is a bug. Say so, safely.
    io.stderr(
      `deployment-health-gate stopped on an unexpected error: ${(error as Error).stack ?? String(error)}. Please report it.`,
    );
    return EXIT.usage;
  } finally {
    await dispatcher.close().catch(() => undefined);
  }
}
