import { isMonitorInputName } from '../monitor/inputs.js';
import { isInputName } from '../settings/input-registry.js';
import { SECRET_ENV } from './secret-env.js';

// The engine's messages speak to a workflow's author: "pass `vercel-token: ${{ secrets.VERCEL_TOKEN }}`",
// "raise `request-timeout`", "re-run the workflow". On the command line the same advice names flags and
// environment variables. One table here, applied to every line the CLI prints, keeps the stages unaware of
// where they run.

const flag = (name: string) => {
  const env = isInputName(name) ? SECRET_ENV[name] : undefined;
  return env ? `\`--${name}\` (or ${env} in the environment)` : `\`--${name}\``;
};

/** The rewrites for one command, whose inputs are each a flag of the same name. */
const rewritesFor = (
  isInput: (name: string) => boolean,
): Array<[RegExp, (...groups: string[]) => string]> => [
  // `vercel-token: ${{ secrets.VERCEL_TOKEN }}` → `--vercel-token` (or VERCEL_TOKEN in the environment)
  [/`([a-z][a-z-]*): \$\{\{[^}]*\}\}`/g, (whole, name = '') => (isInput(name) ? flag(name) : whole)],
  // `health-format: status-code` → `--health-format status-code`
  [
    /`([a-z][a-z-]*): ([^`$]+)`/g,
    (whole, name = '', value = '') => (isInput(name) ? `\`--${name} ${value}\`` : whole),
  ],
  // the `config` input, `request-timeout` → `--config`, `--request-timeout`
  [/(?:the )?`([a-z][a-z-]*)`(?: input)?/g, (whole, name = '') => (isInput(name) ? flag(name) : whole)],
  [
    /\(a path relative to the repository root\) and that actions\/checkout ran before this step/g,
    () => '(a path relative to the current directory)',
  ],
  [/\b([Rr])e-run the (?:workflow|job|gate)\b/g, (_, r = 'r') => `${r === 'R' ? 'R' : 'r'}un the gate again`],
  [/\bfrom the runner\b/g, () => 'from this machine'],
];

const GATE_REWRITES = rewritesFor(isInputName);
// The monitor's inputs only for the monitor's command: `dashboard` is a monitor input and a checklist key.
const MONITOR_REWRITES = rewritesFor((name) => isMonitorInputName(name));

/** A line of the engine's, as the command line says it (`monitor`: as the monitor command says it). */
export function commandLineWording(text: string, command: 'gate' | 'monitor' = 'gate'): string {
  const rewrites = command === 'monitor' ? MONITOR_REWRITES : GATE_REWRITES;
  return rewrites.reduce((out, [pattern, rewrite]) => out.replace(pattern, rewrite as never), text);
}
