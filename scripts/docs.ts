// Writes what is generated from the inputs registry (src/settings/input-registry.ts) and action.yml: the
// README's inputs and outputs tables and the CLI's --help texts (src/cli/input-help.ts), so none of them
// drifts. It stops when the registry and action.yml disagree. `--check` only compares and fails with the fix
// (CI runs it).
import { readFileSync, writeFileSync } from 'node:fs';
import { parse } from 'yaml';
import { inputDrift } from '../src/settings/action-drift.js';
import { inputSpec } from '../src/settings/input-registry.js';

interface Described {
  description?: string;
}
const action = parse(readFileSync('action.yml', 'utf8')) as {
  inputs?: Record<string, Described & { required?: boolean; default?: unknown }>;
  outputs?: Record<string, Described>;
};

const drift = inputDrift(action);
if (drift.length) {
  console.error(
    `action.yml and the inputs registry (src/settings/input-registry.ts) disagree:\n${drift.map((d) => `- ${d}`).join('\n')}`,
  );
  process.exit(1);
}

const cell = (text: unknown) =>
  String(text ?? '')
    .replace(/\|/g, '\\|')
    .replace(/\n/g, ' ')
    .trim();

/** The default a reader of the README expects: the runner's own expression where it has one. */
const shownDefault = (name: string): string => {
  const spec = inputSpec(name);
  const value = spec?.runnerDefault ?? spec?.default ?? '';
  return value === '' ? '—' : `\`${cell(value)}\``;
};

// In action.yml's order, the order a reader of the action's page sees.
const inputs = [
  '| input | default | description |',
  '| --- | --- | --- |',
  ...Object.entries(action.inputs ?? {}).map(
    ([name, spec]) => `| \`${name}\` | ${shownDefault(name)} | ${cell(spec.description)} |`,
  ),
].join('\n');
const outputs = [
  '| output | description |',
  '| --- | --- |',
  ...Object.entries(action.outputs ?? {}).map(
    ([name, spec]) => `| \`${name}\` | ${cell(spec.description)} |`,
  ),
].join('\n');

const readme = readFileSync('README.md', 'utf8');
const replace = (text: string, name: string, table: string) => {
  const pattern = new RegExp(`(<!-- ${name}:start -->)[\\s\\S]*?(<!-- ${name}:end -->)`);
  if (!pattern.test(text)) {
    console.error(
      `README.md has no <!-- ${name}:start --> / <!-- ${name}:end --> markers; add them where the table belongs.`,
    );
    process.exit(1);
  }
  return text.replace(pattern, (_, start, end) => `${start}\n${table}\n${end}`);
};
const updated = replace(replace(readme, 'inputs', inputs), 'outputs', outputs);

// The CLI's --help says what each flag means in action.yml's own words.
const helpFile = 'src/cli/input-help.ts';
const help = `// Written by \`npm run docs\` from action.yml; do not edit (CI checks it is current).
/** What each input means, in action.yml's words: the CLI's --help shows it beside the flag. */
export const INPUT_HELP: Readonly<Record<string, string>> = ${JSON.stringify(
  Object.fromEntries(
    Object.entries(action.inputs ?? {}).map(([name, spec]) => [name, cell(spec.description)]),
  ),
  null,
  2,
)};
`;
const currentHelp = (() => {
  try {
    return readFileSync(helpFile, 'utf8');
  } catch {
    return '';
  }
})();

if (process.argv.includes('--check')) {
  if (updated !== readme || help !== currentHelp) {
    console.error(
      `${updated !== readme ? 'README.md inputs/outputs tables' : helpFile} differ${updated !== readme ? '' : 's'} from action.yml: run \`npm run docs\` and commit the result.`,
    );
    process.exit(1);
  }
  console.log(`README.md tables and ${helpFile} match action.yml and the inputs registry.`);
} else {
  writeFileSync('README.md', updated);
  writeFileSync(helpFile, help);
  console.log(`README.md tables and ${helpFile} written from action.yml and the inputs registry.`);
}
