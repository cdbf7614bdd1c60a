import type { InputName } from '../settings/inputs.js';

/** Secrets may come from the environment, under the names Vercel and Rollbar use for them. */
export const SECRET_ENV: Partial<Record<InputName, string>> = {
  'vercel-token': 'VERCEL_TOKEN',
  'github-token': 'GITHUB_TOKEN',
  'rollbar-token': 'ROLLBAR_SERVER_ACCESS_TOKEN',
  'protection-bypass': 'VERCEL_AUTOMATION_BYPASS_SECRET',
};
