import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ghRequest } from '../support/github-request.js';
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

function expectShape(operationId: string, status: number, body: unknown) {
  expect(sim.openApi.checkResponse(operationId, status, body)).toEqual([]);
}

/** `rel` → URL of a `Link` header. */
function links(header: string | null): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of (header ?? '').split(',')) {
    const m = /<([^>]+)>;\s*rel="([^"]+)"/.exec(part);
    if (m?.[1] && m[2]) out[m[2]] = m[1];
  }
  return out;
}

const numbers = (items: Array<{ number: number }>) => items.map((i) => i.number);

describe('issues', () => {
  it('opens with labels (created when missing), lists by label and state, closes and reopens', async () => {
    const created = await gh('POST', `${REPO}/issues`, {
      title: 'shop is down',
      body: '<!-- monitor:shop -->\nThe health check failed.',
      labels: ['incident', 'monitor'],
    });
    expect(created.status).toBe(201);
    expectShape('issues/create', 201, created.data);
    expect(created.data).toMatchObject({
      number: 1,
      state: 'open',
      state_reason: null,
      html_url: 'https://github.com/acme/shop/issues/1',
      user: { login: 'github-actions[bot]', type: 'Bot' },
      labels: [{ name: 'incident', color: 'ededed' }, { name: 'monitor' }],
      comments: 0,
    });
    expect(sim.issues.labels().map((l) => l.name)).toEqual(['incident', 'monitor']);
    sim.issues.seed({ title: 'unrelated', labels: ['bug'] });

    const byLabel = await gh('GET', `${REPO}/issues?labels=Incident,monitor&state=open`);
    expectShape('issues/list-for-repo', 200, byLabel.data);
    expect(numbers(byLabel.data)).toEqual([1]);
    expect(byLabel.headers.get('link')).toBeNull();
    expect(numbers((await gh('GET', `${REPO}/issues?labels=incident,bug`)).data)).toEqual([]);
    expect(numbers((await gh('GET', `${REPO}/issues`)).data)).toEqual([2, 1]);

    const got = await gh('GET', `${REPO}/issues/1`);
    expectShape('issues/get', 200, got.data);
    const closed = await gh('PATCH', `${REPO}/issues/1`, { state: 'closed', state_reason: 'completed' });
    expectShape('issues/update', 200, closed.data);
    expect(closed.data).toMatchObject({ state: 'closed', state_reason: 'completed' });
    expect(closed.data.closed_at).toMatch(/Z$/);
    expect(numbers((await gh('GET', `${REPO}/issues?labels=incident`)).data)).toEqual([]);
    expect(numbers((await gh('GET', `${REPO}/issues?labels=incident&state=closed`)).data)).toEqual([1]);
    expect(numbers((await gh('GET', `${REPO}/issues?state=all&direction=asc`)).data)).toEqual([1, 2]);

    const reopened = await gh('PATCH', `${REPO}/issues/1`, {
      state: 'open',
      body: 'again',
      labels: ['incident'],
    });
    expect(reopened.data).toMatchObject({
      state: 'open',
      state_reason: 'reopened',
      closed_at: null,
      body: 'again',
    });
    expect(reopened.data.labels.map((l: { name: string }) => l.name)).toEqual(['incident']);
    expect((await gh('GET', `${REPO}/issues/99`)).status).toBe(404);
    expect(sim.issues.get(1)?.state).toBe('open');
    sim.assertNoViolations();
  });

  it('pages with a Link header like GitHub (next/last, then prev/first), 100 at most', async () => {
    for (let i = 0; i < 65; i++) sim.issues.seed({ title: `issue ${i + 1}`, labels: ['incident'] });
    const first = await gh('GET', `${REPO}/issues?labels=incident&per_page=30`);
    expect(first.data).toHaveLength(30);
    expect(first.data[0].number).toBe(65);
    const l1 = links(first.headers.get('link'));
    expect(Object.keys(l1)).toEqual(['next', 'last']);
    expect(new URL(l1.next as string).searchParams.get('page')).toBe('2');
    expect(new URL(l1.last as string).searchParams.get('page')).toBe('3');
    expect(new URL(l1.next as string).searchParams.get('labels')).toBe('incident');

    const last = await gh('GET', new URL(l1.last as string).pathname + new URL(l1.last as string).search);
    expect(numbers(last.data)).toEqual([5, 4, 3, 2, 1]);
    expect(Object.keys(links(last.headers.get('link')))).toEqual(['prev', 'first']);
    expect((await gh('GET', `${REPO}/issues?per_page=500`)).data).toHaveLength(65);
    expect((await gh('GET', `${REPO}/issues?per_page=100`)).headers.get('link')).toBeNull();
    sim.assertNoViolations();
  });

  it('lists pull requests too, with pull_request, sharing the numbers', async () => {
    sim.issues.seed({ title: 'Fix checkout', pull_request: true, labels: ['incident'], user: 'octocat' });
    await gh('POST', `${REPO}/issues`, { title: 'outage', labels: ['incident'] });
    const listed = await gh('GET', `${REPO}/issues?labels=incident`);
    expectShape('issues/list-for-repo', 200, listed.data);
    expect(
      listed.data.map((i: { number: number; pull_request?: unknown }) => [i.number, 'pull_request' in i]),
    ).toEqual([
      [2, false],
      [1, true],
    ]);
    expect(listed.data[1].html_url).toBe('https://github.com/acme/shop/pull/1');
    sim.assertNoViolations();
  });

  it('adds comments and pages them, oldest first', async () => {
    await gh('POST', `${REPO}/issues`, { title: 'outage' });
    for (const body of ['still down', 'reminder', 'recovered after 12 min']) {
      const c = await gh('POST', `${REPO}/issues/1/comments`, { body });
      expect(c.status).toBe(201);
      expectShape('issues/create-comment', 201, c.data);
    }
    const page1 = await gh('GET', `${REPO}/issues/1/comments?per_page=2`);
    expectShape('issues/list-comments', 200, page1.data);
    expect(page1.data.map((c: { body: string }) => c.body)).toEqual(['still down', 'reminder']);
    expect(Object.keys(links(page1.headers.get('link')))).toEqual(['next', 'last']);
    expect((await gh('GET', `${REPO}/issues/1`)).data.comments).toBe(3);
    expect(sim.issues.comments(1).map((c) => c.body)).toEqual([
      'still down',
      'reminder',
      'recovered after 12 min',
    ]);
    expect((await gh('POST', `${REPO}/issues/7/comments`, { body: 'x' })).status).toBe(404);
    sim.assertNoViolations();
  });

  it('answers conditional GETs with 304', async () => {
    sim.issues.seed({ title: 'outage', labels: ['incident'] });
    const first = await gh('GET', `${REPO}/issues?labels=incident`);
    const again = await gh('GET', `${REPO}/issues?labels=incident`, undefined, {
      'if-none-match': first.headers.get('etag') ?? '',
    });
    expect(again.status).toBe(304);
  });
});

describe('labels', () => {
  it('creates, refuses a duplicate, reads and lists', async () => {
    const created = await gh('POST', `${REPO}/labels`, { name: 'incident', color: 'd73a4a' });
    expect(created.status).toBe(201);
    expectShape('issues/create-label', 201, created.data);
    const dup = await gh('POST', `${REPO}/labels`, { name: 'Incident' });
    expect(dup.status).toBe(422);
    expect(dup.data.errors).toEqual([{ resource: 'Label', code: 'already_exists', field: 'name' }]);
    expectShape('issues/get-label', 200, (await gh('GET', `${REPO}/labels/incident`)).data);
    expect((await gh('GET', `${REPO}/labels/nope`)).status).toBe(404);
    const list = await gh('GET', `${REPO}/labels`);
    expectShape('issues/list-labels-for-repo', 200, list.data);
    // An issue naming an existing label in another case uses that label.
    const issue = await gh('POST', `${REPO}/issues`, { title: 't', labels: ['INCIDENT'] });
    expect(issue.data.labels).toMatchObject([{ name: 'incident', color: 'd73a4a' }]);
    sim.assertNoViolations();
  });
});

describe('search', () => {
  const search = (q: string) => gh('GET', `/search/issues?q=${encodeURIComponent(q)}`);

  it('does not see an issue just created, as GitHub search lags; seeded ones it finds', async () => {
    sim.issues.seed({
      title: 'old outage',
      body: '<!-- monitor:shop -->',
      labels: ['incident'],
      state: 'closed',
    });
    await gh('POST', `${REPO}/issues`, {
      title: 'new outage',
      body: '<!-- monitor:shop -->',
      labels: ['incident'],
    });
    const found = await search('repo:acme/shop is:issue label:incident "monitor:shop" in:body');
    expectShape('search/issues-and-pull-requests', 200, found.data);
    expect(numbers(found.data.items)).toEqual([1]);
    expect(found.data.total_count).toBe(1);
    expect(numbers((await search('repo:acme/shop is:issue is:open label:incident')).data.items)).toEqual([]);

    // The listing sees it at once.
    expect(numbers((await gh('GET', `${REPO}/issues?labels=incident`)).data)).toEqual([2]);

    sim.issues.indexForSearch();
    expect(numbers((await search('repo:acme/shop is:open label:incident')).data.items)).toEqual([2]);
    expect(numbers((await search('repo:acme/other label:incident')).data.items)).toEqual([]);
    sim.assertNoViolations();
  });

  it('a configurable lag: zero makes new issues searchable at once', async () => {
    sim.issues.setSearchDelay(0);
    await gh('POST', `${REPO}/issues`, { title: 'Shop outage', labels: ['incident'] });
    expect(numbers((await search('outage repo:acme/shop')).data.items)).toEqual([1]);
    expect(numbers((await search('outage is:pr')).data.items)).toEqual([]);
  });
});

describe('permissions and validation', () => {
  it('answers 403 to writes without issues: write, and still serves reads', async () => {
    sim.issues.seed({ title: 'outage' });
    sim.denyPermission('issues');
    const denied = await gh('POST', `${REPO}/issues`, { title: 'x' });
    expect(denied.status).toBe(403);
    expect(denied.data.message).toBe('Resource not accessible by integration');
    expect(denied.headers.get('x-accepted-github-permissions')).toBe('issues=write');
    expect((await gh('POST', `${REPO}/issues/1/comments`, { body: 'x' })).status).toBe(403);
    expect((await gh('PATCH', `${REPO}/issues/1`, { state: 'closed' })).status).toBe(403);
    expect((await gh('GET', `${REPO}/issues`)).status).toBe(200);
    expect(sim.issues.all()).toHaveLength(1);
    expect(sim.issues.get(1)?.state).toBe('open');
    sim.assertNoViolations();
  });

  it('records a violation for a request GitHub would reject', async () => {
    expect((await gh('POST', `${REPO}/issues`, { body: 'no title' })).status).toBe(422);
    expect((await gh('PATCH', `${REPO}/issues/1`, { state: 'reopen' })).status).toBe(422);
    expect((await gh('GET', `${REPO}/issues?state=everything`)).status).toBe(422);
    expect(sim.violations.map((v) => [v.operation, v.kind])).toEqual([
      ['issues/create', 'invalid'],
      ['issues/update', 'invalid'],
      ['issues/list-for-repo', 'invalid'],
    ]);
    expect(sim.issues.all()).toEqual([]);
  });
});
