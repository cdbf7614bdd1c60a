import { resolve as resolvePath } from 'node:path';
import { bugText, runApp } from '../app/run-app.js';
import type { RunReport } from '../app/run-report.js';
import { projectKey } from '../gate/check-all.js';
import { resolveSha } from '../resolve/index.js';
import type { InputName } from '../settings/inputs.js';
import { writeJsonReport } from '../sinks/json-report/write-file.js';
import { registerSecrets } from '../util/mask.js';
import { safeJson, safeLogText } from '../util/text.js';
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
  const command = argv[0] === 'monitor' || argv[0] === 'dashboard' ? 'monitor' : 'gate';
  const io: CliIo = {
    ...given,
    stdout: (text) => given.stdout(safeLogText(commandLineWording(text, command), Number.POSITIVE_INFINITY)),
    stderr: (text) => given.stderr(safeLogText(commandLineWording(text, command))),
  };
  // The JSON report keeps its values as they are; only its spelling is made safe for a log.
  const printJson = (value: unknown) => given.stdout(safeJson(value, 2));
  if (argv[0] === 'monitor') {
    // The monitor's own command, loaded only when asked for.
    const { runMonitorCommand } = await import('./monitor-command.js');
    return runMonitorCommand(argv.slice(1), io);
  }
  if (argv[0] === 'dashboard') {
    // The dashboard's own command, loaded only when asked for.
    const { runDashboardCommand } = await import('./dashboard-command.js');
    return runDashboardCommand(argv.slice(1), io);
  }
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
  const jsonPath = args.json === undefined || args.json === '-' ? undefined : resolvePath(io.cwd, args.json);
  const outcome = await runApp({
    readInput,
    context,
    logger,
    signal: io.signal,
    vet: async (settings) => {
      const unwritable = jsonPath === undefined ? undefined : await unwritableReason(jsonPath);
      if (unwritable !== undefined) {
        return `deployment-health-gate: --json ${args.json}: the report cannot be written there (${unwritable})`;
      }
      if (
        !settings.deploymentUrl &&
        !settings.deploymentId &&
        !resolveSha(settings, context) &&
        !context.eventName
      ) {
        return (
          'deployment-health-gate: no commit to look the deployment up by: pass --sha (with a Vercel token, ' +
          '--vercel-token or VERCEL_TOKEN, to find its deployment) or run inside a git checkout, or name the ' +
          'deployment with --deployment-url (a URL, or a dpl_… id with a Vercel token)'
        );
      }
      return undefined;
    },
  });
  switch (outcome.kind) {
    case 'invalid':
      io.stderr(`deployment-health-gate: configuration error\n${outcome.error.message}`);
      return EXIT.usage;
    case 'refused':
      io.stderr(outcome.message);
      return EXIT.usage;
    case 'own-event':
      return EXIT.pass;
    case 'crashed':
      return bug(io, outcome.error);
  }
  try {
    return await report(outcome.report, args.json, jsonPath, io, printJson);
  } catch (error) {
    return bug(io, error);
  }
}

/** The text report, then the JSON report where `--json` says; the exit status. */
async function report(
  run: RunReport,
  json: string | undefined,
  jsonPath: string | undefined,
  io: CliIo,
  printJson: (value: unknown) => void,
): Promise<number> {
  // With `--json -` standard output carries the JSON alone; the text report moves to standard error.
  const text = json === '-' ? io.stderr : io.stdout;
  for (const line of run.consoleLines) text(line.text);
  if (json !== undefined) {
    const reports = run.projects.map((o) => [projectKey(o.settings), o.ledger.jsonReport]);
    const report = run.monorepo ? Object.fromEntries(reports) : reports[0]?.[1];
    if (json === '-') printJson(report);
    else {
      try {
        await writeJsonReport(jsonPath ?? json, report as Parameters<typeof writeJsonReport>[1]);
      } catch (error) {
        io.stderr(
          `deployment-health-gate: could not write the JSON report to ${json}: ${(error as Error).message}`,
        );
        return EXIT.usage;
      }
    }
  }
  return run.worst.result.gateFailed ? EXIT.fail : EXIT.pass;
}

/** Remote trouble never lands here (every stage turns it into a verdict): this is a bug. Say so, safely. */
function bug(io: CliIo, error: unknown): number {
  io.stderr(`deployment-health-gate stopped on an unexpected error: ${bugText(error)}. Please report it.`);
  return EXIT.usage;
}
