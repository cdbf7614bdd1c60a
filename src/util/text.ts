import { redact } from './mask.js';

// Everything the product prints reaches GitHub's runner, which reads two kinds of workflow command in any
// line of stdout and stderr: `::name::data` at the start of a line (after white space), and the legacy
// `##[name]data` anywhere in a line. A line ends at CR, LF or CRLF. Remote text (health bodies, Vercel build
// output and error messages, the app's replies) and user text (rule names in the config file, inputs) must
// never be able to start either, so every path to stdout and stderr goes through `safeLogText()` (a log
// message, any number of lines) or `untrusted()` (one line inside a message), and JSON through `safeJson()`.

/** Line ends of the runner (CR, LF, CRLF) and of terminals and browsers (VT, FF, NEL, LS, PS). */
const LINE_BREAK = /\r\n|[\n\r\v\f\u0085\u2028\u2029]/g;

/**
 * DEL, C1 controls, soft hyphen, zero-width characters, and the bidi marks, embeddings, overrides and
 * isolates that make a line read differently from what it says (Trojan Source).
 */
const INVISIBLE = String.raw`\u007f-\u009f\u00ad\u061c\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff`;
/** Those, and the C0 controls but tab and LF, go from log text. */
const CONTROL = new RegExp(String.raw`[\u0000-\u0008\u000b-\u001f${INVISIBLE}]`, 'g');
/** In JSON they, and the line ends JSON leaves as they are, are written as escapes. */
const JSON_ESCAPED = new RegExp(String.raw`[\u2028\u2029${INVISIBLE}]`, 'g');

/** The runner's legacy command marker; breaking the pair keeps the text readable (`## [`). */
const LEGACY_COMMAND = /##\[/g;
/** A line the runner reads as a command: `::` after white space (.NET trims Unicode white space too). */
const LINE_COMMAND = /^(\s*)::/;

/** Longest line the log gets; one longer (a debug dump of thousands of services) is cut with a note. */
export const LOG_LINE_MAX = 4096;

/**
 * Any text as safe log text: secrets redacted, line ends normalised to LF, control and bidi characters
 * removed, no line the runner could read as a workflow command in either form, each line at most
 * `maxLineChars` characters (cut with a note, never inside a surrogate pair). Idempotent.
 */
export function safeLogText(text: string, maxLineChars = LOG_LINE_MAX): string {
  const cleaned = redact(text.replace(LINE_BREAK, '\n').replace(CONTROL, ''));
  return cleaned
    .split('\n')
    .map((line) => cutLine(breakCommands(line).replace(LINE_COMMAND, '$1: :'), maxLineChars))
    .join('\n');
}

/**
 * Remote or user text as one line to embed in a message: secrets redacted before anything is cut (so no
 * prefix of a secret survives the cut), line ends turned into spaces, control and bidi characters removed,
 * no `::` and no `##[`, at most `max` characters. Safe in any position of any log line.
 */
export function untrusted(value: unknown, max = 300): string {
  const text = typeof value === 'string' ? value : value === undefined ? '' : safeStringify(value);
  const flat = redact(text.replace(LINE_BREAK, ' ').replace(CONTROL, ''));
  return cut(breakCommands(flat).replace(/::/g, ': :'), max);
}

/**
 * JSON for a stream the runner reads (the CLI's `--json -`): the same value, with every character that
 * could end a line or hide text written as a `\uXXXX` escape and `##[` written `##\u005b`, so the output
 * parses to what was given and no line of it is a workflow command.
 */
export function safeJson(value: unknown, space?: number): string {
  return redact(JSON.stringify(value, null, space) ?? 'null')
    .replace(JSON_ESCAPED, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`)
    .replace(LEGACY_COMMAND, '##\\u005b');
}

function breakCommands(line: string): string {
  return line.replace(LEGACY_COMMAND, '## [');
}

/** At most `max` characters, ending in `…` when cut. */
export function cut(text: string, max: number): string {
  if (text.length <= max) return text;
  return max <= 0 ? '' : `${sliceWhole(text, max - 1)}…`;
}

/** The first `n` UTF-16 units, one fewer where the last would split a surrogate pair. */
function sliceWhole(text: string, n: number): string {
  const last = text.charCodeAt(n - 1);
  return text.slice(0, last >= 0xd800 && last <= 0xdbff ? n - 1 : n);
}

function cutLine(line: string, max: number): string {
  if (line.length <= max) return line;
  const head = sliceWhole(line, Math.max(1, max - 48));
  return `${head}… [${(line.length - head.length).toLocaleString('en-US')} more characters cut]`;
}

/** Escapes text for a Markdown table cell (job summary, check run). */
export function tableCell(value: unknown, max = 200): string {
  return untrusted(value, max).replace(/\|/g, '\\|').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function safeStringify(value: unknown): string {
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}

/** Milliseconds as a person reads them: `850 ms`, `4.2 s`, `3 min 5 s`; rounding never shows `60 s` or `1000 ms`. */
export function formatDuration(ms: number): string {
  if (Math.round(ms) < 1000) return `${Math.round(ms)} ms`;
  if (Math.round(ms / 100) < 600) return `${(ms / 1000).toFixed(1)} s`;
  // Round once, to whole seconds, before splitting: 119.6 s is "2 min", never "1 min 60 s".
  const total = Math.round(ms / 1000);
  const minutes = Math.floor(total / 60);
  const seconds = total % 60;
  return seconds ? `${minutes} min ${seconds} s` : `${minutes} min`;
}
