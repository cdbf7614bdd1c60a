import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config/index.js';
import { interpret, readHealthAnswer } from '../../src/probe/formats/index.js';
import { reasonTitle } from '../../src/render/labels.js';

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
      dependencies?: Record<string, string>;
      devDependencies: Record<string, string>;
    };
    const table = readme.slice(readme.indexOf('## Dependencies'));
    const names = [...Object.keys(pkg.dependencies ?? {}), ...Object.keys(pkg.devDependencies)];
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

describe('README for a newcomer', () => {
  const section = (heading: string) => {
    const start = readme.indexOf(`\n${heading}\n`);
    expect(start, heading).toBeGreaterThan(0);
    const level = heading.split(' ')[0] ?? '##';
    const next = readme.slice(start + heading.length + 2).search(new RegExp(`^#{2,${level.length}} `, 'm'));
    return readme.slice(start, next < 0 ? undefined : start + heading.length + 2 + next);
  };

  it('shows how to try it without accounts before the quick start', () => {
    const tryIt = readme.indexOf('\n## Try it without accounts\n');
    expect(tryIt).toBeGreaterThan(0);
    expect(tryIt).toBeLessThan(readme.indexOf('\n## Quick start\n'));
    expect(section('## Try it without accounts')).toContain('npm ci && npm run demo');
  });

  it('says what "hemera" is where it first comes up in prose', () => {
    const first = readme.search(/\bhemera\b/i);
    const explained = readme.indexOf('the original Hemera deployment-monitoring');
    expect(explained).toBeGreaterThan(0);
    // The diagram names the formats; the sentence right below it explains the name.
    expect(explained - first).toBeLessThan(1200);
  });

  it('gives example health answers that the gate reads as the README says', () => {
    const text = section('## The health endpoint');
    const examples = [
      ...text.matchAll(/```http\n(HTTP\/1\.1 (\d{3})[^\n]*)\nContent-Type: ([^\n]+)\n\n([\s\S]*?)```/g),
    ];
    expect(examples.length).toBe(2);
    const read = examples.map(([, , code, type, body]) =>
      interpret(readHealthAnswer(Number(code), type, body ?? ''), 'auto'),
    );
    expect(read.map((r) => (r.kind === 'document' ? r.document.format : r.error))).toEqual([
      'hemera',
      'health+json',
    ]);
    for (const r of read) {
      if (r.kind !== 'document') continue;
      // Degraded, with the HTTP code agreeing with the body (a disagreement would be a warning).
      expect(r.document.status).toBe('degraded');
      expect(r.document.warnings).toEqual([]);
      const payment = r.document.services.find((s) => s.key === 'payment');
      expect(payment).toMatchObject({ status: 'warn', responseTimeMs: 1840 });
    }
    // The Hemera example carries every field of the format's shape.
    const hemera = JSON.parse(examples[0]?.[4] ?? '{}');
    expect(Object.keys(hemera)).toEqual(['timestamp', 'requestId', 'deployment', 'services', 'summary']);
    expect(Object.keys(hemera.services.database)).toEqual([
      'name',
      'status',
      'responseTime',
      'details',
      'lastChecked',
    ]);
    for (const code of ['**200**', '**206**', '**503**']) expect(text).toContain(code);
  });

  it('explains releases: semver tags, the moving major tag, and why dist/ is committed', () => {
    const text = section('## Releases and versions');
    for (const words of ['`v0.x.y`', '`v0` moves', '`dist/`', 'npm run build', 'CI']) {
      expect(text).toContain(words);
    }
  });

  it('links the files a user expects, and they exist', () => {
    for (const file of ['CHANGELOG.md', 'SECURITY.md', 'CONTRIBUTING.md']) {
      expect(readme).toContain(`](${file})`);
      expect(existsSync(join(root, file)), file).toBe(true);
    }
    const changelog = readFileSync(join(root, 'CHANGELOG.md'), 'utf8');
    expect(changelog).toMatch(/^## \[Unreleased\]$/m);
    expect(changelog).toContain('keepachangelog.com');
    const security = readFileSync(join(root, 'SECURITY.md'), 'utf8');
    expect(security).toContain('security/advisories/new');
    expect(security).toContain('](README.md#what-is-guaranteed-about-the-log)');
    // The anchor the links use is a real heading.
    expect(readme).toContain('\n### What is guaranteed about the log\n');
  });

  it('uses no internal words in user-facing text', () => {
    const userFacing = [
      'README.md',
      'CHANGELOG.md',
      'SECURITY.md',
      'CONTRIBUTING.md',
      'action.yml',
      ...readdirSync(join(root, 'examples'), { recursive: true, encoding: 'utf8' })
        .filter((name) => /\.(ya?ml|json|md)$/.test(name))
        .map((name) => `examples/${name}`),
    ];
    const found = userFacing.flatMap((file) =>
      existsSync(join(root, file))
        ? [...readFileSync(join(root, file), 'utf8').matchAll(/\b(seed|contract)\w*/gi)].map(
            (m) => `${file}: ${m[0]}`,
          )
        : [],
    );
    expect(found).toEqual([]);
  });
});
