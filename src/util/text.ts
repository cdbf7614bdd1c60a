// Remote text (response bodies, Vercel error messages, service details) is untrusted: it must never be able
// to start a workflow command (`::set-output`, `::add-mask`, `::stop-commands`) when it reaches the log.

// biome-ignore lint/suspicious/noControlCharactersInRegex: stripping control characters is the point.
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f\u200b-\u200f\u2028\u2029\u202a-\u202e]/g;

/** One line, no control characters, no `::` that the runner could read as a command, at most `max` chars. */
export function untrusted(value: unknown, max = 300): string {
  const text = typeof value === 'string' ? value : value === undefined ? '' : safeStringify(value);
  const flat = text
    .replace(/\r\n|\r|\n/g, ' ')
    .replace(CONTROL, '')
    .replace(/::/g, ': :');
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
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

/** Milliseconds as a person reads them: `850 ms`, `4.2 s`, `3 min 5 s`. */
export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  const minutes = Math.floor(ms / 60_000);
  const seconds = Math.round((ms % 60_000) / 1000);
  return seconds ? `${minutes} min ${seconds} s` : `${minutes} min`;
}

/** A line that starts with `::` would be read by the runner as a command; break the pair. */
export function neutraliseCommands(text: string): string {
  return text.replace(/(^|\n)(\s*)::/g, '$1$2: :');
}
