import { md } from './markdown.js';

/**
 * A configuration error for the job summary. Its problems quote input values and config text (a rule name,
 * a YAML key), so each is escaped like any remote text: no HTML, no links, no table or heading of its own.
 */
export function configErrorMarkdown(error: { message: string; problems: readonly string[] }): string {
  const heading = (error.message.split('\n', 1)[0] ?? '').replace(/:$/, '');
  const problems = error.problems.map((problem) => `- ${md(problem, 2000)}`).join('\n');
  return `${md(heading, 300)}:\n\n${problems}\n`;
}
