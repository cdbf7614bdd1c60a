import * as core from '@actions/core';
import type { InputName } from '../settings/inputs.js';

/** Inputs as the runner passes them (`INPUT_<NAME>`, upper-case, hyphens kept), read through @actions/core. */
export const readInput = (name: InputName): string => core.getInput(name);

/** Registers secret inputs with the runner before anything is parsed, so even an error cannot print them. */
export function maskSecretInputs(): string[] {
  const secrets = [
    readInput('vercel-token'),
    readInput('protection-bypass'),
    readInput('github-token'),
    readInput('rollbar-token'),
  ];
  for (const line of readInput('headers').split(/\r?\n/)) {
    const colon = line.indexOf(':');
    if (colon > 0) secrets.push(line.slice(colon + 1).trim());
  }
  const nonEmpty = secrets.filter((s) => s.length > 0);
  for (const secret of nonEmpty) core.setSecret(secret);
  return nonEmpty;
}
