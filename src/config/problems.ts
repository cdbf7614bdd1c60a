// A problem found in the config file, and how it is written for the reader:
// `.github/deployment-health.yml:7:18 rules[0].condition.operator: "greater" is not an operator; …`

import type { SourcePosition } from './types.js';
import type { PathSegment, YamlSource } from './yaml-source.js';

export interface Problem {
  path: PathSegment[];
  message: string;
  /** Point at the key (unknown keys) rather than its value. */
  at?: 'key' | 'value';
}

/** `rules[2].condition.operator`; `(top level)` for the document itself. */
export function formatPath(path: readonly PathSegment[]): string {
  if (path.length === 0) return '(top level)';
  return path
    .map((segment, index) => {
      if (typeof segment === 'number') return `[${segment}]`;
      if (/^[A-Za-z_$][\w$-]*$/.test(segment)) return index === 0 ? segment : `.${segment}`;
      return `[${JSON.stringify(segment)}]`;
    })
    .join('');
}

export interface LocatedProblem extends SourcePosition {
  text: string;
}

/** Each problem with its line and column, in the order they appear in the file, duplicates dropped. */
export function locateProblems(file: string, problems: readonly Problem[], source: YamlSource): string[] {
  const located = problems.map((problem): LocatedProblem => {
    const { line, column } = source.locate(problem.path, problem.at);
    return {
      line,
      column,
      text: `${file}:${line}:${column} ${formatPath(problem.path)}: ${problem.message}`,
    };
  });
  located.sort((a, b) => a.line - b.line || a.column - b.column);
  return [...new Set(located.map((p) => p.text))];
}
