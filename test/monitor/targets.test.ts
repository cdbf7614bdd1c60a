import { describe, expect, it } from 'vitest';
import { nameFromUrl, parseTargets } from '../../src/monitor/targets.js';
import { SettingsError } from '../../src/settings/settings.js';

const problems = (text: string): string[] => {
  try {
    parseTargets(text);
  } catch (error) {
    if (error instanceof SettingsError) return error.problems;
    throw error;
  }
  return [];
};

describe('the targets input', () => {
  it('reads URL and name=URL lines, skipping blanks and comments', () => {
    expect(
      parseTargets(
        '# production\nshop=https://shop.example.com/\n\n  127.0.0.1:3000/base  \napi=http://x.test/?a#b',
      ),
    ).toEqual([
      { name: 'shop', url: 'https://shop.example.com' },
      { name: '127-0-0-1-3000-base', url: 'http://127.0.0.1:3000/base' },
      { name: 'api', url: 'http://x.test' },
    ]);
  });

  it('keeps an = inside the URL part of a bare URL', () => {
    expect(parseTargets('https://a.example.com/x=1')).toEqual([
      { name: 'a-example-com-x-1', url: 'https://a.example.com/x=1' },
    ]);
  });

  it('names the line and the fix for a bad line, a bad name and a duplicate name', () => {
    expect(
      problems(
        'shop=https://a.example.com\nShop!=https://b.example.com\nshop=https://c.example.com\nftp://x',
      ),
    ).toEqual([
      'line 2 of `targets` names the target "Shop!"; a name is lower-case letters, digits and hyphens (at most 64, no leading, trailing or double hyphen), e.g. shop-api=https://b.example.com',
      'line 3 of `targets` names the target "shop" again; every target needs its own name (write `name=URL`, e.g. shop-2=https://c.example.com)',
      'line 4 of `targets` ("ftp://x") is not an http(s) URL; write one target a line, `URL` or `name=URL`, e.g. shop=https://shop.example.com',
    ]);
  });

  it('never quotes a line that carries credentials', () => {
    const [problem] = problems('shop=https://user:hunter22@a.example.com');
    expect(problem).toMatch(/^line 1 of `targets` carries credentials/);
    expect(problem).not.toContain('hunter22');
  });

  it('derives a stable name from a URL', () => {
    expect(nameFromUrl('https://Shop.Example.com:8443/api/')).toBe('shop-example-com-8443-api');
  });
});
