// Writes the inputs and outputs tables of README.md from action.yml, so the two never drift.
// `--check` only compares and fails with the fix (CI runs it).
import { readFileSync, writeFileSync } from 'node:fs';
import { parse } from 'yaml';

const action = parse(readFileSync('action.yml', 'utf8'));
const cell = (text) =>
  String(text ?? '')
    .replace(/\|/g, '\\|')
    .replace(/\n/g, ' ')
    .trim();

const inputs = [
  '| input | default | description |',
  '| --- | --- | --- |',
  ...Object.entries(action.inputs ?? {}).map(
    ([name, spec]) =>
      `| \`${name}\` | ${spec.default !== undefined ? `\`${cell(spec.default)}\`` : '—'} | ${cell(spec.description)} |`,
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
const replace = (text, name, table) => {
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

if (process.argv.includes('--check')) {
  if (updated !== readme) {
    console.error(
      'README.md inputs/outputs tables differ from action.yml: run `npm run docs` and commit README.md.',
    );
    process.exit(1);
  }
  console.log('README.md tables match action.yml.');
} else {
  writeFileSync('README.md', updated);
  console.log('README.md tables written from action.yml.');
}
