import { describe, expect, it } from 'vitest';
import { SITE_ASSETS } from '../../src/dashboard/assets.generated.js';
import {
  dashboardConfig,
  pagesUrl,
  siteFiles,
  targetPageUrl,
  workflowPageUrl,
} from '../../src/dashboard/site-files.js';

const context = {
  serverUrl: 'https://github.com',
  owner: 'acme',
  repo: 'shop',
  workflowRef: 'acme/shop/.github/workflows/health-monitor.yml@refs/heads/main',
};

describe('the dashboard site files', () => {
  it('are the three assets and dashboard.json, at the paths index.html refers to', () => {
    const files = siteFiles(dashboardConfig(context));
    expect(Object.keys(files).sort()).toEqual(
      expect.arrayContaining(['assets/dashboard.css', 'assets/dashboard.js', 'dashboard.json', 'index.html']),
    );
    // index.html at the root, everything else under assets/ (where index.html refers to it).
    expect(Object.keys(files).filter((p) => p !== 'index.html' && p !== 'dashboard.json')).toEqual(
      expect.arrayContaining(Object.keys(files).filter((p) => p.startsWith('assets/'))),
    );
    for (const path of Object.keys(files)) {
      expect(['index.html', 'dashboard.json'].includes(path) || path.startsWith('assets/'), path).toBe(true);
    }
    for (const path of Object.keys(SITE_ASSETS)) expect(files[path]).toBe(SITE_ASSETS[path]);
    const html = files['index.html'] ?? '';
    expect(html).toContain('assets/dashboard.js');
    expect(html).toContain('assets/dashboard.css');
    // Nothing from another origin, nothing inline (the page runs under default-src 'self').
    expect(html).not.toMatch(/(src|href)=["']?(https?:)?\/\//i);
    expect(html).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/i);
    expect(html).not.toMatch(/<style|\sstyle=/i);
  });

  it('dashboard.json: the workflow page for "Run a check now", the repository, defaults 30 s and 300 s', () => {
    const files = siteFiles(dashboardConfig(context));
    expect(JSON.parse(files['dashboard.json'] ?? '')).toEqual({
      schemaVersion: 1,
      refreshSeconds: 30,
      intervalSeconds: 300,
      dispatchUrl: 'https://github.com/acme/shop/actions/workflows/health-monitor.yml',
      repositoryUrl: 'https://github.com/acme/shop',
      title: 'Deployment health · acme/shop',
    });
  });

  it('without a workflow or a repository (the CLI outside a workflow): null links and the plain title', () => {
    const config = dashboardConfig(
      { serverUrl: 'https://github.com', owner: '', repo: '', workflowRef: undefined },
      { refreshSeconds: 1, intervalSeconds: 30, title: '  ' },
    );
    expect(config).toEqual({
      schemaVersion: 1,
      refreshSeconds: 1,
      intervalSeconds: 30,
      dispatchUrl: null,
      repositoryUrl: null,
      title: 'Deployment health',
    });
    expect(dashboardConfig(context, { title: 'Shop status', intervalSeconds: -1 })).toMatchObject({
      title: 'Shop status',
      intervalSeconds: 300,
    });
  });

  it('the workflow page on GitHub Enterprise Server, and nothing for a ref that is not a workflow file', () => {
    expect(
      workflowPageUrl({
        serverUrl: 'https://ghe.example.com/',
        workflowRef: 'ops/web/.github/workflows/monitor.yaml@refs/tags/v1',
      }),
    ).toBe('https://ghe.example.com/ops/web/actions/workflows/monitor.yaml');
    expect(workflowPageUrl({ serverUrl: 'https://github.com', workflowRef: 'acme/shop' })).toBeUndefined();
    expect(
      workflowPageUrl({ serverUrl: 'javascript:alert(1)', workflowRef: context.workflowRef }),
    ).toBeUndefined();
  });

  it('the Pages address of a repository (github.com only) and a target page on it', () => {
    expect(pagesUrl(context)).toBe('https://acme.github.io/shop/');
    expect(pagesUrl({ serverUrl: 'https://github.com', owner: 'Acme', repo: 'acme.github.io' })).toBe(
      'https://acme.github.io/',
    );
    expect(pagesUrl({ ...context, serverUrl: 'https://ghe.example.com' })).toBeUndefined();
    expect(pagesUrl({ ...context, owner: '' })).toBeUndefined();
    expect(targetPageUrl('https://acme.github.io/shop/', 'api-eu')).toBe(
      'https://acme.github.io/shop/#/target/api-eu',
    );
  });
});
