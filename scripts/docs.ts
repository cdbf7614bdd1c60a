// Writes what is generated from the inputs registries and the action.yml files, so none of them drifts:
// - the README's inputs and outputs tables and the CLI's --help texts (src/cli/input-help.ts), from
//   action.yml and src/settings/input-registry.ts;
// - docs/monitor.md's inputs and outputs tables, from monitor/action.yml and src/monitor/inputs.ts;
// - the dashboard's static files as a module (src/dashboard/assets.generated.ts), from src/dashboard/site/,
//   so the monitor's bundle carries them (the runner installs nothing, and a bundle has no files beside it).
// It stops when a registry and its action.yml disagree. `--check` only compares and fails with the fix
// (CI runs it).
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { parse } from 'yaml';
import { MONITOR_INPUTS, monitorInputSpec } from '../src/monitor/inputs.js';
import { inputDrift } from '../src/settings/action-drift.js';
import { type InputSpec, inputSpec } from '../src/settings/input-registry.js';

interface Described {
  description?: string;
}
interface ActionFile {
  inputs?: Record<string, Described & { required?: boolean; default?: unknown }>;
  outputs?: Record<string, Described>;
}
const readAction = (file: string) => parse(readFileSync(file, 'utf8')) as ActionFile;
const action = readAction('action.yml');
const monitorAction = readAction('monitor/action.yml');

const drift = [
  ...inputDrift(action).map((d) => `- action.yml / src/settings/input-registry.ts: ${d}`),
  ...inputDrift(monitorAction, MONITOR_INPUTS).map(
    (d) => `- monitor/action.yml / src/monitor/inputs.ts: ${d}`,
  ),
];
if (drift.length) {
  console.error(`An action.yml and its inputs registry disagree:\n${drift.join('\n')}`);
  process.exit(1);
}

const cell = (text: unknown) =>
  String(text ?? '')
    .replace(/\|/g, '\\|')
    .replace(/\n/g, ' ')
    .trim();

/** The default a reader expects: the runner's own expression where it has one. */
const shownDefault = (spec: InputSpec | undefined): string => {
  const value = spec?.runnerDefault ?? spec?.default ?? '';
  return value === '' ? '—' : `\`${cell(value)}\``;
};

// In action.yml's order, the order a reader of the action's page sees.
const inputsTable = (file: ActionFile, specOf: (name: string) => InputSpec | undefined) =>
  [
    '| input | default | description |',
    '| --- | --- | --- |',
    ...Object.entries(file.inputs ?? {}).map(
      ([name, spec]) => `| \`${name}\` | ${shownDefault(specOf(name))} | ${cell(spec.description)} |`,
    ),
  ].join('\n');
const outputsTable = (file: ActionFile) =>
  [
    '| output | description |',
    '| --- | --- |',
    ...Object.entries(file.outputs ?? {}).map(
      ([name, spec]) => `| \`${name}\` | ${cell(spec.description)} |`,
    ),
  ].join('\n');

/** `text` (the page `file`) with each marked table replaced; stops when a page lacks its markers. */
function withTables(file: string, text: string, tables: Record<string, string>): string {
  let updated = text;
  for (const [name, table] of Object.entries(tables)) {
    const pattern = new RegExp(`(<!-- ${name}:start -->)[\\s\\S]*?(<!-- ${name}:end -->)`);
    if (!pattern.test(updated)) {
      console.error(
        `${file} has no <!-- ${name}:start --> / <!-- ${name}:end --> markers; add them where the table belongs.`,
      );
      process.exit(1);
    }
    updated = updated.replace(pattern, (_, start, end) => `${start}\n${table}\n${end}`);
  }
  return updated;
}

const readOr = (file: string, fallback: string) => {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return fallback;
  }
};

// The CLI's --help (and the monitor command's) says what each flag means in the action.yml's own words.
const helpModule = (from: string, constant: string, of: typeof action) =>
  `// Written by \`npm run docs\` from ${from}; do not edit (CI checks it is current).
/** What each input means, in ${from}'s words: the command line's --help shows it beside the flag. */
export const ${constant}: Readonly<Record<string, string>> = ${JSON.stringify(
    Object.fromEntries(Object.entries(of.inputs ?? {}).map(([name, spec]) => [name, cell(spec.description)])),
    null,
    2,
  )};
`;
const helpFile = 'src/cli/input-help.ts';
const help = helpModule('action.yml', 'INPUT_HELP', action);
const monitorHelpFile = 'src/monitor/input-help.ts';
const monitorHelp = helpModule('monitor/action.yml', 'MONITOR_INPUT_HELP', monitorAction);

// The dashboard's site: `index.html` at the site's root, every other file of src/dashboard/site/ (the script,
// the style sheet, the icon) under `assets/`, where index.html refers to them.
const SITE_DIR = 'src/dashboard/site';
const SITE_REQUIRED = ['index.html', 'dashboard.js', 'dashboard.css'];
const siteNames = (() => {
  const names = readdirSync(SITE_DIR, { withFileTypes: true })
    .filter((entry) => entry.isFile() && !entry.name.startsWith('.'))
    .map((entry) => entry.name)
    .sort();
  const missing = SITE_REQUIRED.filter((name) => !names.includes(name));
  if (missing.length) {
    console.error(`${SITE_DIR} lacks ${missing.join(', ')}: the dashboard's site needs them.`);
    process.exit(1);
  }
  return names;
})();
const SITE_FILES: Record<string, string> = Object.fromEntries(
  siteNames.map((name) => [name === 'index.html' ? name : `assets/${name}`, name]),
);
const siteFile = (name: string) => readFileSync(`${SITE_DIR}/${name}`, 'utf8');
const assetsFile = 'src/dashboard/assets.generated.ts';
const assets = `// Written by \`npm run docs\` from ${SITE_DIR}/; do not edit (CI checks it is current).
/** The dashboard's static files, path at the site's root → content: the monitor writes them beside \`data/\`. */
export const SITE_ASSETS: Readonly<Record<string, string>> = ${JSON.stringify(
  Object.fromEntries(Object.entries(SITE_FILES).map(([path, name]) => [path, siteFile(name)])),
  null,
  2,
)};
`;

/** Every generated file: its path, what is there now, and what should be. */
const generated = [
  {
    file: 'README.md',
    what: 'README.md inputs/outputs tables',
    from: 'action.yml',
    current: readFileSync('README.md', 'utf8'),
    make: (text: string) =>
      withTables('README.md', text, {
        inputs: inputsTable(action, inputSpec),
        outputs: outputsTable(action),
      }),
  },
  {
    file: helpFile,
    what: helpFile,
    from: 'action.yml',
    current: readOr(helpFile, ''),
    make: () => help,
  },
  {
    file: monitorHelpFile,
    what: monitorHelpFile,
    from: 'monitor/action.yml',
    current: readOr(monitorHelpFile, ''),
    make: () => monitorHelp,
  },
  {
    file: assetsFile,
    what: assetsFile,
    from: `${SITE_DIR}/`,
    current: readOr(assetsFile, ''),
    make: () => assets,
  },
  {
    file: 'docs/monitor.md',
    what: 'docs/monitor.md inputs/outputs tables',
    from: 'monitor/action.yml',
    current: readFileSync('docs/monitor.md', 'utf8'),
    make: (text: string) =>
      withTables('docs/monitor.md', text, {
        'monitor-inputs': inputsTable(monitorAction, monitorInputSpec),
        'monitor-outputs': outputsTable(monitorAction),
      }),
  },
].map((entry) => ({ ...entry, updated: entry.make(entry.current) }));

if (process.argv.includes('--check')) {
  const stale = generated.filter((entry) => entry.updated !== entry.current);
  if (stale.length) {
    for (const entry of stale) {
      console.error(`${entry.what}: not what ${entry.from} gives (with its registry, if any).`);
    }
    console.error('Run `npm run docs` and commit the result.');
    process.exit(1);
  }
  console.log(
    `${generated.map((e) => e.what).join(', ')}: match the action.yml files, the inputs registries and the dashboard's site.`,
  );
} else {
  for (const entry of generated) {
    if (entry.updated !== entry.current) writeFileSync(entry.file, entry.updated);
  }
  console.log(
    `${generated.map((e) => e.what).join(', ')}: written from the action.yml files, the inputs registries and the dashboard's site.`,
  );
}
