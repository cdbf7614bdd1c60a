/**
 * The config file cannot be used as written (or cannot be found). Every problem is one line, most of them
 * `file:line:col path: what is wrong and what to write instead`, all reported at once.
 */
export class ConfigError extends Error {
  constructor(
    readonly problems: string[],
    heading = 'The deployment-health config cannot be used',
  ) {
    super(`${heading}:\n${problems.map((p) => `- ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}
