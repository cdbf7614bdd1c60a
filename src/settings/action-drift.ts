import { INPUTS, type InputSpec } from './input-registry.js';

// action.yml is what the runner reads; the inputs registry is what the code reads. This compares the two, so
// a test (and `npm run docs`) names any input added, dropped or changed on one side only.

/** The part of a parsed action.yml this compares. */
export interface ActionManifest {
  inputs?: Record<string, { description?: string; required?: boolean; default?: unknown } | null> | null;
}

/** How a description marks an input as holding a secret, for inputs whose name does not (`…-token`). */
const SECRET_WORDS = /\b(secret|masked)\b/i;

/** Whether action.yml presents the input as a secret: a `…-token`, or a description saying secret/masked. */
export function looksSecret(name: string, description: string | undefined): boolean {
  return name.endsWith('-token') || SECRET_WORDS.test(description ?? '');
}

/** Every disagreement between action.yml and the registry, one sentence each; empty when they agree. */
export function inputDrift(action: ActionManifest, inputs: readonly InputSpec[] = INPUTS): string[] {
  const declared = action.inputs ?? {};
  const problems: string[] = [];
  const registered = new Map(inputs.map((input) => [input.name, input]));
  for (const name of Object.keys(declared)) {
    if (!registered.has(name)) problems.push(`\`${name}\` is in action.yml but not in the inputs registry`);
  }
  for (const input of inputs) {
    if (!(input.name in declared)) {
      problems.push(`\`${input.name}\` is in the inputs registry but not in action.yml`);
      continue;
    }
    const spec = declared[input.name] ?? {};
    const actionDefault = spec.default === undefined ? '' : String(spec.default);
    const registryDefault = input.runnerDefault ?? input.default;
    if (actionDefault !== registryDefault) {
      problems.push(
        `\`${input.name}\` defaults to ${JSON.stringify(actionDefault)} in action.yml but ` +
          `${JSON.stringify(registryDefault)} in the inputs registry`,
      );
    }
    if (spec.required !== false) {
      // Every input has a default or means "absent"; the gate works out the rest from the event.
      problems.push(
        `\`${input.name}\` must say \`required: false\` in action.yml, as every input of the gate`,
      );
    }
    if (looksSecret(input.name, spec.description) !== (input.secret !== undefined)) {
      problems.push(
        input.secret === undefined
          ? `\`${input.name}\` reads as a secret in action.yml (a token, "secret" or "masked") but the inputs registry does not mark it secret`
          : `\`${input.name}\` is secret in the inputs registry but action.yml does not say so (name it …-token, or say "secret" or "masked")`,
      );
    }
  }
  return problems;
}
