import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config/index.js';
import { interpret, readHealthAnswer } from '../../src/formats/index.js';
import { reasonTitle } from '../../src/render/labels.js';

const root = join(import.meta.dirname, '../..');
const readme = readFileSync(join(root, 'README.md'), 'utf8');
const page = (file: string) => readFileSync(join(root, file), 'utf8');
/** Every Markdown page under docs/, as paths from the repository root. */
const docsPages = readdirSync(join(root, 'docs'), { recursive: true, encoding: 'utf8' })
  .filter((name) => name.endsWith('.md'))
  .map((name) => `docs/${name}`)
  .sort();

describe('README', () => {
  it('is a five-minute read: at most 20 KB, generated tables included', () => {
    expect(Buffer.byteLength(readme, 'utf8')).toBeLessThanOrEqual(20_000);
  });

  it('links every page of docs/, directly or through the indexes docs/README.md and docs/adr/README.md', () => {
    const linkedFrom = (file: string) =>
      [...page(file).matchAll(/\]\(([^)#\s]+)(?:#[^)]*)?\)/g)]
        .map((m) => m[1] as string)
        .filter((target) => !/^[a-z]+:/.test(target))
        .map((target) => relative(root, join(root, dirname(file), target)));
    const linked = new Set(['README.md', 'docs/README.md', 'docs/adr/README.md'].flatMap(linkedFrom));
    expect(docsPages.filter((file) => !linked.has(file))).toEqual([]);
    expect(readme).toContain('](docs/README.md)');
  });

  it('docs/rules-and-checklist.md shows examples/deployment-health.yml verbatim, and that file is a valid config', () => {
    const example = readFileSync(join(root, 'examples/deployment-health.yml'), 'utf8');
    expect(page('docs/rules-and-checklist.md')).toContain(`\`\`\`yaml\n${example}\`\`\``);
    const config = parseConfig(example, '.github/deployment-health.yml');
    expect(config.rules.map((r) => r.id)).toContain('custom_alert');
  });

  it('mentions every input and output of action.yml', () => {
    const action = readFileSync(join(root, 'action.yml'), 'utf8');
    const names = [...action.matchAll(/^ {2}([a-z][a-z0-9-]*):$/gm)].map((m) => m[1] as string);
    expect(names.length).toBeGreaterThan(20);
    for (const name of names) expect(readme).toContain(`\`${name}\``);
  });

  it('CONTRIBUTING.md says why of every dependency in package.json', () => {
    const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
      dependencies?: Record<string, string>;
      devDependencies: Record<string, string>;
    };
    const contributing = page('CONTRIBUTING.md');
    expect(contributing).toContain('\n## Dependencies\n');
    const table = contributing.slice(contributing.indexOf('## Dependencies'));
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
  const section = (heading: string, text = readme) => {
    const start = text.indexOf(`\n${heading}\n`);
    expect(start, heading).toBeGreaterThan(0);
    const level = heading.split(' ')[0] ?? '##';
    const next = text.slice(start + heading.length + 2).search(new RegExp(`^#{2,${level.length}} `, 'm'));
    return text.slice(start, next < 0 ? undefined : start + heading.length + 2 + next);
  };
  /** A docs page from its title (`# …`) to its first section of that level or the end: the whole page. */
  const wholePage = (file: string, title: string) => {
    const text = page(file);
    expect(text.startsWith(`${title}\n`), `${file} starts with ${title}`).toBe(true);
    return text;
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

  it('gives example health answers that the gate reads as docs/health-endpoint.md says', () => {
    const text = wholePage('docs/health-endpoint.md', '# The health endpoint and its formats');
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
    const text = wholePage('docs/releases.md', '# Releases and versions');
    expect(readme).toContain('](docs/releases.md)');
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
      'monitor/action.yml',
      ...docsPages,
      'schema/deployment-health.schema.json',
      ...readdirSync(join(root, '.github/workflows')).map((name) => `.github/workflows/${name}`),
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
