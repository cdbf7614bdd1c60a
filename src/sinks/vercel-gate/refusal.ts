import { asString, get } from '../../clients/untyped.js';
import { untrusted } from '../../util/text.js';

/** A refusal (4xx other than an expected 404) ends the job with one message naming the fix. */
export class VercelRefused extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = 'VercelRefused';
  }
}

/** What the call was for: each has its own fix when Vercel says no. */
export type VercelPurpose = 'check' | 'promote' | 'rollback' | 'read';

const INPUT: Record<VercelPurpose, string> = {
  check: '`vercel-check`',
  promote: '`promote`',
  rollback: '`rollback-on-unhealthy`',
  read: '`promote` / `rollback-on-unhealthy`',
};

const DOING: Record<VercelPurpose, string> = {
  check: 'write deployment check runs of this project',
  promote: 'promote deployments of this project',
  rollback: 'roll back production of this project',
  read: 'read this project',
};

/**
 * One sentence for a 4xx answer of the Vercel API: what happened (status, call, Vercel's own words), why it
 * usually happens, and the fix. `team` is the `vercel-team` input.
 */
export function describeRefusal(
  purpose: VercelPurpose,
  status: number,
  data: unknown,
  what: string,
  team: string | undefined,
): string {
  const detail = asString(get(data, 'error', 'message'));
  const said = detail ? ` ("${untrusted(detail, 200)}")` : '';
  const head = `The Vercel API answered ${status} to ${what}${said}`;
  const tokenProblem =
    status === 401 ||
    get(data, 'error', 'invalidToken') === true ||
    get(data, 'error', 'missingToken') === true;
  if (tokenProblem) {
    return (
      `${head}: \`vercel-token\` is invalid, expired or revoked. Create a new token at ` +
      'https://vercel.com/account/tokens and store it as a secret.'
    );
  }
  const scope = team
    ? `a token with access to team \`${team}\``
    : 'a token with access to the team that owns the project, and set `vercel-team` to its id (`team_…`) or slug';
  if (status === 403) {
    return (
      `${head}: the token may not ${DOING[purpose]}. Use ${scope}, created by a member whose role allows ` +
      `it (Developer or higher on Vercel), or drop ${INPUT[purpose]}.`
    );
  }
  if (status === 400 && purpose === 'check') {
    return (
      `${head}: Vercel did not accept a check run from this token. Checks need a Vercel access token of the ` +
      `project's team (not a deploy hook, OIDC or integration token) and a check defined on this project: use ` +
      `${scope}, or drop ${INPUT[purpose]}.`
    );
  }
  if (status === 402 && purpose === 'rollback') {
    return (
      `${head}: the team's plan does not allow this rollback (on Hobby, Vercel rolls back only to the ` +
      'immediately previous production deployment). Roll back by hand in the Vercel dashboard.'
    );
  }
  if (status === 409) {
    return (
      `${head}: another promotion or rollback of this project is in progress, or the deployment cannot take ` +
      "production traffic now. Look at the project's deployments in the Vercel dashboard before retrying."
    );
  }
  if (status === 404) {
    return (
      `${head}: Vercel does not know it in this scope. Check \`vercel-project\` and \`vercel-team\` ` +
      '(a team project needs `vercel-team`).'
    );
  }
  return `${head}. Check \`vercel-project\`, \`vercel-team\` and ${INPUT[purpose]}.`;
}
