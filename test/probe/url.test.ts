import { describe, expect, it } from 'vitest';
import { deploymentHeaders } from '../../src/probe/headers.js';
import { joinDeploymentUrl, originOf } from '../../src/probe/url.js';

describe('joinDeploymentUrl', () => {
  it.each([
    ['http://127.0.0.1:3000', '/api/health/deployment', 'http://127.0.0.1:3000/api/health/deployment'],
    [
      'http://127.0.0.1:3000/app',
      '/api/health/deployment',
      'http://127.0.0.1:3000/app/api/health/deployment',
    ],
    [
      'http://127.0.0.1:3000/app/',
      '/api/health/deployment',
      'http://127.0.0.1:3000/app/api/health/deployment',
    ],
    ['https://my-app-abc123.vercel.app//', 'api/health', 'https://my-app-abc123.vercel.app/api/health'],
    ['my-app-abc123.vercel.app', '/healthz', 'https://my-app-abc123.vercel.app/healthz'],
    ['https://x.vercel.app/base', '/health?verbose=1', 'https://x.vercel.app/base/health?verbose=1'],
  ])('%s + %s → %s', (base, path, expected) => {
    expect(joinDeploymentUrl(base, path)).toBe(expected);
  });

  it('refuses what is not an http(s) URL', () => {
    expect(() => joinDeploymentUrl('ftp://example.com', '/x')).toThrow(/not an http\(s\) URL/);
    expect(() => joinDeploymentUrl('http://', '/x')).toThrow();
  });

  it('compares origins by scheme, host and port', () => {
    expect(originOf('http://127.0.0.1:3000/a')).toBe(originOf('http://127.0.0.1:3000/b?c'));
    expect(originOf('http://127.0.0.1:3000/a')).not.toBe(originOf('http://127.0.0.1:3001/a'));
    expect(originOf('http://x.vercel.app/a')).not.toBe(originOf('https://x.vercel.app/a'));
  });
});

describe('deploymentHeaders', () => {
  it('carries the custom headers and the bypass secret under Vercel’s header name', () => {
    expect(deploymentHeaders({ protectionBypass: 's3cret', headers: [['X-Team', 'blue']] })).toEqual([
      ['X-Team', 'blue'],
      ['x-vercel-protection-bypass', 's3cret'],
    ]);
    expect(deploymentHeaders({ protectionBypass: undefined, headers: [] })).toEqual([]);
  });
});
