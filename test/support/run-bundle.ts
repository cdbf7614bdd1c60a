import { spawn } from 'node:child_process';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

/**
 * Runs the built bundle exactly as the GitHub runner does: `node dist/index.js` with `INPUT_*` variables
 * (upper-case, hyphens kept) and the runner's file commands, then reads back what it wrote.
 * `NODE_BIN` chooses the Node binary (CI sets it to Node 24 for a second pass).
 */
export interface BundleRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  outputs: Record<string, string>;
  summary: string;
  state: Record<string, string>;
  dir: string;
}

export interface BundleOptions {
  inputs?: Record<string, string>;
  event?: { name: string; payload: unknown };
  env?: Record<string, string>;
  /** `post` runs dist/post/index.js with the state a previous run saved; `monitor` dist/monitor/index.js. */
  entry?: 'main' | 'post' | 'monitor';
  state?: Record<string, string>;
  dir?: string;
  /** Called once the process has started, e.g. to send it a signal. */
  onSpawn?: (child: import('node:child_process').ChildProcess) => void;
  timeoutMs?: number;
}

const root = resolve(import.meta.dirname, '..', '..');

export function nodeCommand(): string[] {
  const bin = process.env.NODE_BIN?.trim();
  return bin ? bin.split(/\s+/) : [process.execPath];
}

/** What a Node process did: how it ended and what it printed. */
export interface NodeRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** Runs `node <args>` (the `NODE_BIN` Node, see `nodeCommand`), collecting its output; SIGKILL after `timeoutMs`. */
export async function runNode(
  args: string[],
  options: {
    env: NodeJS.ProcessEnv;
    cwd: string;
    onSpawn?: (child: import('node:child_process').ChildProcess) => void;
    timeoutMs?: number;
  },
): Promise<NodeRun> {
  const [command, ...prefix] = nodeCommand();
  const child = spawn(command as string, [...prefix, ...args], {
    env: options.env,
    cwd: options.cwd,
    stdio: 'pipe',
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk) => {
    stdout += chunk;
  });
  child.stderr.on('data', (chunk) => {
    stderr += chunk;
  });
  options.onSpawn?.(child);
  const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 60_000);
  const [code, signal] = await new Promise<[number | null, NodeJS.Signals | null]>((done) =>
    child.on('close', (c, s) => done([c, s])),
  );
  clearTimeout(timer);
  return { code, signal, stdout, stderr };
}

export async function runBundle(options: BundleOptions = {}): Promise<BundleRun> {
  const dir = options.dir ?? (await mkdtemp(join(tmpdir(), 'dhg-e2e-')));
  const files = {
    output: join(dir, 'output.txt'),
    summary: join(dir, 'summary.md'),
    state: join(dir, 'state.txt'),
    event: join(dir, 'event.json'),
    env: join(dir, 'env.txt'),
    path: join(dir, 'path.txt'),
  };
  for (const file of Object.values(files)) await writeFile(file, '', { flag: 'a' });
  await writeFile(files.event, JSON.stringify(options.event?.payload ?? {}));

  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? dir,
    GITHUB_ACTIONS: 'true',
    CI: 'true',
    GITHUB_EVENT_NAME: options.event?.name ?? 'push',
    GITHUB_EVENT_PATH: files.event,
    GITHUB_OUTPUT: files.output,
    GITHUB_STEP_SUMMARY: files.summary,
    GITHUB_STATE: files.state,
    GITHUB_ENV: files.env,
    GITHUB_PATH: files.path,
    GITHUB_REPOSITORY: 'acme/shop',
    GITHUB_SHA: '0000000000000000000000000000000000000000',
    GITHUB_RUN_ID: '4242',
    GITHUB_WORKFLOW_REF: 'acme/shop/.github/workflows/deploy.yml@refs/heads/main',
    GITHUB_RUN_ATTEMPT: '1',
    GITHUB_ACTOR: 'octocat',
    GITHUB_SERVER_URL: 'https://github.com',
    GITHUB_API_URL: 'http://127.0.0.1:9',
    GITHUB_WORKSPACE: dir,
    RUNNER_TEMP: dir,
    ...options.env,
  };
  for (const [name, value] of Object.entries(options.inputs ?? {})) {
    env[`INPUT_${name.toUpperCase()}`] = value;
  }
  for (const [name, value] of Object.entries(options.state ?? {})) {
    env[`STATE_${name}`] = value;
  }

  const entry = { main: 'dist/index.js', post: 'dist/post/index.js', monitor: 'dist/monitor/index.js' }[
    options.entry ?? 'main'
  ];
  const { code, signal, stdout, stderr } = await runNode([join(root, entry)], {
    env,
    cwd: dir,
    ...(options.onSpawn ? { onSpawn: options.onSpawn } : {}),
    ...(options.timeoutMs ? { timeoutMs: options.timeoutMs } : {}),
  });

  return {
    code,
    signal,
    stdout,
    stderr,
    outputs: parseFileCommand(await readFile(files.output, 'utf8')),
    summary: await readFile(files.summary, 'utf8'),
    state: parseFileCommand(await readFile(files.state, 'utf8')),
    dir,
  };
}

/** Parses the runner's `name<<DELIMITER\nvalue\nDELIMITER` file-command format (and plain `name=value`). */
export function parseFileCommand(text: string): Record<string, string> {
  const result: Record<string, string> = {};
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? '';
    const heredoc = /^([^=<]+)<<(.+)$/.exec(line);
    if (heredoc) {
      const [, name = '', delimiter] = heredoc;
      const value: string[] = [];
      for (i++; i < lines.length && lines[i] !== delimiter; i++) value.push(lines[i] ?? '');
      result[name] = value.join('\n');
    } else if (line.includes('=')) {
      const at = line.indexOf('=');
      result[line.slice(0, at)] = line.slice(at + 1);
    }
  }
  return result;
}

/**
 * The log as the runner shows it: `::add-mask::` commands are consumed by the runner (they are how secrets
 * get masked), so they are the one place a secret may legitimately appear on stdout.
 */
export function visibleLog(run: Pick<BundleRun, 'stdout' | 'stderr'>): string {
  return `${run.stdout}\n${run.stderr}`
    .split('\n')
    .filter((line) => !line.startsWith('::add-mask::'))
    .join('\n');
}

/** Resolves once the child has printed a line matching `pattern` (so a signal arrives mid-run, not at start-up). */
export function whenPrinted(
  child: import('node:child_process').ChildProcess,
  pattern: RegExp,
): Promise<void> {
  return new Promise((resolve) => {
    let seen = '';
    const onData = (chunk: Buffer) => {
      seen += chunk.toString();
      if (pattern.test(seen)) {
        child.stdout?.off('data', onData);
        resolve();
      }
    };
    child.stdout?.on('data', onData);
  });
}

export { until } from './until.js';
