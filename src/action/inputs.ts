import { SECRET_INPUTS, type SecretSpec, secretsInInput } from '../settings/input-registry.js';
import type { InputName } from '../settings/inputs.js';
import { isSecretLength, registerSecrets } from '../util/mask.js';
import { safeLogText } from '../util/text.js';
import * as core from './core.js';

/**
 * Inputs as the runner passes them (`INPUT_<NAME>`, upper-case, hyphens kept), read as `@actions/core` reads
 * them (runner/core.ts).
 */
export const readInput = (name: InputName): string => core.getInput(name);

/**
 * Registers secret inputs with the runner (`add-mask`) and with our own redaction before anything is
 * parsed, so even an error cannot print them. Header values shorter than MIN_SECRET_LENGTH are not masked:
 * `add-mask` of `1` would hide every `1` in the job log; the log says so.
 */
export function maskSecretInputs(
  inputs: ReadonlyArray<{ name: string; secret: SecretSpec }> = SECRET_INPUTS,
): string[] {
  const secrets: string[] = [];
  const shortHeaders: string[] = [];
  for (const input of inputs) {
    for (const { value, header } of secretsInInput(input.secret, core.getInput(input.name))) {
      if (header !== undefined && value && !isSecretLength(value)) shortHeaders.push(header);
      else secrets.push(value);
    }
  }
  const masked = secrets.filter(isSecretLength);
  for (const secret of masked) core.setSecret(secret);
  registerSecrets(masked);
  if (shortHeaders.length) {
    core.info(
      safeLogText(
        `Not masking the value of header ${shortHeaders.map((h) => JSON.stringify(h.replace(/[^\w-]/g, ''))).join(', ')} ` +
          'in the log: it is shorter than 4 characters, too short to be a secret, and masking it would hide ' +
          'every such string in the job log.',
      ),
    );
  }
  return masked;
}
