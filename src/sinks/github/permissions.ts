import { get } from '../../clients/untyped.js';
import type { RunContext } from '../../model/run-context.js';

/** The GitHub permission each report needs; the `report` input names the report. */
export type Area = 'checks' | 'deployments';

export const areaReport: Record<Area, string> = {
  checks: 'check-run',
  deployments: 'deployment-status',
};

const areaWhat: Record<Area, string> = {
  checks: 'check runs',
  deployments: 'deployments and deployment statuses',
};

/** A pull request from a fork gets a read-only token whatever the workflow asks for. */
export function isForkPullRequest(context: RunContext): boolean {
  if (!context.eventName.startsWith('pull_request')) return false;
  const head = get(context.payload, 'pull_request', 'head', 'repo', 'full_name');
  const base = get(context.payload, 'pull_request', 'base', 'repo', 'full_name');
  if (get(context.payload, 'pull_request', 'head', 'repo', 'fork') === true) return true;
  return typeof head === 'string' && typeof base === 'string' && head !== base;
}

/**
 * The one warning for a 403 that is not a rate limit: which permission is missing, the block that grants it,
 * and what the run does instead.
 */
export function missingPermissionMessage(area: Area, what: string, context: RunContext): string {
  const permission = `${area}: write`;
  const why = isForkPullRequest(context)
    ? 'This run is for a pull request from a fork, and GitHub gives such runs a read-only token whatever the ' +
      'workflow asks for. '
    : '';
  return (
    `GitHub answered 403 to ${what}: \`github-token\` may not write ${areaWhat[area]} (it lacks \`${permission}\`). ` +
    `${why}Add \`${permission}\` to the job's \`permissions:\` block (for example ` +
    '`permissions: { contents: read, checks: write, deployments: write }`), or leave ' +
    `\`${areaReport[area]}\` out of the \`report\` input. The ${areaReport[area]} report is off for the rest ` +
    'of this run; the job summary and annotations still report, and the verdict still decides the step.'
  );
}
