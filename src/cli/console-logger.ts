import type { Logger } from '../model/deps.js';
import { safeLogText } from '../util/text.js';

/**
 * The CLI's log on standard error, one line a message with its level, made safe like every line the CLI
 * prints (secrets redacted, no workflow commands: the CLI may run inside a workflow). Standard output is
 * kept for the report, so `--json -` can be piped.
 */
export function createConsoleLogger(write: (line: string) => void, options: { debug: boolean }): Logger {
  const line = (prefix: string) => (message: string) => write(`${prefix}${safeLogText(message)}`);
  return {
    debug: options.debug ? line('debug: ') : () => undefined,
    info: line(''),
    warning: line('warning: '),
    error: line('error: '),
  };
}
