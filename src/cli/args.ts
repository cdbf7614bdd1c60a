import { didYouMean } from '../config/suggest.js';
import {
  cliFlag,
  INPUT_NAMES,
  type InputName,
  inputDefaults,
  inputSpec,
  isInputName as isInput,
} from '../settings/input-registry.js';
import { INPUT_HELP } from './input-help.js';
import { SECRET_ENV } from './secret-env.js';

/** What the command line asks for. */
export interface CliArgs {
  /** Action inputs given as `--<input> <value>` or `--<input>=<value>`. */
  inputs: Map<InputName, string>;
  /** `--json <file>` (or `-` for standard output): where the JSON report goes. */
  json: string | undefined;
  help: boolean;
  version: boolean;
}

export class UsageError extends Error {}

const OWN_FLAGS = ['json', 'help', 'version'];

/**
 * The action's inputs as flags with the same names, so a workflow's `with:` block and a command line read
 * alike. Unknown flags are refused with the nearest name, before anything runs.
 */
export function parseArgs(argv: readonly string[]): CliArgs {
  const args: CliArgs = { inputs: new Map(), json: undefined, help: false, version: false };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (arg === '-h') {
      args.help = true;
      continue;
    }
    if (!arg.startsWith('--')) {
      throw new UsageError(
        `"${arg}" is not a flag; flags are the action's inputs, e.g. --deployment-url <url>`,
      );
    }
    const eq = arg.indexOf('=');
    const name = eq > 0 ? arg.slice(2, eq) : arg.slice(2);
    const inline = eq > 0 ? arg.slice(eq + 1) : undefined;
    if (name === 'help' || name === 'version') {
      args[name] = true;
      continue;
    }
    if (name !== 'json' && !isInput(name)) {
      throw new UsageError(
        `unknown flag --${name}${didYouMean(name, [...INPUT_NAMES, ...OWN_FLAGS])}; see --help`,
      );
    }
    let value = inline;
    if (value === undefined) {
      const next = argv[i + 1];
      const takesNext = next !== undefined && (!next.startsWith('--') || next === '-');
      const isSwitch = inputSpec(name)?.switch === true;
      if (isSwitch && (!takesNext || !/^(true|false)$/i.test(next ?? ''))) {
        value = 'true';
      } else if (takesNext) {
        value = next;
        i++;
      } else {
        throw new UsageError(`--${name} needs a value`);
      }
    }
    if (name === 'json') args.json = value;
    else if (isInput(name)) args.inputs.set(name, value);
  }
  return args;
}

export function usage(version: string): string {
  const lines = INPUT_NAMES.flatMap((name) => {
    const fallback = inputDefaults[name];
    const secret = SECRET_ENV[name] ? ` (or ${SECRET_ENV[name]} in the environment)` : '';
    const meaning = `${INPUT_HELP[name] ?? ''}${fallback ? ` Default: ${fallback}.` : ''}`.trim();
    return [`  ${cliFlag(name)} <value>${secret}`, ...wrap(meaning, 74).map((line) => `      ${line}`)];
  });
  return [
    `deployment-health-gate ${version}: the Deployment Health Gate's engine on the command line.`,
    '',
    'Usage: deployment-health-gate [--<input> <value>]... [--json <file>|-]',
    '       deployment-health-gate monitor [--<input> <value>]...   (scheduled checks: monitor --help)',
    '       deployment-health-gate dashboard --history dir:PATH (--out DIR | --serve HOST:PORT)',
    '',
    'Every input of the GitHub Action is a flag of the same name; durations take 90s, 5m, 1h or seconds.',
    '',
    ...lines,
    '',
    '  --json <file>',
    '      Also write the JSON report there; `-` prints it on standard output instead of the text report.',
    '  --help, --version',
    '',
    'Secrets are best given in the environment, where no process list shows them.',
    'Exit status: 0 the gate passes, 1 it fails, 2 a usage or configuration error.',
  ].join('\n');
}

/** Words of `text` in lines of at most `width` characters (a longer word stands alone). */
export function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter(Boolean)) {
    if (line && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) lines.push(line);
  return lines;
}
