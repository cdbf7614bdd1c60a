import { resolve } from 'node:path';
import { writeDashboardDir } from '../dashboard/dashboard-dir.js';
import { parseListen } from '../dashboard/serve.js';
import { serveHistoryFolder } from '../dashboard/serve-history.js';
import { dashboardConfig, siteFiles } from '../dashboard/site-files.js';
import { HistoryConfigError, parseHistorySpec } from '../history/spec.js';
import { parseDuration } from '../settings/duration.js';
import { untrusted } from '../util/text.js';
import { VERSION } from '../version.js';
import { UsageError } from './args.js';
import { localContext } from './local-context.js';
import type { CliIo } from './main.js';

export interface DashboardArgs {
  history: string;
  out: string | undefined;
  title: string | undefined;
  everyMs: number | undefined;
  /** `--serve HOST:PORT`: serve the history folder's dashboard instead of writing one. */
  serve: { host: string; port: number } | undefined;
  help: boolean;
}

const FLAGS = ['history', 'out', 'title', 'every', 'serve', 'help'];

export function parseDashboardArgs(argv: readonly string[]): DashboardArgs {
  const args: DashboardArgs = {
    history: 'dir:.deployment-health',
    out: undefined,
    title: undefined,
    everyMs: undefined,
    serve: undefined,
    help: false,
  };
  const rest = [...argv];
  while (rest.length) {
    const arg = rest.shift() as string;
    if (arg === '-h' || arg === '--help') {
      args.help = true;
      continue;
    }
    if (!arg.startsWith('--'))
      throw new UsageError(`"${arg}" is not a flag of dashboard; see dashboard --help`);
    const [name = '', inline] = arg.slice(2).split(/=(.*)/s, 2);
    if (!FLAGS.includes(name) || name === 'help') {
      throw new UsageError(
        `unknown flag --${name}; the flags are --history, --out, --serve, --title and --every`,
      );
    }
    const value = inline ?? (rest[0] !== undefined && !rest[0].startsWith('--') ? rest.shift() : undefined);
    if (value === undefined || value.trim() === '') throw new UsageError(`--${name} needs a value`);
    if (name === 'history') args.history = value;
    else if (name === 'out') args.out = value;
    else if (name === 'title') args.title = value;
    else if (name === 'serve') {
      args.serve = parseListen(value);
      if (!args.serve)
        throw new UsageError(`--serve is "${value}"; give HOST:PORT to listen on, e.g. 127.0.0.1:8080`);
    } else {
      const ms = parseDuration(value);
      if (ms === undefined || ms < 1000) {
        throw new UsageError(`--every is "${value}"; give how often the monitor runs, e.g. 30s or 5m`);
      }
      args.everyMs = ms;
    }
  }
  return args;
}

export function dashboardUsage(version: string): string {
  return [
    `deployment-health-gate dashboard ${version}: the monitor's dashboard as a static site.`,
    '',
    'Usage: deployment-health-gate dashboard --history dir:PATH --out DIR [--title TEXT] [--every DURATION]',
    '       deployment-health-gate dashboard --history dir:PATH --serve HOST:PORT',
    '',
    '  --history dir:PATH   the monitor history folder to show. Default: dir:.deployment-health.',
    '  --out DIR            where to write the site (index.html, assets/, dashboard.json) and a copy of the',
    "                       history's data/ files: a folder to publish (GitHub Pages, any static host).",
    "  --serve HOST:PORT    serve the folder's dashboard on this address (e.g. 127.0.0.1:8080) until Ctrl-C,",
    '                       instead of writing it; it refreshes its data every 5 s.',
    '  --title TEXT         the page title. Default: "Deployment health" (and the repository, when known).',
    '  --every DURATION     how often the monitor runs (for the page\'s "no new data" warning). Default: 5m.',
    '  --help',
    '',
    'The page reads its data with fetch, which browsers refuse for file:// pages: open it with --serve, or',
    '`deployment-health-gate monitor --serve 127.0.0.1:8080` for a live one.',
    '',
    'Exit status: 0 written, 2 a usage error or the folder could not be written.',
  ].join('\n');
}

/** `deployment-health-gate dashboard`: writes the site and the data of a `dir:` history into `--out`. */
export async function runDashboardCommand(argv: readonly string[], io: CliIo): Promise<number> {
  let args: DashboardArgs;
  try {
    args = parseDashboardArgs(argv);
    if (!args.help && args.out === undefined && args.serve === undefined)
      throw new UsageError('--out DIR (where to write the site) or --serve HOST:PORT is needed');
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    io.stderr(`deployment-health-gate dashboard: ${error.message}`);
    return 2;
  }
  if (args.help) {
    io.stdout(dashboardUsage(VERSION));
    return 0;
  }
  let history: ReturnType<typeof parseHistorySpec>;
  try {
    history = parseHistorySpec(args.history);
  } catch (error) {
    if (!(error instanceof HistoryConfigError)) throw error;
    io.stderr(`deployment-health-gate dashboard: ${error.message}`);
    return 2;
  }
  if (history.kind !== 'dir') {
    io.stderr(
      `deployment-health-gate dashboard: --history must be a folder (dir:PATH), not "${untrusted(args.history, 80)}"; ` +
        'a data branch is published by GitHub Pages itself ("Deploy from a branch").',
    );
    return 2;
  }
  const from = resolve(io.cwd, history.path);
  const context = localContext(io.env, io.cwd);
  if (args.serve) return serveFolder(from, args.serve, context, args, io);
  const out = resolve(io.cwd, args.out as string);
  const config = dashboardConfig(context, {
    title: args.title,
    intervalSeconds: args.everyMs === undefined ? undefined : args.everyMs / 1000,
  });
  try {
    const done = await writeDashboardDir({
      dir: out,
      site: siteFiles(config),
      history: { kind: 'dir', path: from },
      now: Date.now(),
    });
    io.stdout(
      `Dashboard written to ${out} (${done.written} file${done.written === 1 ? '' : 's'} changed` +
        `${done.deleted ? `, ${done.deleted} deleted` : ''}).`,
    );
    io.stdout('Publish that folder, or look at it here (the page cannot read its data as a file:// page):');
    io.stdout(`  deployment-health-gate dashboard --history dir:${shellWord(out)} --serve 127.0.0.1:8080`);
    return 0;
  } catch (error) {
    io.stderr(
      `deployment-health-gate dashboard: could not write ${out}: ${untrusted((error as Error).message, 300)}`,
    );
    return 2;
  }
}

const shellWord = (text: string) => (/^[\w./-]+$/.test(text) ? text : `'${text.replace(/'/g, `'\\''`)}'`);

/** `--serve`: the folder's dashboard on `listen` until Ctrl-C (or SIGTERM); 0 then, 2 when it cannot listen. */
async function serveFolder(
  root: string,
  listen: { host: string; port: number },
  context: ReturnType<typeof localContext>,
  args: DashboardArgs,
  io: CliIo,
): Promise<number> {
  const server = await serveHistoryFolder({
    root,
    listen,
    context,
    title: args.title,
    refreshSeconds: 5,
    intervalSeconds: args.everyMs === undefined ? undefined : args.everyMs / 1000,
  });
  if ('problem' in server) {
    io.stderr(`deployment-health-gate dashboard: ${server.problem}`);
    return 2;
  }
  io.stdout(`Dashboard of ${root}: ${server.url} (Ctrl-C to stop)`);
  if (!io.signal.aborted) {
    await new Promise<void>((done) => io.signal.addEventListener('abort', () => done(), { once: true }));
  }
  await server.close();
  return 0;
}
