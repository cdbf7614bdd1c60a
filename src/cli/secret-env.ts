import { INPUT_ENV, type InputName } from '../settings/input-registry.js';

/**
 * Secrets may come from the environment, under the names Vercel and Rollbar use for them (the inputs
 * registry's `env`).
 */
export const SECRET_ENV: Readonly<Partial<Record<InputName, string>>> = INPUT_ENV;
