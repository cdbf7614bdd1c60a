import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..', '..');
const contributing = readFileSync(join(root, 'CONTRIBUTING.md'), 'utf8');
const section = contributing.slice(contributing.indexOf('## Adding things'));
const nextHeading = section.indexOf('\n## ', 3);
const walkthroughs = nextHeading > 0 ? section.slice(0, nextHeading) : section;

describe('CONTRIBUTING.md walkthroughs', () => {
  it('name only source files that exist', () => {
    const paths = [...walkthroughs.matchAll(/`((?:src|test)\/[\w./-]+\.ts)`/g)].map((m) => m[1] as string);
    expect(paths.length).toBeGreaterThan(5);
    expect(paths.filter((path) => !path.includes('<') && !existsSync(join(root, path)))).toEqual([]);
  });

  it.each([
    ['HEALTH_FORMATS', 'src/formats/registry.ts'],
    ['METRICS', 'src/metrics/registry.ts'],
    ['SINKS', 'src/sinks/registry.ts'],
    ['noSink', 'src/sinks/sink.ts'],
    ['INPUTS', 'src/settings/input-registry.ts'],
  ])('name %s, which %s exports', (name, file) => {
    expect(walkthroughs).toContain(`\`${name}\``);
    expect(readFileSync(join(root, file), 'utf8')).toMatch(new RegExp(`export const ${name}\\b`));
  });
});
