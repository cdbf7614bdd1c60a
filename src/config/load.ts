import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { ConfigError } from './config-error.js';
import { defaultConfig } from './defaults.js';
import type { GateConfig } from './types.js';

/** Looked for, in this order, when the `config` input is not given; the first one present is used. */
export const DEFAULT_CONFIG_FILES = [
  '.github/deployment-health.yml',
  '.github/deployment-health.yaml',
  '.github/deployment-health.json',
] as const;

/** A config file is a few dozen lines; anything this large is the wrong file. */
const MAX_CONFIG_BYTES = 1024 * 1024;

/**
 * The gate's rules and checklist: from `configPath` (relative to the workspace) when given, else from the
 * first default file present, else the built-in defaults. Throws ConfigError, and nothing else, when the
 * file is missing (given explicitly), unreadable or invalid.
 */
export async function loadConfig(input: {
  configPath: string | undefined;
  workspace: string;
}): Promise<GateConfig> {
  const workspace = path.resolve(input.workspace || '.');
  const given = input.configPath?.trim();
  let absolute: string;
  if (given) {
    absolute = path.resolve(workspace, given);
    if (!(await isFile(absolute))) {
      throw new ConfigError(
        [
          `${given}: no such file in the workspace ${workspace}; check the \`config\` input (a path relative to the repository root) and that actions/checkout ran before this step`,
        ],
        'The config file was not found',
      );
    }
  } else {
    const found = await firstExisting(DEFAULT_CONFIG_FILES.map((name) => path.join(workspace, name)));
    if (!found) return defaultConfig();
    absolute = found;
  }

  const shown = shownPath(absolute, workspace);
  let text: string;
  try {
    const { size } = await stat(absolute);
    if (size > MAX_CONFIG_BYTES) {
      throw new ConfigError(
        [
          `${shown}: the file is ${Math.round(size / 1024)} KiB; a config file is at most 1 MiB — check the \`config\` input`,
        ],
        `The config file ${shown} is too large`,
      );
    }
    text = await readFile(absolute, 'utf8');
  } catch (error) {
    if (error instanceof ConfigError) throw error;
    const code =
      (error as NodeJS.ErrnoException).code ?? (error instanceof Error ? error.message : String(error));
    throw new ConfigError(
      [`${shown}: could not be read (${code}); check the file's permissions`],
      `The config file ${shown} cannot be read`,
    );
  }
  // The parser (YAML with positions, the schema) is loaded only by a run that has a file to parse.
  const { parseConfig } = await import('./parse.js');
  return parseConfig(text.replace(/^\uFEFF/, ''), shown);
}

/** Relative to the workspace (what annotations and the reader expect), or absolute when outside it. */
function shownPath(absolute: string, workspace: string): string {
  const relative = path.relative(workspace, absolute);
  const outside = relative.startsWith('..') || path.isAbsolute(relative);
  return (outside ? absolute : relative).split(path.sep).join('/');
}

async function isFile(file: string): Promise<boolean> {
  try {
    return (await stat(file)).isFile();
  } catch {
    return false;
  }
}

async function firstExisting(files: readonly string[]): Promise<string | undefined> {
  for (const file of files) if (await isFile(file)) return file;
  return undefined;
}
