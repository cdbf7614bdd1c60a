import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config/index.js';
import { reasonTitle } from '../../src/report/labels.js';

const root = join(import.meta.dirname, '../..');
const readme = readFileSync(join(root, 'README.md'), 'utf8');

describe('README', () => {
  it('shows examples/deployment-health.yml verbatim, and that file is a valid config', () => {
    const example = readFileSync(join(root, 'examples/deployment-health.yml'), 'utf8');
    expect(readme).toContain(`\`\`\`yaml\n${example}\`\`\``);
    const config = parseConfig(example, '.github/deployment-health.yml');
    expect(config.rules.map((r) => r.id)).toContain('custom_alert');
  });

  it('mentions every input and output of action.yml', () => {
    const action = readFileSync(join(root, 'action.yml'), 'utf8');
    const names = [...action.matchAll(/^ {2}([a-z][a-z0-9-]*):$/gm)].map((m) => m[1] as string);
    expect(names.length).toBeGreaterThan(20);
    for (const name of names) expect(readme).toContain(`\`${name}\``);
  });

  it('says why of every dependency in package.json', () => {
    const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
      dependencies: Record<string, string>;
      devDependencies: Record<string, string>;
    };
    const table = readme.slice(readme.indexOf('## Dependencies'));
    const names = [...Object.keys(pkg.dependencies), ...Object.keys(pkg.devDependencies)];
    expect(names.length).toBeGreaterThan(10);
    const unexplained = names.filter((name) => !table.includes(`\`${name}\``));
    expect(unexplained).toEqual([]);
  });

  it('explains every reason in the reasons table and in action.yml', () => {
    const reasons = Object.keys(reasonTitle);
    const table = readme.slice(
      readme.indexOf('<!-- reasons:start -->'),
      readme.indexOf('<!-- reasons:end -->'),
    );
    const action = readFileSync(join(root, 'action.yml'), 'utf8');
    const described = /^ {2}reason:\n {4}description: (.*)$/m.exec(action)?.[1] ?? '';
    expect(reasons.filter((reason) => !table.includes(`| \`${reason}\``))).toEqual([]);
    expect(reasons.filter((reason) => !new RegExp(`[ (]${reason}[,)]`).test(described))).toEqual([]);
  });
});
