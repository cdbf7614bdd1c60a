/**
 * The tail of a build's output, kept so a failed build can say why in the report without anyone opening
 * Vercel. Only the last lines matter (the error is almost always at the end), so memory stays bounded
 * however long the build log is.
 */

/** Lines kept: enough to show a stack trace or a compiler error with its context. */
export const BUILD_LOG_LINES = 30;
/** Characters per line: a minified bundle or a base64 blob must not fill the report. */
export const BUILD_LOG_LINE_CHARS = 300;

// Colour and cursor sequences: CSI (`ESC [ … letter`, also the one-byte C1 form), OSC (`ESC ] … BEL/ST`,
// e.g. hyperlinks) and the two-byte escapes. Build tools colour their output even without a terminal.
const ANSI =
  // biome-ignore lint/suspicious/noControlCharactersInRegex: escape sequences are what is stripped here.
  /(?:\u001b\[|\u009b)[0-?]*[ -/]*[@-~]|\u001b\][^\u0007\u001b]*(?:\u0007|\u001b\\)?|\u001b[@-Z\\-_]/g;

// Control characters (tab kept), zero-width and bidi overrides: nothing a reader should see or be misled by.
const CONTROL =
  // biome-ignore lint/suspicious/noControlCharactersInRegex: stripping control characters is the point.
  /[\u0000-\u0008\u000a-\u001f\u007f-\u009f\u200b-\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

/**
 * One event's text as the lines a terminal would show: split at line breaks, a carriage return overwrites
 * what came before it on the line (progress bars), colours and control characters removed, tabs as spaces,
 * each line capped. Blank lines are dropped: they would only take room from lines that say something.
 */
export function buildOutputLines(text: string): string[] {
  const result: string[] = [];
  for (const raw of text.split(/\r?\n/)) {
    const shown = raw.slice(raw.lastIndexOf('\r') + 1);
    const line = shown.replace(ANSI, '').replace(CONTROL, '').replace(/\t/g, '  ').trimEnd();
    if (line.trim() !== '') result.push(capLine(line));
  }
  return result;
}

function capLine(line: string): string {
  if (line.length <= BUILD_LOG_LINE_CHARS) return line;
  let cut = line.slice(0, BUILD_LOG_LINE_CHARS - 1);
  // Never leave half of a surrogate pair (an emoji) at the cut.
  if (/[\ud800-\udbff]$/.test(cut)) cut = cut.slice(0, -1);
  return `${cut}…`;
}

/** A ring buffer of the last build-output lines. */
export class BuildLogTail {
  private readonly ring: string[] = [];
  private next = 0;
  private count = 0;
  private replayStarts = false;
  /** The events stream itself delivered the final state, so nothing after it is missing. */
  complete = false;

  constructor(private readonly capacity = BUILD_LOG_LINES) {}

  /** Adds one event's text (it may hold several lines). */
  add(text: string): void {
    const lines = buildOutputLines(text);
    if (lines.length === 0) return;
    if (this.replayStarts) {
      // A reopened stream replays the build from its start: its lines replace what the last one gave.
      this.clear();
      this.replayStarts = false;
    }
    for (const line of lines) {
      this.ring[this.next] = line;
      this.next = (this.next + 1) % this.capacity;
      this.count = Math.min(this.count + 1, this.capacity);
    }
  }

  /** A new stream is about to be read; the lines it sends supersede the ones kept so far. */
  expectReplay(): void {
    this.replayStarts = true;
    this.complete = false;
  }

  clear(): void {
    this.ring.length = 0;
    this.next = 0;
    this.count = 0;
  }

  get size(): number {
    return this.count;
  }

  /** The kept lines, oldest first. */
  lines(): string[] {
    if (this.count < this.capacity) return this.ring.slice(0, this.count);
    return [...this.ring.slice(this.next), ...this.ring.slice(0, this.next)];
  }
}
