import * as core from '@actions/core';
import type { Logger } from '../deps.js';
import { redact } from '../util/mask.js';
import { neutraliseCommands } from '../util/text.js';

/**
 * The runner's log, made safe: secrets are redacted here too (the runner masks registered secrets, but a
 * local run or a secret split across lines would not be), and no line can start a workflow command.
 */
export function createRunnerLogger(secrets: () => readonly string[]): Logger {
  const clean = (message: string) => neutraliseCommands(redact(message, secrets()));
  return {
    debug: (m) => core.debug(clean(m)),
    info: (m) => core.info(clean(m)),
    warning: (m) => core.warning(clean(m)),
    error: (m) => core.error(clean(m)),
  };
}
