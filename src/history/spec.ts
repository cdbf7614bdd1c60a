import { parseDuration } from '../settings/duration.js';
import { untrusted } from '../util/text.js';

// The `history` and `history-squash` values, parsed before any work: small and free of the stores, so the
// gate's and the monitor's settings validate them without loading any of the history code.

/** A data branch is squashed to one commit once its oldest commit is this old (`history-squash`). */
export const DEFAULT_SQUASH_AFTER_MS = 24 * 3_600_000;

/** Where the history lives: the parsed `history` input. */
export type HistorySpec =
  | { kind: 'branch'; branch: string }
  | { kind: 'dir'; path: string }
  | { kind: 'none' };

/** A `history` or `history-squash` value that cannot be used; the message names the input and the fix. */
export class HistoryConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'HistoryConfigError';
  }
}

const FORMS = '`branch:NAME` (a data branch of this repository), `dir:PATH` (a folder) or `none`';

/**
 * Parses `branch:NAME` | `dir:PATH` | `none` (settings call it early, before any request). A branch name
 * follows git's rules for ref names; a path may be relative (to the working directory) or absolute.
 */
export function parseHistorySpec(value: string, input = 'history'): HistorySpec {
  const text = value.trim();
  if (text.toLowerCase() === 'none') return { kind: 'none' };
  const colon = text.indexOf(':');
  const kind = colon < 0 ? '' : text.slice(0, colon).trim().toLowerCase();
  const rest = colon < 0 ? '' : text.slice(colon + 1).trim();
  if (kind === 'branch') {
    const problem = branchNameProblem(rest);
    if (problem) {
      throw new HistoryConfigError(
        `\`${input}\` is "${shown(value)}": ${problem}. Use a branch name such as \`branch:deployment-health-data\`.`,
      );
    }
    return { kind: 'branch', branch: rest };
  }
  if (kind === 'dir') {
    if (rest === '' || rest.includes('\0')) {
      throw new HistoryConfigError(
        `\`${input}\` is "${shown(value)}": \`dir:\` needs a folder, e.g. \`dir:.deployment-health\`.`,
      );
    }
    return { kind: 'dir', path: rest };
  }
  throw new HistoryConfigError(`\`${input}\` is "${shown(value)}"; it must be ${FORMS}.`);
}

/** `history-squash`: a duration (`24h`, `90m`, `7d`) or `never`; milliseconds, 0 for never. */
export function parseSquashAfter(value: string, input = 'history-squash'): number {
  const text = value.trim().toLowerCase();
  if (text === '') return DEFAULT_SQUASH_AFTER_MS;
  if (text === 'never' || text === '0') return 0;
  const days = /^(\d+(?:\.\d+)?)\s*d$/.exec(text);
  const ms = days ? Math.round(Number(days[1]) * 86_400_000) : parseDuration(text);
  if (ms === undefined || ms < 3_600_000) {
    throw new HistoryConfigError(
      `\`${input}\` is "${shown(value)}"; it must be a duration of at least 1h such as \`24h\` or \`7d\`, or \`never\`.`,
    );
  }
  return ms;
}

/** Why `name` is not a usable branch name (git's `check-ref-format` rules), or undefined. */
function branchNameProblem(name: string): string | undefined {
  if (name === '') return '`branch:` needs a branch name';
  const control = [...name].some((c) => c.charCodeAt(0) < 0x20 || c.charCodeAt(0) === 0x7f);
  if (control || /[\s~^:?*[\\]/.test(name)) {
    return 'a branch name cannot hold spaces, control characters or any of ~ ^ : ? * [ \\';
  }
  if (name.includes('..') || name.includes('@{') || name.includes('//')) {
    return 'a branch name cannot hold "..", "@{" or "//"';
  }
  if (/^[-/.]|[/.]$|\.lock$|\/\.|^@$/.test(name)) {
    return 'a branch name cannot start with "-", "/" or ".", end with "/", "." or ".lock", or be "@"';
  }
  if (name.toLowerCase().startsWith('refs/')) return 'give the branch name without `refs/heads/`';
  return undefined;
}

/** The value as given, made safe to log (it may be anything). */
const shown = (value: string) => untrusted(value, 80);
