import { cliFlag, type InputName, isInputName } from '../settings/input-registry.js';
import { SECRET_ENV } from './secret-env.js';

// The engine's messages speak to a workflow's author: "pass `vercel-token: ${{ secrets.VERCEL_TOKEN }}`",
// "raise `request-timeout`", "re-run the workflow". On the command line the same advice names flags and
// environment variables. One table here, applied to every line the CLI prints, keeps the stages unaware of
// where they run.

const flag = (name: InputName) => {
  const env = SECRET_ENV[name];
  return env ? `\`${cliFlag(name)}\` (or ${env} in the environment)` : `\`${cliFlag(name)}\``;
};

const REWRITES: Array<[RegExp, (...groups: string[]) => string]> = [
  // `vercel-token: ${{ secrets.VERCEL_TOKEN }}` → `--vercel-token` (or VERCEL_TOKEN in the environment)
  [/`([a-z][a-z-]*): \$\{\{[^}]*\}\}`/g, (whole, name = '') => (isInputName(name) ? flag(name) : whole)],
  // `health-format: status-code` → `--health-format status-code`
  [
    /`([a-z][a-z-]*): ([^`$]+)`/g,
    (whole, name = '', value = '') => (isInputName(name) ? `\`${cliFlag(name)} ${value}\`` : whole),
  ],
  // the `config` input, `request-timeout` → `--config`, `--request-timeout`
  [/(?:the )?`([a-z][a-z-]*)`(?: input)?/g, (whole, name = '') => (isInputName(name) ? flag(name) : whole)],
  [
    /\(a path relative to the repository root\) and that actions\/checkout ran before this step/g,
    () => '(a path relative to the current directory)',
  ],
  [/\b([Rr])e-run the (?:workflow|job|gate)\b/g, (_, r = 'r') => `${r === 'R' ? 'R' : 'r'}un the gate again`],
  [/\bfrom the runner\b/g, () => 'from this machine'],
];

/** A line of the engine's, as the command line says it. */
export function commandLineWording(text: string): string {
  return REWRITES.reduce((out, [pattern, rewrite]) => out.replace(pattern, rewrite as never), text);
}
