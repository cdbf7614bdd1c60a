import { describe, expect, it } from 'vitest';
import { normalizeDeploymentUrl } from '../../src/clients/deployment-url.js';
import { parseDeploymentList, shaMatches, targetFromVercel } from '../../src/clients/vercel-deployment.js';
import { chooseEnvironment, parseEnvironmentName } from '../../src/resolve/environment.js';
import { readDeploymentStatusEvent, readDispatchEvent, statusUrls } from '../../src/resolve/event-facts.js';
import { chooseGitHubDeployment, parseGitHubDeployment } from '../../src/resolve/github-deployments.js';
import { resolveSha } from '../../src/resolve/index.js';
import { parseEventLine } from '../../src/resolve/vercel-events.js';
import { contextFor, SHA, settingsFrom } from './harness.js';

describe('environment names', () => {
  it('maps Vercel GitHub environment names, including monorepo names with a project', () => {
    expect(parseEnvironmentName('Production')).toEqual({
      target: 'production',
      project: undefined,
      vercel: true,
    });
    expect(parseEnvironmentName('Preview')).toEqual({ target: 'preview', project: undefined, vercel: true });
    expect(parseEnvironmentName('Preview – web')).toEqual({
      target: 'preview',
      project: 'web',
      vercel: true,
    });
    expect(parseEnvironmentName('Production – docs-site')).toEqual({
      target: 'production',
      project: 'docs-site',
      vercel: true,
    });
    expect(parseEnvironmentName('preview - web').project).toBe('web');
  });

  it('treats custom environments as preview that Vercel did not name', () => {
    expect(parseEnvironmentName('staging')).toEqual({ target: 'preview', project: undefined, vercel: false });
  });

  it('reads Vercel targets (null means preview) and lets the input win over what was observed', () => {
    expect(targetFromVercel('production')).toBe('production');
    expect(targetFromVercel(null)).toBe('preview');
    expect(targetFromVercel('staging')).toBe('preview');
    expect(chooseEnvironment('auto', 'production')).toBe('production');
    expect(chooseEnvironment('auto', undefined)).toBe('preview');
    expect(chooseEnvironment('preview', 'production')).toBe('preview');
  });
});

describe('resolveSha', () => {
  it('prefers the input, then the event, then GITHUB_SHA', () => {
    const dispatch = contextFor({
      name: 'repository_dispatch',
      payload: { action: 'vercel.deployment.success', client_payload: { git: { sha: SHA.toUpperCase() } } },
    });
    expect(resolveSha(settingsFrom(), dispatch)).toBe(SHA);
    expect(resolveSha(settingsFrom({ sha: 'abcdef1' }), dispatch)).toBe('abcdef1');
    const pr = contextFor({ name: 'pull_request', payload: { pull_request: { head: { sha: SHA } } } });
    expect(resolveSha(settingsFrom(), pr)).toBe(SHA);
    const status = contextFor({ name: 'deployment_status', payload: { deployment: { sha: SHA } } });
    expect(resolveSha(settingsFrom(), status)).toBe(SHA);
    expect(resolveSha(settingsFrom(), contextFor({ name: 'push', sha: 'c'.repeat(40) }))).toBe(
      'c'.repeat(40),
    );
  });

  it('ignores event fields that are not commit SHAs', () => {
    const bad = contextFor({
      name: 'deployment_status',
      payload: { deployment: { sha: 'not a sha' } },
      sha: 'd'.repeat(40),
    });
    expect(resolveSha(settingsFrom(), bad)).toBe('d'.repeat(40));
  });
});

describe('deployment_status events', () => {
  const event = (status: Record<string, unknown>, deployment: Record<string, unknown> = {}) =>
    contextFor({
      name: 'deployment_status',
      payload: {
        deployment_status: { state: 'success', ...status },
        deployment: { id: 77, sha: SHA, environment: 'Preview – web', ...deployment },
      },
    });

  it('takes the URL from environment_url, else target_url, and the project from the environment name', () => {
    expect(readDeploymentStatusEvent(event({ environment_url: 'https://web-1.vercel.app/' }))).toMatchObject({
      state: 'success',
      url: 'https://web-1.vercel.app',
      sha: SHA,
      target: 'preview',
      project: 'web',
      githubDeploymentId: 77,
    });
    expect(readDeploymentStatusEvent(event({ target_url: 'https://web-2.vercel.app' }))?.url).toBe(
      'https://web-2.vercel.app',
    );
  });

  it('does not take a Vercel dashboard link for the deployment', () => {
    const facts = readDeploymentStatusEvent(event({ target_url: 'https://vercel.com/acme/web/abc' }));
    expect(facts?.url).toBeUndefined();
    expect(facts?.inspectorUrl).toBe('https://vercel.com/acme/web/abc');
  });

  it('uses production_environment when GitHub states it', () => {
    expect(
      readDeploymentStatusEvent(event({}, { environment: 'web', production_environment: true }))?.target,
    ).toBe('production');
  });

  it('is not read for other events', () => {
    expect(readDeploymentStatusEvent(contextFor({ name: 'push' }))).toBeUndefined();
  });
});

describe('repository_dispatch events', () => {
  // The payload shape Vercel documents in @vercel/repository-dispatch.
  const event = (action: string, client: Record<string, unknown> = {}) =>
    contextFor({
      name: 'repository_dispatch',
      payload: {
        action,
        client_payload: {
          environment: 'production',
          git: { ref: 'main', sha: SHA, shortSha: SHA.slice(0, 7) },
          id: 'dpl_123',
          project: { id: 'prj_1', name: 'web' },
          state: { type: 'success' },
          url: 'https://web-abc.vercel.app',
          ...client,
        },
      },
    });

  it('reads Vercel’s payload', () => {
    expect(readDispatchEvent(event('vercel.deployment.success'))).toEqual({
      type: 'vercel.deployment.success',
      outcome: 'ready',
      url: 'https://web-abc.vercel.app',
      sha: SHA,
      id: 'dpl_123',
      projectId: 'prj_1',
      projectName: 'web',
      environment: 'production',
      target: 'production',
      error: undefined,
      detail: undefined,
    });
  });

  it('maps every documented event type', () => {
    const outcome = (type: string) => readDispatchEvent(event(`vercel.deployment.${type}`))?.outcome;
    expect(['success', 'ready', 'promoted'].map(outcome)).toEqual(['ready', 'ready', 'ready']);
    expect(['error', 'failed'].map(outcome)).toEqual(['error', 'error']);
    expect(['canceled', 'ignored', 'skipped', 'pending'].map(outcome)).toEqual([
      'canceled',
      'skipped',
      'skipped',
      'pending',
    ]);
  });

  it('accepts a bare host and a project given as a string', () => {
    const facts = readDispatchEvent(
      event('vercel.deployment.ready', { url: 'web-xyz.vercel.app', project: 'docs' }),
    );
    expect(facts?.url).toBe('https://web-xyz.vercel.app');
    expect(facts?.projectName).toBe('docs');
  });

  it('ignores dispatches that are not Vercel deployment events', () => {
    expect(readDispatchEvent(event('deploy-now'))).toBeUndefined();
  });
});

describe('URLs', () => {
  it('normalises hosts and refuses credentials and other schemes', () => {
    expect(normalizeDeploymentUrl('app.vercel.app/')).toBe('https://app.vercel.app');
    expect(normalizeDeploymentUrl('http://127.0.0.1:3000/base/?x=1#y')).toBe('http://127.0.0.1:3000/base');
    expect(normalizeDeploymentUrl('https://user:pw@app.vercel.app')).toBeUndefined();
    expect(normalizeDeploymentUrl('ftp://app')).toBeUndefined();
    expect(normalizeDeploymentUrl('')).toBeUndefined();
  });

  it('reads status URLs the way Vercel sets them', () => {
    expect(
      statusUrls({ environment_url: 'https://a.vercel.app', target_url: 'https://vercel.com/x/y/z' }),
    ).toEqual({
      url: 'https://a.vercel.app',
      inspectorUrl: 'https://vercel.com/x/y/z',
    });
  });
});

describe('Vercel events stream lines', () => {
  it('reads readyState from the REST shape, the CLI’s flat shape and the legacy state event', () => {
    expect(
      parseEventLine(
        JSON.stringify({
          type: 'deployment-state',
          created: 1,
          payload: { info: { readyState: 'BUILDING' } },
        }),
      ),
    ).toEqual({ readyState: 'BUILDING' });
    expect(
      parseEventLine(JSON.stringify({ type: 'deployment-state', info: { readyState: 'ready' } })),
    ).toEqual({
      readyState: 'READY',
    });
    expect(parseEventLine(JSON.stringify({ event: 'state', payload: { value: 'READY' } }))).toEqual({
      readyState: 'READY',
    });
  });

  it('skips build output, keep-alives and garbage, and flags fatal events', () => {
    expect(
      parseEventLine(JSON.stringify({ type: 'stdout', created: 1, payload: { text: 'READY' } })),
    ).toBeUndefined();
    expect(parseEventLine('{}')).toBeUndefined();
    expect(parseEventLine('')).toBeUndefined();
    expect(parseEventLine('{not json')).toBeUndefined();
    expect(parseEventLine(JSON.stringify({ type: 'fatal', payload: { text: 'boom' } }))).toEqual({
      fatal: true,
    });
  });
});

describe('Vercel deployments', () => {
  it('reads list entries of either API version, newest first', () => {
    const list = parseDeploymentList({
      deployments: [
        {
          uid: 'dpl_old',
          url: 'old.vercel.app',
          state: 'READY',
          created: 1,
          target: null,
          meta: { githubCommitSha: SHA },
        },
        {
          id: 'dpl_new',
          url: 'new.vercel.app',
          readyState: 'building',
          createdAt: 2,
          target: 'production',
          name: 'web',
        },
        { nothing: true },
      ],
    });
    expect(list.map((d) => [d.id, d.state, d.target])).toEqual([
      ['dpl_new', 'BUILDING', 'production'],
      ['dpl_old', 'READY', 'preview'],
    ]);
  });

  it('matches full and abbreviated commits', () => {
    expect(shaMatches(SHA, SHA)).toBe(true);
    expect(shaMatches(SHA, SHA.slice(0, 7))).toBe(true);
    expect(shaMatches(SHA, 'a1b2c3d4e5f6071829')).toBe(true);
    expect(shaMatches(SHA, 'a1b2c3')).toBe(false);
    expect(shaMatches(undefined, SHA)).toBe(false);
  });
});

describe('choosing a GitHub deployment', () => {
  const gh = (id: number, environment: string, creator = 'vercel[bot]') =>
    parseGitHubDeployment({ id, sha: SHA, environment, creator: { login: creator } });
  const all = [
    gh(1, 'Preview – web'),
    gh(2, 'Preview – docs'),
    gh(3, 'Production – web'),
    gh(4, 'github-pages'),
  ].filter((d) => d !== undefined);

  it('picks the named project’s newest deployment of the right target', () => {
    expect(chooseGitHubDeployment(all, { sha: SHA, project: 'web', target: undefined })?.id).toBe(3);
    expect(chooseGitHubDeployment(all, { sha: SHA, project: 'WEB', target: 'preview' })?.id).toBe(1);
    expect(chooseGitHubDeployment(all, { sha: SHA, project: 'shop', target: undefined })).toBeUndefined();
  });

  it('refuses to guess between projects', () => {
    expect(() => chooseGitHubDeployment(all, { sha: SHA, project: undefined, target: undefined })).toThrow(
      /`web`, `docs`.*vercel-project/,
    );
  });

  it('accepts plain names in single-project repos, preferring Vercel’s own deployments', () => {
    const plain = [gh(5, 'Preview', 'someone'), gh(6, 'Preview'), gh(7, 'Production', 'someone')].filter(
      (d) => d !== undefined,
    );
    expect(chooseGitHubDeployment(plain, { sha: SHA, project: 'web', target: undefined })?.id).toBe(6);
    expect(chooseGitHubDeployment(plain, { sha: SHA, project: undefined, target: 'production' })?.id).toBe(7);
  });
});
