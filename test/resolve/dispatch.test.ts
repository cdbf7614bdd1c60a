import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { resolveDeployment } from '../../src/resolve/index.js';
import type { InputName } from '../../src/settings/inputs.js';
import { contextFor, fastPolicy, type Harness, harness, SHA, settingsFrom, stopped } from './harness.js';

// Vercel's repository_dispatch events, as documented by @vercel/repository-dispatch. GITHUB_SHA is the default
// branch there, never the deployed commit.
const GITHUB_SHA = '0'.repeat(40);

let h: Harness;
beforeEach(() => {
  h = harness();
});
afterEach(async () => {
  await h.close();
});

function dispatch(action: string, client: Record<string, unknown> = {}) {
  return contextFor({
    name: 'repository_dispatch',
    sha: GITHUB_SHA,
    payload: {
      action,
      client_payload: {
        environment: 'preview',
        git: { ref: 'feature/login', sha: SHA, shortSha: SHA.slice(0, 7) },
        id: 'dpl_5WJWYSyB7BpgTj3EuwF37WMRBXBt',
        project: { id: 'prj_web123', name: 'web' },
        state: { type: action.split('.').pop() },
        url: 'https://web-git-feature-login-acme.vercel.app',
        ...client,
      },
    },
  });
}

function resolve(context: ReturnType<typeof dispatch>, inputs: Partial<Record<InputName, string>> = {}) {
  return resolveDeployment({
    settings: settingsFrom({ 'wait-timeout': '5s', ...inputs }),
    context,
    deps: h.deps,
    github: undefined,
    policy: fastPolicy,
  });
}

describe('repository_dispatch vercel.deployment.*', () => {
  it('success: ready at once with the URL, commit, project and environment from client_payload', async () => {
    const outcome = await resolve(dispatch('vercel.deployment.success'));
    expect(outcome).toEqual({
      kind: 'ready',
      deployment: {
        url: 'https://web-git-feature-login-acme.vercel.app',
        id: 'dpl_5WJWYSyB7BpgTj3EuwF37WMRBXBt',
        sha: SHA,
        environment: 'preview',
        source: 'repository_dispatch',
        project: 'web',
      },
      waitedMs: expect.any(Number),
      requests: 0,
    });
  });

  it('ready and promoted count as ready; a bare host becomes https', async () => {
    const outcome = await resolve(
      dispatch('vercel.deployment.promoted', { url: 'web-prod-acme.vercel.app', environment: 'production' }),
    );
    expect(outcome.kind === 'ready' && outcome.deployment).toMatchObject({
      url: 'https://web-prod-acme.vercel.app',
      environment: 'production',
    });
  });

  it('error and failed stop at once as deployment-error, quoting Vercel’s reason', async () => {
    const error = stopped(await resolve(dispatch('vercel.deployment.error', { error: 'Build step failed' })));
    expect(error.reason).toBe('deployment-error');
    expect(error.message).toContain('vercel.deployment.error');
    expect(error.message).toContain('Build step failed');
    expect(error.message).toContain('`web`');
    expect(error.deployment).toMatchObject({
      sha: SHA,
      id: 'dpl_5WJWYSyB7BpgTj3EuwF37WMRBXBt',
      source: 'repository_dispatch',
    });

    const failed = stopped(
      await resolve(
        dispatch('vercel.deployment.failed', { state: { type: 'failed', detail: 'checks_failed' } }),
      ),
    );
    expect(failed.reason).toBe('deployment-error');
    expect(failed.message).toContain('checks_failed');
  });

  it('canceled, ignored and skipped stop at once as deployment-canceled', async () => {
    for (const type of ['canceled', 'ignored', 'skipped']) {
      const outcome = stopped(await resolve(dispatch(`vercel.deployment.${type}`)));
      expect(outcome.reason).toBe('deployment-canceled');
      expect(outcome.message).toContain(`vercel.deployment.${type}`);
      expect(outcome.requests).toBe(0);
    }
  });

  it('pending without a token or GitHub access has nothing to wait with: not-found, naming what to set', async () => {
    const outcome = stopped(await resolve(dispatch('vercel.deployment.pending')));
    expect(outcome.reason).toBe('not-found');
    expect(outcome.message).toContain('`vercel-token`');
  });

  it('remote text in the event cannot inject workflow commands into the message', async () => {
    const outcome = stopped(
      await resolve(
        dispatch('vercel.deployment.error', { error: 'oops\n::set-output name=status::healthy' }),
      ),
    );
    expect(outcome.message).not.toMatch(/\n/);
    expect(outcome.message).not.toContain('::set-output');
  });
});
