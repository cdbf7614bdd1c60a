import type { Logger } from '../model/deps.js';
import { safeLogText, untrusted } from '../util/text.js';
import * as core from './core.js';

// The action's only ways to the runner's log. Every message goes through `safeLogText` (secrets redacted,
// no workflow command in either of the runner's forms, lines capped), so no stage calls the runner's
// log functions itself.

/** The runner's log, made safe: the runner masks registered secrets, but a local run would not. */
export function createRunnerLogger(): Logger {
  return {
    debug: (m) => core.debug(safeLogText(m)),
    info: (m) => core.info(safeLogText(m)),
    warning: (m) => core.warning(safeLogText(m)),
    error: (m) => core.error(safeLogText(m)),
  };
}

export type AnnotationLevel = 'error' | 'warning' | 'notice';

/** A workflow annotation; its title and message are made safe like every log line. */
export function annotate(level: AnnotationLevel, message: string, title?: string): void {
  const write = level === 'error' ? core.error : level === 'warning' ? core.warning : core.notice;
  write(safeLogText(message), title === undefined ? {} : { title: untrusted(title, 200) });
}

/** Fails the step with a message that is made safe like every log line. */
export function failStep(message: string): void {
  core.setFailed(safeLogText(message));
}
