import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

// Every relative link and `#anchor` in the README, CONTRIBUTING.md, SECURITY.md, CHANGELOG.md and docs/
// resolves: the file exists, and the anchor is the GitHub slug of one of its headings. Links to other sites
// are not fetched.
const root = join(import.meta.dirname, '../..');
const pages = [
  'README.md',
  'CONTRIBUTING.md',
  'SECURITY.md',
  'CHANGELOG.md',
  ...readdirSync(join(root, 'docs'), { recursive: true, encoding: 'utf8' })
    .filter((name) => name.endsWith('.md'))
    .map((name) => `docs/${name}`),
].sort();

/** Markdown text without fenced code blocks, where `#` starts no heading and `[x](y)` is no link. */
const withoutFences = (markdown: string) => markdown.replace(/^(```|~~~)[^\n]*\n[\s\S]*?^\1[^\n]*$/gm, '');

/** Markdown text without fenced code blocks and inline code. */
const prose = (markdown: string) => withoutFences(markdown).replace(/`[^`\n]*`/g, '``');

/** The anchor GitHub gives a heading: lower case, punctuation dropped, spaces to hyphens; repeats get -1, -2. */
function githubSlugs(markdown: string): Set<string> {
  const slugs = new Set<string>();
  const seen = new Map<string, number>();
  for (const match of withoutFences(markdown).matchAll(/^#{1,6}\s+(.+?)\s*#*\s*$/gm)) {
    const base = (match[1] as string)
      .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
      .replace(/`/g, '')
      .toLowerCase()
      .replace(/[^\p{L}\p{N}\s_-]/gu, '')
      .replace(/ /g, '-');
    const count = seen.get(base) ?? 0;
    seen.set(base, count + 1);
    slugs.add(count === 0 ? base : `${base}-${count}`);
  }
  return slugs;
}

/** `[text](target)` links of a page's prose (not images' own URLs, not code). */
function links(markdown: string): string[] {
  return [...prose(markdown).matchAll(/\]\(([^)\s]+)(?:\s+"[^"]*")?\)/g)].map((m) => m[1] as string);
}

describe('githubSlugs', () => {
  it('makes the anchors GitHub makes', () => {
    const slugs = githubSlugs(
      [
        '# Deployment Health Gate',
        "## 2. `repository_dispatch` — Vercel's repository dispatch events",
        '## Make the check required, and make Vercel wait for it',
        '## After a rollback: fixing forward',
        '## Notes',
        '## Notes',
        '```sh',
        '# not a heading',
        '```',
      ].join('\n'),
    );
    expect([...slugs]).toEqual([
      'deployment-health-gate',
      '2-repository_dispatch--vercels-repository-dispatch-events',
      'make-the-check-required-and-make-vercel-wait-for-it',
      'after-a-rollback-fixing-forward',
      'notes',
      'notes-1',
    ]);
  });
});

/** The links of `text` (the page `file`) that do not resolve, each with why. */
function brokenLinks(file: string, text: string): string[] {
  const broken: string[] = [];
  for (const link of links(text)) {
    if (/^[a-z][a-z0-9+.-]*:/i.test(link)) continue; // https:, mailto: — another site
    const [path = '', anchor] = link.split('#', 2);
    if (path === '') {
      if (!githubSlugs(text).has(anchor ?? '')) broken.push(`${link}: no such heading on this page`);
      continue;
    }
    const target = join(root, dirname(file), decodeURI(path));
    const inside = relative(root, target);
    if (!inside || inside.startsWith('..')) {
      broken.push(`${link}: outside the repository`);
      continue;
    }
    if (!existsSync(target)) {
      broken.push(`${link}: no such file`);
      continue;
    }
    if (anchor === undefined) continue;
    if (statSync(target).isDirectory() || !target.endsWith('.md')) {
      broken.push(`${link}: an anchor into something that is not a Markdown page`);
      continue;
    }
    if (!githubSlugs(readFileSync(target, 'utf8')).has(anchor)) broken.push(`${link}: no such heading`);
  }
  return broken;
}

it('finds broken links, and not links in code', () => {
  const text = [
    'See [triggers](triggers.md#waiting-and-retrying), [nothing](triggers.md#nope), [gone](gone.md),',
    '[the README](../README.md#outputs), [here](#a-heading) and [there](#nowhere); `[code](nope.md)`.',
    '## A heading',
    '```md',
    '[in a block](nope.md)',
    '```',
  ].join('\n');
  expect(brokenLinks('docs/example.md', text).map((b) => b.replace(/:.*/, ''))).toEqual([
    'triggers.md#nope',
    'gone.md',
    '#nowhere',
  ]);
});

describe.each(pages)('%s', (file) => {
  it('links only to files that exist and to headings that exist', () => {
    expect(brokenLinks(file, readFileSync(join(root, file), 'utf8'))).toEqual([]);
  });
});
