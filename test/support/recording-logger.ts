import type { Logger } from '../../src/model/deps.js';

/** A logger that keeps every line, for tests to read what the gate said and at which level. */
export interface RecordingLogger extends Logger {
  lines: Array<{ level: keyof Logger; message: string }>;
  /** Every line as `level: message`, one a line. */
  text(): string;
  warnings(): string[];
}

export function recordingLogger(): RecordingLogger {
  const lines: RecordingLogger['lines'] = [];
  const at = (level: keyof Logger) => (message: string) => {
    lines.push({ level, message });
  };
  return {
    lines,
    debug: at('debug'),
    info: at('info'),
    warning: at('warning'),
    error: at('error'),
    text: () => lines.map((l) => `${l.level}: ${l.message}`).join('\n'),
    warnings: () => lines.filter((l) => l.level === 'warning').map((l) => l.message),
  };
}
