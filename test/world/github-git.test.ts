import { createHash } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ghRequest, type SimAnswer } from '../support/github-request.js';
import { type GitHubSim, startGitHubApi } from './github-api.js';

let sim: GitHubSim;
beforeEach(async () => {
  sim = await startGitHubApi();
});
afterEach(async () => {
  await sim.close();
});

const REPO = '/repos/acme/shop';

/** One request to the simulator, as a client with a token sends it. */
const gh = (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) =>
  ghRequest(sim, method, path, body, headers);

/** `git hash-object`: SHA-1 of `<type> <len>\0<content>`. */
function gitHash(type: string, content: Buffer): string {
  return createHash('sha1')
    .update(Buffer.concat([Buffer.from(`${type} ${content.length}\0`), content]))
    .digest('hex');
}

/** The SHA `git mktree` gives a tree of plain files (entries given already in git order). */
function treeHash(entries: Array<[mode: string, name: string, sha: string]>): string {
  const body = Buffer.concat(
    entries.flatMap(([mode, name, sha]) => [Buffer.from(`${mode} ${name}\0`), Buffer.from(sha, 'hex')]),
  );
  return gitHash('tree', body);
}

function expectShape(operationId: string, status: number, body: unknown) {
  expect(sim.openApi.checkResponse(operationId, status, body)).toEqual([]);
}

async function blob(content: string): Promise<string> {
  const created = await gh('POST', `${REPO}/git/blobs`, { content, encoding: 'utf-8' });
  expect(created.status).toBe(201);
  return created.data.sha;
}

async function tree(entries: unknown[], base_tree?: string): Promise<SimAnswer> {
  return gh('POST', `${REPO}/git/trees`, { ...(base_tree ? { base_tree } : {}), tree: entries });
}

const file = (path: string, content: string) => ({ path, mode: '100644', type: 'blob', content });

async function commit(message: string, treeSha: string, parents: string[]): Promise<string> {
  const created = await gh('POST', `${REPO}/git/commits`, { message, tree: treeSha, parents });
  expect(created.status).toBe(201);
  return created.data.sha;
}

describe('blobs', () => {
  it('hashes like git hash-object and reads back as wrapped base64', async () => {
    for (const content of ['', 'hello\n', '{"schemaVersion":1}', 'Grüße ✓\n', 'x'.repeat(500)]) {
      const created = await gh('POST', `${REPO}/git/blobs`, { content, encoding: 'utf-8' });
      expect(created.status).toBe(201);
      expectShape('git/create-blob', 201, created.data);
      expect(created.data.sha).toBe(gitHash('blob', Buffer.from(content)));
      const got = await gh('GET', `${REPO}/git/blobs/${created.data.sha}`);
      expectShape('git/get-blob', 200, got.data);
      expect(got.data).toMatchObject({ encoding: 'base64', size: Buffer.byteLength(content) });
      expect(Buffer.from(got.data.content, 'base64').toString('utf8')).toBe(content);
      for (const line of got.data.content.split('\n')) expect(line.length).toBeLessThanOrEqual(60);
    }
    const binary = Buffer.from([0, 1, 2, 250, 255]);
    const created = await gh('POST', `${REPO}/git/blobs`, {
      content: binary.toString('base64'),
      encoding: 'base64',
    });
    expect(created.data.sha).toBe(gitHash('blob', binary));
    expect((await gh('GET', `${REPO}/git/blobs/${'0'.repeat(40)}`)).status).toBe(404);
    sim.assertNoViolations();
  });
});

describe('trees', () => {
  it('hashes like git, builds nested paths, merges with base_tree, deletes with sha: null', async () => {
    const a = await blob('a\n');
    const first = await tree([
      { path: 'b.txt', mode: '100644', type: 'blob', sha: a },
      { path: 'a.txt', mode: '100644', type: 'blob', sha: a },
    ]);
    expect(first.status).toBe(201);
    expectShape('git/create-tree', 201, first.data);
    expect(first.data.sha).toBe(
      treeHash([
        ['100644', 'a.txt', a],
        ['100644', 'b.txt', a],
      ]),
    );
    expect(first.data.truncated).toBe(false);

    const nested = await tree(
      [file('history/raw/2026-05-04.json', '[1]'), file('history/index.json', '{}')],
      first.data.sha,
    );
    expect(nested.status).toBe(201);
    const listing = await gh('GET', `${REPO}/git/trees/${nested.data.sha}?recursive=1`);
    expectShape('git/get-tree', 200, listing.data);
    expect(listing.data.tree.map((e: { path: string; type: string }) => `${e.type} ${e.path}`)).toEqual([
      'blob a.txt',
      'blob b.txt',
      'tree history',
      'blob history/index.json',
      'tree history/raw',
      'blob history/raw/2026-05-04.json',
    ]);
    const top = await gh('GET', `${REPO}/git/trees/${nested.data.sha}`);
    expect(top.data.tree.map((e: { path: string }) => e.path)).toEqual(['a.txt', 'b.txt', 'history']);
    expect(top.data.tree[2]).toMatchObject({ mode: '040000', type: 'tree' });

    // Replace one nested file, delete another: the rest of the subtree stays.
    const edited = await tree(
      [
        file('history/raw/2026-05-04.json', '[1,2]'),
        { path: 'history/index.json', mode: '100644', type: 'blob', sha: null },
        { path: 'b.txt', mode: '100644', type: 'blob', sha: null },
      ],
      nested.data.sha,
    );
    expect(edited.status).toBe(201);
    const after = await gh('GET', `${REPO}/git/trees/${edited.data.sha}?recursive=1`);
    expect(after.data.tree.map((e: { path: string }) => e.path)).toEqual([
      'a.txt',
      'history',
      'history/raw',
      'history/raw/2026-05-04.json',
    ]);
    expect(after.data.tree[3].size).toBe(5);

    // Deleting the last file of a directory removes the directory, as git cannot hold an empty tree.
    const emptied = await tree(
      [{ path: 'history/raw/2026-05-04.json', mode: '100644', type: 'blob', sha: null }],
      edited.data.sha,
    );
    const left = await gh('GET', `${REPO}/git/trees/${emptied.data.sha}?recursive=1`);
    expect(left.data.tree.map((e: { path: string }) => e.path)).toEqual(['a.txt']);
    sim.assertNoViolations();
  });

  it('refuses what GitHub refuses: no sha nor content, a missing path to delete, an unknown base', async () => {
    const none = await tree([{ path: 'x', mode: '100644', type: 'blob' }]);
    expect(none.status).toBe(422);
    expect(none.data.message).toMatch(/^Must supply either tree.sha or tree.content/);
    const missing = await tree([{ path: 'nope/x', mode: '100644', type: 'blob', sha: null }]);
    expect(missing.status).toBe(422);
    const base = await tree([file('x', '1')], 'f'.repeat(40));
    expect(base.status).toBe(422);
    const slash = await tree([file('/x', '1')]);
    expect(slash.data.message).toBe('tree.path cannot start with a slash');
    const mismatch = await tree([{ path: 'x', mode: '040000', type: 'blob', content: '1' }]);
    expect(mismatch.status).toBe(422);
    sim.assertNoViolations();
  });

  it('reads a tree by commit SHA or branch name too', async () => {
    sim.git.setBranch('history', { 'a.json': '1' });
    const byBranch = await gh('GET', `${REPO}/git/trees/history`);
    expect(byBranch.data.tree.map((e: { path: string }) => e.path)).toEqual(['a.json']);
    const byCommit = await gh('GET', `${REPO}/git/trees/${sim.git.head('history')}`);
    expect(byCommit.data.sha).toBe(byBranch.data.sha);
  });
});

describe('commits and refs', () => {
  it('creates an orphan branch; GET ref is singular; a second create is "Reference already exists"', async () => {
    const t = await tree([file('state.json', '{}')]);
    const created = await gh('POST', `${REPO}/git/commits`, {
      message: 'history: first run [skip ci]',
      tree: t.data.sha,
      parents: [],
      author: { name: 'monitor', email: 'monitor@example.com', date: '2026-05-04T01:14:52Z' },
    });
    expect(created.status).toBe(201);
    expectShape('git/create-commit', 201, created.data);
    const sha = created.data.sha;
    expect(created.data).toMatchObject({ parents: [], tree: { sha: t.data.sha } });
    // git's own serialisation: the SHA covers tree, author, committer and message.
    const text =
      `tree ${t.data.sha}\nauthor monitor <monitor@example.com> 1777857292 +0000\n` +
      `committer monitor <monitor@example.com> 1777857292 +0000\n\nhistory: first run [skip ci]`;
    expect(sha).toBe(gitHash('commit', Buffer.from(text)));
    const got = await gh('GET', `${REPO}/git/commits/${sha}`);
    expectShape('git/get-commit', 200, got.data);

    expect((await gh('GET', `${REPO}/git/ref/heads/history`)).status).toBe(404);
    const ref = await gh('POST', `${REPO}/git/refs`, { ref: 'refs/heads/history', sha });
    expect(ref.status).toBe(201);
    expectShape('git/create-ref', 201, ref.data);
    const again = await gh('POST', `${REPO}/git/refs`, { ref: 'refs/heads/history', sha });
    expect(again.status).toBe(422);
    expect(again.data.message).toBe('Reference already exists');

    const read = await gh('GET', `${REPO}/git/ref/heads/history`);
    expectShape('git/get-ref', 200, read.data);
    expect(read.data).toMatchObject({ ref: 'refs/heads/history', object: { sha, type: 'commit' } });
    const etag = read.headers.get('etag') ?? '';
    expect(
      (await gh('GET', `${REPO}/git/ref/heads/history`, undefined, { 'if-none-match': etag })).status,
    ).toBe(304);
    expect(sim.git.files('history')).toEqual(new Map([['state.json', '{}']]));
    expect(sim.git.head('main')).toMatch(/^[0-9a-f]{40}$/);
    sim.assertNoViolations();

    // The plural form is not an operation GitHub has for GET: the simulator says so.
    expect((await gh('GET', `${REPO}/git/refs/heads/history`)).status).toBe(404);
    expect(sim.violations.map((v) => v.kind)).toEqual(['unknown-operation']);
  });

  it('accepts a fast-forward, refuses anything else without force, takes anything with force', async () => {
    const c1 = sim.git.setBranch('history', { 'a.json': '1' });
    const t2 = await tree(
      [file('a.json', '2')],
      (await gh('GET', `${REPO}/git/commits/${c1}`)).data.tree.sha,
    );
    const c2 = await commit('two', t2.data.sha, [c1]);
    const ff = await gh('PATCH', `${REPO}/git/refs/heads/history`, { sha: c2, force: false });
    expect(ff.status).toBe(200);
    expectShape('git/update-ref', 200, ff.data);

    const orphan = await commit('squashed', t2.data.sha, []);
    const refused = await gh('PATCH', `${REPO}/git/refs/heads/history`, { sha: orphan });
    expect(refused.status).toBe(422);
    expect(refused.data.message).toBe('Update is not a fast forward');
    expect(sim.git.head('history')).toBe(c2);
    const backwards = await gh('PATCH', `${REPO}/git/refs/heads/history`, { sha: c1 });
    expect(backwards.status).toBe(422);

    const forced = await gh('PATCH', `${REPO}/git/refs/heads/history`, { sha: orphan, force: true });
    expect(forced.status).toBe(200);
    expect(sim.git.commits('history').map((c) => c.message)).toEqual(['squashed']);
    const missing = await gh('PATCH', `${REPO}/git/refs/heads/nope`, { sha: orphan });
    expect(missing.data.message).toBe('Reference does not exist');
    sim.assertNoViolations();
  });

  it('lets a concurrent writer win the race just before the PATCH, then a merge-and-retry lands', async () => {
    const base = sim.git.setBranch('history', { 'runs/1.json': 'one' });
    const baseTree = (await gh('GET', `${REPO}/git/commits/${base}`)).data.tree.sha;
    const mine = await tree([file('runs/2.json', 'two')], baseTree);
    const c = await commit('run 2 [skip ci]', mine.data.sha, [base]);
    let seen: unknown;
    sim.git.beforeNextRefUpdate((update) => {
      seen = update;
      sim.git.commitFiles('history', { 'runs/3.json': 'three' }, 'run 3 [skip ci]');
    });
    const lost = await gh('PATCH', `${REPO}/git/refs/heads/history`, { sha: c });
    expect(lost.status).toBe(422);
    expect(seen).toMatchObject({ branch: 'history', ref: 'refs/heads/history', sha: c, via: 'update' });

    // Retry on the new head: the hook ran once only.
    const head = (await gh('GET', `${REPO}/git/ref/heads/history`)).data.object.sha;
    const headTree = (await gh('GET', `${REPO}/git/commits/${head}`)).data.tree.sha;
    const merged = await tree([file('runs/2.json', 'two')], headTree);
    const retry = await commit('run 2 [skip ci]', merged.data.sha, [head]);
    expect((await gh('PATCH', `${REPO}/git/refs/heads/history`, { sha: retry })).status).toBe(200);
    expect([...sim.git.files('history').keys()].sort()).toEqual([
      'runs/1.json',
      'runs/2.json',
      'runs/3.json',
    ]);
    expect(sim.git.commits('history').map((x) => x.message)).toEqual([
      'run 2 [skip ci]',
      'run 3 [skip ci]',
      'Set history',
    ]);
    sim.assertNoViolations();
  });

  it('measures reachable bytes, which a forced squash shrinks', async () => {
    sim.git.setBranch('history', { 'a.json': 'x'.repeat(1000) });
    for (let i = 0; i < 5; i++) sim.git.commitFiles('history', { 'a.json': String(i).repeat(1000) });
    const before = sim.git.reachableBytes('history');
    expect(before).toBeGreaterThan(6000);
    const head = sim.git.head('history') as string;
    const headTree = (await gh('GET', `${REPO}/git/commits/${head}`)).data.tree.sha;
    const squashed = await commit('squash', headTree, []);
    await gh('PATCH', `${REPO}/git/refs/heads/history`, { sha: squashed, force: true });
    const after = sim.git.reachableBytes('history');
    expect(after).toBeLessThan(1300);
    expect(sim.git.reachableObjects('history')).toBe(3);
    expect(sim.git.files('history').get('a.json')).toBe('4'.repeat(1000));
  });
});

describe('permissions and validation', () => {
  it('answers 403 to writes without contents: write, and still serves reads', async () => {
    sim.denyPermission('contents');
    const denied = await gh('POST', `${REPO}/git/blobs`, { content: 'x' });
    expect(denied.status).toBe(403);
    expect(denied.data.message).toBe('Resource not accessible by integration');
    expect(denied.headers.get('x-accepted-github-permissions')).toBe('contents=write');
    expect((await gh('GET', `${REPO}/git/ref/heads/main`)).status).toBe(200);
    sim.allowPermission('contents');
    expect((await gh('POST', `${REPO}/git/blobs`, { content: 'x' })).status).toBe(201);
    sim.assertNoViolations();
  });

  it('records a violation for a body GitHub would reject', async () => {
    const bad = await gh('POST', `${REPO}/git/trees`, { base_tree: 'abc' });
    expect(bad.status).toBe(422);
    const badMode = await gh('POST', `${REPO}/git/trees`, {
      tree: [{ path: 'x', mode: '644', content: 'x' }],
    });
    expect(badMode.status).toBe(422);
    expect(sim.violations.map((v) => [v.operation, v.kind])).toEqual([
      ['git/create-tree', 'invalid'],
      ['git/create-tree', 'invalid'],
    ]);
  });
});
