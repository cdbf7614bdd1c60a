import type { Logger } from '../deps.js';
import { redact } from '../util/mask.js';
import { neutraliseCommands } from '../util/text.js';

/**
 * The CLI's log on standard error, one line a message with its level, secrets redacted, no workflow
 * commands. Standard output is kept for the report, so `--json -` can be piped.
 */
export function createConsoleLogger(
  write: (line: string) => void,
  secrets: () => readonly string[],
  options: { debug: boolean },
): Logger {
  // Inside a workflow a line starting with `::` would be a command to the runner.
  const line = (prefix: string) => (message: string) =>
    write(`${prefix}${neutraliseCommands(redact(message, secrets()))}`);
  return {
    debug: options.debug ? line('debug: ') : () => undefined,
    info: line(''),
    warning: line('warning: '),
    error: line('error: '),
  };
}
