import { buildConfig } from './build.js';
import { ConfigError } from './config-error.js';
import { crossCheck } from './cross-checks.js';
import { locateProblems } from './problems.js';
import { configFileSchema } from './schema.js';
import type { GateConfig } from './types.js';
import { parseYamlSource } from './yaml-source.js';
import { genericMessage, problemsFromIssues } from './zod-problems.js';

/**
 * Parses and validates the text of a config file (YAML or JSON) named `file` (as the reader knows it,
 * relative to the workspace). Throws ConfigError listing every problem with file:line:col and path.
 */
export function parseConfig(text: string, file: string): GateConfig {
  const source = parseYamlSource(text);
  if (source.syntaxErrors.length) {
    // Past a syntax error the document's shape is a guess, so shape problems would only add noise.
    const problems = source.syntaxErrors.map(
      (e) => `${file}:${e.line}:${e.column} YAML syntax: ${e.message}`,
    );
    throw new ConfigError(problems, heading(file, problems.length));
  }
  // An empty file (or one with only comments) asks for the defaults.
  const data = source.data ?? {};
  const parsed = configFileSchema.safeParse(data, { error: genericMessage });
  const problems = [
    ...(parsed.success ? [] : problemsFromIssues(configFileSchema, parsed.error.issues)),
    ...crossCheck(data, source),
  ];
  if (problems.length || !parsed.success) {
    const lines = locateProblems(file, problems, source);
    throw new ConfigError(lines, heading(file, lines.length));
  }
  return buildConfig(file, parsed.data, source);
}

const heading = (file: string, count: number) =>
  `The config file ${file} has ${count === 1 ? 'a problem' : `${count} problems`}; fix ${count === 1 ? 'it' : 'them'} and re-run`;
