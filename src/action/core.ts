import { appendFileSync, constants, existsSync } from 'node:fs';
import { access, appendFile } from 'node:fs/promises';
import { EOL } from 'node:os';

// The runner's interface, for the calls the action makes: inputs, outputs, state for the post step, masks, log
// lines, annotations, the exit code and the job summary. Each call writes what `@actions/core` writes (the same
// workflow commands and escaping, the same file commands with a random delimiter); test/action/core.test.ts
// holds the two side by side. `@actions/core` itself is not bundled: it brings an HTTP client (for OIDC
// tokens, never asked for here) and with it all of undici, a good part of the action's weight and start-up.

/** Where an annotation points; the runner's names for the properties are set in `commandProperties`. */
export interface AnnotationProperties {
  title?: string;
  file?: string;
  startLine?: number;
  endLine?: number;
  startColumn?: number;
  endColumn?: number;
}

/** An input as the runner passes it (`INPUT_<NAME>`, spaces as `_`, upper-case, hyphens kept), trimmed. */
export function getInput(name: string): string {
  return (process.env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] || '').trim();
}

/** Registers a secret with the runner, which masks it in the log from now on. */
export function setSecret(secret: string): void {
  issueCommand('add-mask', {}, secret);
}

/** An output of the step (`GITHUB_OUTPUT`; the old `set-output` command where the runner has no file). */
export function setOutput(name: string, value: unknown): void {
  if (process.env.GITHUB_OUTPUT) {
    issueFileCommand('OUTPUT', keyValueMessage(name, value));
  } else {
    process.stdout.write(EOL);
    issueCommand('set-output', { name }, commandValue(value));
  }
}

/** Saves a value for the post step (`getState` there). */
export function saveState(name: string, value: unknown): void {
  if (process.env.GITHUB_STATE) issueFileCommand('STATE', keyValueMessage(name, value));
  else issueCommand('save-state', { name }, commandValue(value));
}

export function getState(name: string): string {
  return process.env[`STATE_${name}`] || '';
}

export function info(message: string): void {
  process.stdout.write(message + EOL);
}

export function debug(message: string): void {
  issueCommand('debug', {}, message);
}

export function error(message: string, properties: AnnotationProperties = {}): void {
  issueCommand('error', commandProperties(properties), message);
}

export function warning(message: string, properties: AnnotationProperties = {}): void {
  issueCommand('warning', commandProperties(properties), message);
}

export function notice(message: string, properties: AnnotationProperties = {}): void {
  issueCommand('notice', commandProperties(properties), message);
}

/** An error annotation, and the step exits with 1. */
export function setFailed(message: string): void {
  process.exitCode = 1;
  error(message);
}

/** The job summary (`GITHUB_STEP_SUMMARY`): text is collected, then appended by `write`. */
class Summary {
  private buffer = '';

  addRaw(text: string): this {
    this.buffer += text;
    return this;
  }

  addHeading(text: string, level: 1 | 2 | 3 | 4 | 5 | 6 = 1): this {
    return this.addRaw(`<h${level}>${text}</h${level}>`).addRaw(EOL);
  }

  async write(): Promise<this> {
    const file = process.env.GITHUB_STEP_SUMMARY;
    if (!file) {
      throw new Error(
        'Unable to find environment variable for $GITHUB_STEP_SUMMARY. Check if your runtime environment supports job summaries.',
      );
    }
    try {
      await access(file, constants.R_OK | constants.W_OK);
    } catch {
      throw new Error(
        `Unable to access summary file: '${file}'. Check if the file has correct read/write permissions.`,
      );
    }
    await appendFile(file, this.buffer, { encoding: 'utf8' });
    this.buffer = '';
    return this;
  }
}

export const summary = new Summary();

type CommandProperties = Record<string, string | number | undefined>;

function issueCommand(command: string, properties: CommandProperties, message: unknown): void {
  let line = `::${command}`;
  // As `@actions/core` writes it: a space once there are properties, even when none has a value.
  if (Object.keys(properties).length > 0) {
    line += ` ${Object.entries(properties)
      .filter(([, value]) => value)
      .map(([key, value]) => `${key}=${escapeProperty(value)}`)
      .join(',')}`;
  }
  process.stdout.write(`${line}::${escapeData(message)}${EOL}`);
}

function issueFileCommand(command: 'OUTPUT' | 'STATE', message: string): void {
  const file = process.env[`GITHUB_${command}`];
  if (!file) throw new Error(`Unable to find environment variable for file command ${command}`);
  if (!existsSync(file)) throw new Error(`Missing file at path: ${file}`);
  appendFileSync(file, `${message}${EOL}`, { encoding: 'utf8' });
}

/** `name<<delimiter`, the value's lines, the delimiter: how the runner reads a multi-line value. */
function keyValueMessage(key: string, value: unknown): string {
  const converted = commandValue(value);
  const delimiter = delimiterFor(`${key}\n${converted}`);
  return `${key}<<${delimiter}${EOL}${converted}${EOL}${delimiter}`;
}

/**
 * A delimiter in `@actions/core`'s form (`ghadelimiter_` and a random UUID) that `text` does not contain. The
 * runner reads a value up to the first line equal to the delimiter, so a value without it cannot end its entry
 * early and add one of its own. That check is what makes it safe (`@actions/core` makes the same check, and
 * throws), so the randomness needs no `node:crypto`, which would cost every run some 8 ms to load.
 */
function delimiterFor(text: string): string {
  for (;;) {
    const uuid = 'xxxxxxxx-xxxx-4xxx-yxxx-xxxxxxxxxxxx'.replace(/[xy]/g, (c) => {
      const n = Math.floor(Math.random() * 16);
      return (c === 'x' ? n : (n & 0x3) | 0x8).toString(16);
    });
    const delimiter = `ghadelimiter_${uuid}`;
    if (!text.includes(delimiter)) return delimiter;
  }
}

function commandProperties(properties: AnnotationProperties): CommandProperties {
  if (!Object.keys(properties).length) return {};
  return {
    title: properties.title,
    file: properties.file,
    line: properties.startLine,
    endLine: properties.endLine,
    col: properties.startColumn,
    endColumn: properties.endColumn,
  };
}

function commandValue(input: unknown): string {
  if (input === null || input === undefined) return '';
  if (typeof input === 'string' || input instanceof String) return String(input);
  return JSON.stringify(input);
}

function escapeData(value: unknown): string {
  return commandValue(value).replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

function escapeProperty(value: unknown): string {
  return escapeData(value).replace(/:/g, '%3A').replace(/,/g, '%2C');
}
