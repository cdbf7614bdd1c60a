import { mkdir, mkdtemp, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SITE_ASSETS } from '../../src/dashboard/assets.generated.js';
import { gitBlobSha } from '../../src/dashboard/dashboard-dir.js';
import { checked, monitorOnce } from '../monitor/monitor-once.js';
import { healthyAppLawfulApis, useWorld } from '../support/world.js';

// The monitor writes the dashboard: at the data branch's root (GitHub Pages "deploy from a branch"), at a
// history folder's root, and into `dashboard-dir` (for upload-pages-artifact), with the data the page reads.

const world = useWorld({ afterEach: healthyAppLawfulApis });

const fast = { samples: '1', 'sample-interval': '1s', 'request-timeout': '2s', incidents: 'none' };
const SITE = [...Object.keys(SITE_ASSETS), 'dashboard.json'].sort();
const WORKFLOW_REF = 'acme/shop/.github/workflows/monitor.yml@refs/heads/main';

/** Paths of the tree entries each POST /git/trees since request `from` carried. */
function treeWrites(from: number): string[][] {
  return world.github.requests
    .slice(from)
    .filter((r) => r.method === 'POST' && /\/git\/trees$/.test(r.path))
    .map((r) => ((r.body as { tree: { path: string }[] }).tree ?? []).map((e) => e.path));
}

async function files(root: string): Promise<string[]> {
  const out: string[] = [];
  const walk = async (dir: string, prefix: string) => {
    for (const entry of await readdir(dir, { withFileTypes: true })) {
      if (entry.isDirectory()) await walk(join(dir, entry.name), `${prefix}${entry.name}/`);
      else out.push(`${prefix}${entry.name}`);
    }
  };
  await walk(root, '');
  return out.sort();
}

describe('the monitor writes the dashboard', () => {
  it("at the data branch's root; a second run writes no site file again", async () => {
    const branch = 'dashboard-site';
    const inputs = {
      ...fast,
      targets: `shop=${world.app.url}`,
      history: `branch:${branch}`,
      'github-token': world.githubToken,
    };
    const env = { ...world.runnerEnv(), GITHUB_WORKFLOW_REF: WORKFLOW_REF };
    const before = world.github.requests.length;
    checked((await monitorOnce(inputs, env)).outcome);
    const onBranch = world.github.git.files(branch);
    for (const path of SITE) expect(onBranch.has(path), path).toBe(true);
    for (const [path, text] of Object.entries(SITE_ASSETS)) expect(onBranch.get(path)).toBe(text);
    expect(JSON.parse(onBranch.get('dashboard.json') ?? '')).toMatchObject({
      schemaVersion: 1,
      refreshSeconds: 30,
      intervalSeconds: 300,
      dispatchUrl: 'https://github.com/acme/shop/actions/workflows/monitor.yml',
      repositoryUrl: 'https://github.com/acme/shop',
    });
    expect(onBranch.has('data/state.json')).toBe(true);
    expect(treeWrites(before).flat()).toEqual(expect.arrayContaining(SITE));

    const middle = world.github.requests.length;
    const report = checked((await monitorOnce(inputs, env)).outcome);
    expect(report.historyCommit).toMatch(/^[0-9a-f]{40}$/);
    const second = treeWrites(middle);
    expect(second).toHaveLength(1);
    // The site did not change: its files are left out of the tree (no upload, no new blob).
    expect(second[0]?.filter((path) => SITE.includes(path))).toEqual([]);
    // …and no blob was read to find that out (their SHAs are compared).
    const blobReads = world.github.requests
      .slice(middle)
      .filter((r) => r.method === 'GET' && r.path.includes('/git/blobs/')).length;
    expect(blobReads).toBeLessThanOrEqual(2); // state.json and this hour's runs, as without the dashboard
    const after = world.github.git.files(branch);
    for (const path of SITE) expect(after.get(path)).toBe(onBranch.get(path));
  });

  it('dashboard: false writes none of it', async () => {
    const branch = 'dashboard-off';
    checked(
      (
        await monitorOnce(
          {
            ...fast,
            targets: `shop=${world.app.url}`,
            history: `branch:${branch}`,
            'github-token': world.githubToken,
            dashboard: 'false',
          },
          world.runnerEnv(),
        )
      ).outcome,
    );
    const onBranch = [...world.github.git.files(branch).keys()];
    expect(onBranch.filter((p) => SITE.includes(p))).toEqual([]);
    expect(onBranch).toContain('data/state.json');
  });

  it("at a history folder's root, rewriting no file that did not change", async () => {
    const root = await mkdtemp(join(tmpdir(), 'dhg-dash-'));
    const inputs = { ...fast, targets: `shop=${world.app.url}`, history: `dir:${root}` };
    checked((await monitorOnce(inputs, { GITHUB_WORKSPACE: root })).outcome);
    expect(await files(root)).toEqual(expect.arrayContaining([...SITE, 'data/state.json']));
    const before = (await stat(join(root, 'index.html'))).mtimeMs;
    await new Promise((r) => setTimeout(r, 20));
    checked((await monitorOnce(inputs, { GITHUB_WORKSPACE: root })).outcome);
    expect((await stat(join(root, 'index.html'))).mtimeMs).toBe(before);
  });

  it('dashboard-dir with a dir: history: the site and a mirror of data/', async () => {
    const root = await mkdtemp(join(tmpdir(), 'dhg-dash-'));
    const inputs = {
      ...fast,
      targets: `shop=${world.app.url}`,
      history: 'dir:history',
      'dashboard-dir': 'pages',
    };
    // A data file the history does not hold goes from the folder.
    await mkdir(join(root, 'pages', 'data', 'runs', '2020-01-01'), { recursive: true });
    await writeFile(join(root, 'pages', 'data', 'runs', '2020-01-01', '00.json'), '{}');
    const { outcome, logger } = await monitorOnce(inputs, { GITHUB_WORKSPACE: root });
    expect(checked(outcome).warnings).toEqual([]);
    const history = (await files(join(root, 'history'))).filter((p) => p.startsWith('data/'));
    const pages = await files(join(root, 'pages'));
    expect(pages).toEqual([...SITE, ...history].sort());
    for (const path of history) {
      expect(await readFile(join(root, 'pages', path), 'utf8')).toBe(
        await readFile(join(root, 'history', path), 'utf8'),
      );
    }
    expect(logger.text()).toMatch(/Dashboard written to .*pages/);
  });

  it('dashboard-dir with a branch history: the data files the page reads, read again only when changed', async () => {
    const branch = 'dashboard-dir-branch';
    const root = await mkdtemp(join(tmpdir(), 'dhg-dash-'));
    const inputs = {
      ...fast,
      targets: `shop=${world.app.url}`,
      history: `branch:${branch}`,
      'github-token': world.githubToken,
      'dashboard-dir': join(root, 'site'),
    };
    const env = world.runnerEnv();
    checked((await monitorOnce(inputs, env)).outcome);
    const onBranch = world.github.git.files(branch);
    const pages = await files(join(root, 'site'));
    expect(pages).toEqual([...onBranch.keys()].filter((p) => p !== 'README.md').sort());
    for (const path of pages) {
      expect(gitBlobSha(await readFile(join(root, 'site', path)))).toBe(gitBlobSha(onBranch.get(path) ?? ''));
    }
    // The next run (the folder kept, as with actions/cache) reads only the files that changed.
    const from = world.github.requests.length;
    const { outcome, logger } = await monitorOnce(inputs, env);
    expect(checked(outcome).warnings).toEqual([]);
    const blobReads = world.github.requests
      .slice(from)
      .filter((r) => r.method === 'GET' && r.path.includes('/git/blobs/')).length;
    // The monitor's own 2 (state, this hour) and the dashboard's copy of the 2 it rewrote.
    expect(blobReads).toBeLessThanOrEqual(4);
    expect(logger.text()).toMatch(/Dashboard written to .*GitHub requests/);
    const again = world.github.git.files(branch);
    for (const path of await files(join(root, 'site'))) {
      expect(await readFile(join(root, 'site', path), 'utf8')).toBe(again.get(path));
    }
  });

  it("puts the target's page on the repository's Pages site into the incident issue", async () => {
    const branch = 'dashboard-incident';
    world.app.setMode('unhealthy');
    const { outcome } = await monitorOnce(
      {
        ...fast,
        targets: `checkout=${world.app.url}`,
        history: `branch:${branch}`,
        'github-token': world.githubToken,
        incidents: 'issue',
        'failure-threshold': '1',
      },
      world.runnerEnv(),
    );
    const report = checked(outcome);
    const number = report.incidents[0]?.issue?.number;
    expect(number).toBeDefined();
    const issue = world.github.issues.get(number as number);
    expect(issue?.body).toContain('[dashboard](https://acme.github.io/shop/#/target/checkout)');
  });
});
