// How the demo prints: a step's log as the GitHub UI renders it, with the runner's workflow commands
// (`::error title=…::message`) turned into readable lines and their escapes undone, and the few text helpers
// the gate scenarios (demo.ts) and the monitor story (demo-monitor.ts) share.

export const bold = (s: string) => (process.stdout.isTTY ? `\u001b[1m${s}\u001b[22m` : s);
export const dim = (s: string) => (process.stdout.isTTY ? `\u001b[2m${s}\u001b[22m` : s);

/** A Markdown line as plain terminal text: no heading marks, emphasis, code marks, quote marks or link targets. */
export function plain(line: string): string {
  return line
    .replace(/^#+\s*/, '')
    .replace(/^>\s?/, '')
    .replace(/\*\*(.*?)\*\*/g, '$1')
    .replace(/`([^`]*)`/g, '$1')
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/<[^>]+>/g, '')
    .trim();
}

export const clip = (text: string, max: number) =>
  text.length <= max ? text : `${text.slice(0, max - 1).trimEnd()}…`;
export const oneLine = (text: string) => text.replace(/\s+/g, ' ').trim();
/** `  label              text`: one line of "what a reviewer sees". */
export const row = (label: string, text: string) => console.log(`  ${label.padEnd(18)} ${text}`);

/** The runner's escapes in a workflow command's data (`%25`, `%0D`, `%0A`), undone in one pass. */
export function unescapeData(text: string): string {
  return text.replace(/%(25|0D|0A)/gi, (_, code: string) => String.fromCharCode(Number.parseInt(code, 16)));
}

/** The same for a property value (`title=…`), which also escapes `:` (`%3A`) and `,` (`%2C`). */
export function unescapeProperty(text: string): string {
  return text.replace(/%(25|0D|0A|3A|2C)/gi, (_, code: string) =>
    String.fromCharCode(Number.parseInt(code, 16)),
  );
}

/**
 * The step log as the GitHub UI shows it: `error`/`warning`/`notice` commands rendered as
 * `LEVEL [title] (file:line): message` (a message's further lines indented below it), masks and debug
 * lines hidden, every other line as it is.
 */
export function showLog(stdout: string): string[] {
  const lines: string[] = [];
  for (const line of stdout.split('\n')) {
    if (!line || line.startsWith('::add-mask::') || line.startsWith('::debug::')) continue;
    const command = /^::(error|warning|notice)(?: ([^:]*))?::(.*)$/.exec(line);
    if (!command) {
      lines.push(line);
      continue;
    }
    const [, level = '', properties = '', data = ''] = command;
    const props = new Map<string, string>();
    for (const pair of properties.split(',')) {
      const at = pair.indexOf('=');
      if (at > 0) props.set(pair.slice(0, at).trim(), unescapeProperty(pair.slice(at + 1)));
    }
    const title = props.get('title');
    const file = props.get('file');
    const where = file ? ` (${file}${props.has('line') ? `:${props.get('line')}` : ''})` : '';
    const [first = '', ...more] = unescapeData(data).split(/\r\n|\r|\n/);
    lines.push(`${level.toUpperCase()}${title ? ` [${title}]` : ''}${where}: ${first}`);
    for (const next of more) lines.push(`    ${next}`);
  }
  return lines;
}
