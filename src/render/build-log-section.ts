import { untrusted } from '../util/text.js';
import { link } from './markdown.js';
import type { RunView } from './run-view.js';

/**
 * A failed build's last output lines, so the reader of the summary, the check run or the log sees why it
 * failed without opening Vercel. The lines are remote text: in Markdown they sit in a fenced code block
 * that no line can close (the fence is longer than any run of backticks in them); in the log they go
 * through `untrusted()`.
 */

export const BUILD_LOG_TITLE = 'Last lines of the build output';
/** Lines in the log; the summary and the check run show all the resolver kept. */
export const CONSOLE_BUILD_LOG_LINES = 5;
/** The resolver keeps this many already; the report does not trust that. */
const MAX_LINES = 30;
const MAX_LINE_CHARS = 300;

// Control characters (line breaks above all: one line must stay one line), zero-width and bidi overrides.
// biome-ignore lint/suspicious/noControlCharactersInRegex: stripping control characters is the point.
const UNPRINTABLE = /[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

/** `### Last lines of the build output` and a fenced block; '' when there are none. */
export function buildLogSection(view: RunView): string {
  const lines = view.buildLog.slice(-MAX_LINES).map(blockLine);
  if (lines.length === 0) return '';
  const fence = fenceFor(lines);
  const count = lines.length === 1 ? 'The last line' : `The last ${lines.length} lines`;
  const inspector = view.deployment.inspectorUrl
    ? ` The full log is in the ${link('Vercel inspector', view.deployment.inspectorUrl)}.`
    : '';
  return [
    `### ${BUILD_LOG_TITLE}`,
    '',
    `${count} Vercel logged for this build (colours removed, this gate’s secrets masked).${inspector}`,
    '',
    `${fence}text`,
    ...lines,
    fence,
  ].join('\n');
}

/**
 * A backtick fence longer than any run of backticks in the lines: a closing fence must be at least as long
 * as the opening one, so no line can end the block early. (A tilde line cannot close a backtick fence.)
 */
export function fenceFor(lines: readonly string[]): string {
  let longest = 0;
  for (const line of lines) {
    for (const run of line.match(/`+/g) ?? []) longest = Math.max(longest, run.length);
  }
  return '`'.repeat(Math.max(3, longest + 1));
}

/** The last few lines for the step log, each behind a prefix so they read as quoted build output. */
export function consoleBuildLog(view: RunView): string[] {
  const all = view.buildLog.slice(-MAX_LINES);
  if (all.length === 0) return [];
  const shown = all.slice(-CONSOLE_BUILD_LOG_LINES);
  const more = all.length > shown.length ? ` (the job summary shows ${all.length})` : '';
  return [
    `${shown.length === 1 ? 'Last line' : `Last ${shown.length} lines`} of the build output${more}:`,
    ...shown.map((line) => `  | ${untrusted(line, MAX_LINE_CHARS)}`),
  ];
}

function blockLine(line: string): string {
  const flat = String(line).replace(/\t/g, '  ').replace(UNPRINTABLE, '');
  return flat.length > MAX_LINE_CHARS ? `${flat.slice(0, MAX_LINE_CHARS - 1)}…` : flat;
}
