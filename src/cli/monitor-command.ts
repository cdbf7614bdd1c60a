import { randomBytes } from 'node:crypto';
import { resolve } from 'node:path';
import { didYouMean } from '../config/suggest.js';
import { type DashboardServer, parseListen } from '../dashboard/serve.js';
import { parseHistorySpec } from '../history/spec.js';
import type { Logger } from '../model/deps.js';
import type { RunContext } from '../model/run-context.js';
import { MONITOR_INPUT_HELP } from '../monitor/input-help.js';
import {
  isMonitorInputName,
  MONITOR_INPUT_ENV,
  MONITOR_INPUT_NAMES,
  type MonitorInputName,
  monitorInputDefaults,
  monitorInputSpec,
} from '../monitor/inputs.js';
import type { MonitorReport } from '../monitor/report.js';
import { runMonitor } from '../monitor/run-monitor.js';
import { parseDuration } from '../settings/duration.js';
import { abortableSleep } from '../util/clock.js';
import { registerSecrets } from '../util/mask.js';
import { formatDuration } from '../util/text.js';
import { VERSION } from '../version.js';
import { UsageError, wrap } from './args.js';
import { createConsoleLogger } from './console-logger.js';
import { localContext } from './local-context.js';
import type { CliIo } from './main.js';

/** `--history` on the command line: a folder beside the working directory, not a branch. */
const CLI_HISTORY = 'dir:.deployment-health';

export interface MonitorArgs {
  inputs: Map<MonitorInputName, string>;
  /** Undefined: `--once` (the default). */
  everyMs: number | undefined;
  /** `--serve HOST:PORT`: the live dashboard of the `dir:` history. */
  serve: { host: string; port: number } | undefined;
  help: boolean;
}

/** The monitor's inputs as flags of the same names, plus `--once` / `--every DURATION` and `--help`. */
export function parseMonitorArgs(argv: readonly string[]): MonitorArgs {
  const args: MonitorArgs = { inputs: new Map(), everyMs: undefined, serve: undefined, help: false };
  const rest = [...argv];
  while (rest.length) {
    const arg = rest.shift() as string;
    if (arg === '-h' || arg === '--help') {
      args.help = true;
      continue;
    }
    if (arg === '--once') {
      args.everyMs = undefined;
      continue;
    }
    if (!arg.startsWith('--')) throw new UsageError(`"${arg}" is not a flag of monitor; see monitor --help`);
    const [name = '', inline] = arg.slice(2).split(/=(.*)/s, 2);
    if (name !== 'every' && name !== 'serve' && !isMonitorInputName(name)) {
      const known = [...MONITOR_INPUT_NAMES, 'every', 'once', 'serve', 'help'];
      throw new UsageError(`unknown flag --${name}${didYouMean(name, known)}; see monitor --help`);
    }
    const isSwitch = monitorInputSpec(name)?.switch === true;
    let value = inline;
    if (value === undefined && isSwitch && !/^(true|false)$/i.test(rest[0] ?? '')) value = 'true';
    if (value === undefined && rest[0] !== undefined && !rest[0].startsWith('--')) value = rest.shift();
    if (value === undefined) throw new UsageError(`--${name} needs a value`);
    if (name === 'every') {
      const ms = parseDuration(value);
      if (ms === undefined || ms < 5000) {
        throw new UsageError(`--every is "${value}"; give the time between runs, at least 5s (e.g. 30s, 5m)`);
      }
      args.everyMs = ms;
    } else if (name === 'serve') {
      args.serve = parseListen(value);
      if (!args.serve) {
        throw new UsageError(`--serve is "${value}"; give HOST:PORT to listen on, e.g. 127.0.0.1:8080`);
      }
    } else args.inputs.set(name as MonitorInputName, value);
  }
  return args;
}

export function monitorUsage(version: string): string {
  const lines = MONITOR_INPUT_NAMES.flatMap((name) => {
    const fallback = name === 'history' ? CLI_HISTORY : monitorInputDefaults[name];
    const env = MONITOR_INPUT_ENV[name];
    const meaning = `${MONITOR_INPUT_HELP[name] ?? ''}${fallback ? ` Default: ${fallback}.` : ''}`;
    return [
      `  --${name} <value>${env ? ` (or ${env} in the environment)` : ''}`,
      ...wrap(meaning, 74).map((line) => `      ${line}`),
    ];
  });
  return [
    `deployment-health-gate monitor ${version}: scheduled health checks of production, from the command line.`,
    '',
    'Usage: deployment-health-gate monitor [--<input> <value>]... [--once | --every <duration>]',
    '                                      [--serve <host:port>]',
    '',
    'Every input of the monitor action is a flag of the same name; durations take 90s, 5m, 1h or seconds.',
    'The history goes to a folder (--history dir:PATH); incidents are GitHub issues only with GITHUB_TOKEN',
    'and GITHUB_REPOSITORY set (--incidents none otherwise).',
    '',
    ...lines,
    '',
    '  --once',
    '      One run, then exit (the default).',
    '  --every <duration>',
    '      A run every <duration> until Ctrl-C; the first Ctrl-C lets the current run finish and write its',
    '      history, a second one stops at once.',
    '  --serve <host:port>',
    '      Serve the live dashboard of the --history dir:PATH folder (e.g. 127.0.0.1:8080; 127.0.0.1 when',
    '      only a port is given) until Ctrl-C: it shows each new run within 2 seconds.',
    '  --help',
    '',
    'Exit status: 0 every target is confirmed fine, 1 one is confirmed as bad as --fail-on, 2 a usage or',
    'configuration error, 130 stopped by Ctrl-C during --every.',
  ].join('\n');
}

/**
 * `deployment-health-gate monitor`: the monitor's engine with its history in a folder. `--once` runs once;
 * `--every` keeps running: the first Ctrl-C (`io.signal`) lets the current run finish and write the history
 * (its checks get a signal of their own, so they are not cut short into a "cancelled" verdict).
 */
export async function runMonitorCommand(argv: readonly string[], io: CliIo): Promise<number> {
  registerSecrets(Object.values(MONITOR_INPUT_ENV).map((name) => io.env[name]));
  let args: MonitorArgs;
  try {
    args = parseMonitorArgs(argv);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    io.stderr(`deployment-health-gate monitor: ${error.message}`);
    return 2;
  }
  if (args.help) {
    io.stdout(monitorUsage(VERSION));
    return 0;
  }
  const logger = createConsoleLogger(io.stderr, { debug: io.env.RUNNER_DEBUG === '1' });
  const context = localContext(io.env, io.cwd);
  const readInput = (name: MonitorInputName): string => {
    const env = MONITOR_INPUT_ENV[name];
    const given = args.inputs.get(name) ?? (env ? io.env[env] : undefined);
    if (given !== undefined && given.trim() !== '') return given;
    if (name === 'history') return CLI_HISTORY;
    if (name === 'incidents' && !(readInput('github-token') && context.owner)) return 'none';
    return '';
  };
  registerSecrets(MONITOR_INPUT_NAMES.filter((n) => monitorInputSpec(n)?.secret).map(readInput));
  const intervalSeconds = args.everyMs === undefined ? undefined : args.everyMs / 1000;

  let server: DashboardServer | undefined;
  if (args.serve) {
    const served = await startServer(args.serve, readInput('history'), context, intervalSeconds, io);
    if (typeof served === 'string') {
      io.stderr(`deployment-health-gate monitor: ${served}`);
      return 2;
    }
    server = served;
  }
  try {
    const code = await runs(args, readInput, context, logger, intervalSeconds, io);
    // `--once --serve`: the page stays up until Ctrl-C.
    if (server && code !== 2 && args.everyMs === undefined && !io.signal.aborted) {
      io.stderr('Serving the dashboard until Ctrl-C.');
      await new Promise<void>((done) => io.signal.addEventListener('abort', () => done(), { once: true }));
    }
    return code;
  } finally {
    await server?.close();
  }
}

/** The live dashboard of the `dir:` history, or why it cannot be served. */
async function startServer(
  listen: { host: string; port: number },
  historyText: string,
  context: RunContext,
  intervalSeconds: number | undefined,
  io: CliIo,
): Promise<DashboardServer | string> {
  let history: ReturnType<typeof parseHistorySpec>;
  try {
    history = parseHistorySpec(historyText);
  } catch (error) {
    return (error as Error).message;
  }
  if (history.kind !== 'dir') {
    return `--serve serves a history folder: give --history dir:PATH (not "${historyText.trim()}")`;
  }
  // Loaded only for --serve; refreshed every second, so a new run shows within 2 s of being written.
  const { serveHistoryFolder } = await import('../dashboard/serve-history.js');
  const server = await serveHistoryFolder({
    root: resolve(io.cwd, history.path),
    listen,
    context,
    refreshSeconds: 1,
    intervalSeconds,
  });
  if ('problem' in server) return server.problem;
  io.stdout(`Dashboard: ${server.url} (live; Ctrl-C to stop)`);
  return server;
}

/** The runs: one (`--once`), or one every `--every` until Ctrl-C; the exit status. */
async function runs(
  args: MonitorArgs,
  readInput: (name: MonitorInputName) => string,
  context: RunContext,
  logger: Logger,
  intervalSeconds: number | undefined,
  io: CliIo,
): Promise<number> {
  // The checks' own signal: never aborted by the first Ctrl-C (a second one ends the process in cli.ts).
  const checks = new AbortController();
  for (let run = 1; ; run++) {
    if (args.everyMs !== undefined) io.stdout(`── run ${run}, ${new Date().toISOString()} ──`);
    const outcome = await runMonitor({
      readInput,
      context,
      logger,
      signal: checks.signal,
      runId: `cli-${Date.now().toString(36)}-${randomBytes(3).toString('hex')}`,
      dashboard: { intervalSeconds },
    });
    if (outcome.kind === 'invalid') {
      io.stderr(`deployment-health-gate monitor: configuration error\n${outcome.error.message}`);
      return 2;
    }
    if (outcome.kind === 'crashed') {
      const error = outcome.error as Error;
      io.stderr(`deployment-health-gate monitor stopped on an unexpected error: ${error.stack ?? error}`);
      return 2;
    }
    printReport(outcome.report, io);
    const code = outcome.report.failed ? 1 : 0;
    if (args.everyMs === undefined) return code;
    if (io.signal.aborted) return 130;
    io.stderr(`Next run in ${formatDuration(args.everyMs)} (Ctrl-C to stop).`);
    try {
      await abortableSleep(args.everyMs, io.signal);
    } catch {
      return 130;
    }
  }
}

/** The run's lines on standard output (its warnings are already on standard error, from the logger). */
function printReport(report: MonitorReport, io: CliIo): void {
  for (const line of report.consoleLines) io.stdout(line);
}
