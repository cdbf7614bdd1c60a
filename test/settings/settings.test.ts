import { describe, expect, it } from 'vitest';
import { parseDuration } from '../../src/settings/duration.js';
import type { InputName } from '../../src/settings/inputs.js';
import { parseSettings, SettingsError, secretsOf } from '../../src/settings/settings.js';

const from =
  (inputs: Partial<Record<InputName, string>>) =>
  (name: InputName): string =>
    inputs[name] ?? '';

describe('parseDuration', () => {
  it.each([
    ['90s', 90_000],
    ['5m', 300_000],
    ['1h', 3_600_000],
    ['250ms', 250],
    ['30', 30_000],
    ['1.5', 1_500],
    [' 2M ', 120_000],
  ])('reads %s as %d ms', (text, ms) => {
    expect(parseDuration(text)).toBe(ms);
  });

  it.each(['', 'soon', '5 minutes', '-3s', '1d'])('rejects %j', (text) => {
    expect(parseDuration(text)).toBeUndefined();
  });
});

describe('parseSettings', () => {
  it('applies the defaults of action.yml when nothing is given', () => {
    const settings = parseSettings(from({}));
    expect(settings).toMatchObject({
      deploymentUrl: undefined,
      environment: 'auto',
      waitTimeoutMs: 600_000,
      healthPath: '/api/health/deployment',
      healthFormat: 'auto',
      headers: [],
      requestTimeoutMs: 5_000,
      healthTimeoutMs: 120_000,
      failOn: 'unhealthy',
      vercel: { apiUrl: 'https://api.vercel.com', token: undefined },
    });
  });

  it('normalises URLs: bare Vercel hosts become https, loopback http is kept, trailing slashes go', () => {
    expect(parseSettings(from({ 'deployment-url': 'shop-abc.vercel.app' })).deploymentUrl).toBe(
      'https://shop-abc.vercel.app',
    );
    expect(parseSettings(from({ 'deployment-url': 'http://127.0.0.1:3000/base/' })).deploymentUrl).toBe(
      'http://127.0.0.1:3000/base',
    );
  });

  it('takes a Vercel deployment id in deployment-url, and asks for the token that looking it up needs', () => {
    const byId = parseSettings(from({ 'deployment-url': 'dpl_8Fz2QmX1', 'vercel-token': 'tok' }));
    expect([byId.deploymentId, byId.deploymentUrl]).toEqual(['dpl_8Fz2QmX1', undefined]);
    expect(parseSettings(from({ 'deployment-url': 'dpl-site.vercel.app' })).deploymentUrl).toBe(
      'https://dpl-site.vercel.app',
    );
    expect(() => parseSettings(from({ 'deployment-url': 'dpl_8Fz2QmX1' }))).toThrow(
      /`deployment-url` as a deployment id works through the Vercel API and needs `vercel-token`/,
    );
    expect(() =>
      parseSettings(from({ 'deployment-url': 'https://web.vercel.app', 'vercel-project': 'web\ndocs' })),
    ).toThrow(/`deployment-url` names one deployment, but `vercel-project` names 2 projects/);
  });

  it('parses header lines and keeps values out of error messages', () => {
    const settings = parseSettings(from({ headers: 'Authorization: Bearer abc:def\nX-Team: shop\n' }));
    expect(settings.headers).toEqual([
      ['Authorization', 'Bearer abc:def'],
      ['X-Team', 'shop'],
    ]);
    try {
      parseSettings(from({ headers: 'this is not a header super-secret-value' }));
      expect.unreachable();
    } catch (error) {
      expect((error as Error).message).toContain('`headers` line 1');
      expect((error as Error).message).not.toContain('super-secret-value');
    }
  });

  it('reports every bad input at once, naming the input and the accepted values', () => {
    try {
      parseSettings(
        from({ 'wait-timeout': 'forever', 'fail-on': 'sometimes', environment: 'staging', sha: 'xyz' }),
      );
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(SettingsError);
      const problems = (error as SettingsError).problems.join('\n');
      expect(problems).toContain('`wait-timeout` is "forever"');
      expect(problems).toContain('`fail-on` is "sometimes"; use one of "unhealthy", "degraded", "never"');
      expect(problems).toContain('`environment` is "staging"');
      expect(problems).toContain('`sha` must be a commit SHA');
    }
  });

  it('refuses a health-path that is a URL and credentials inside the deployment URL', () => {
    expect(() => parseSettings(from({ 'health-path': 'https://evil.example/health' }))).toThrow(
      /must be a path/,
    );
    expect(() => parseSettings(from({ 'deployment-url': 'https://user:pw@shop.vercel.app' }))).toThrow(
      /credentials in the URL/,
    );
  });

  it('lists every secret for masking', () => {
    const settings = parseSettings(
      from({
        'vercel-token': 'vtok',
        'protection-bypass': 'bypass',
        'github-token': 'ghs_x',
        headers: 'X-Key: hkey',
      }),
    );
    expect(secretsOf(settings).sort()).toEqual(['bypass', 'ghs_x', 'hkey', 'vtok']);
  });
});

describe('bare hosts', () => {
  it('are https for Vercel hosts and http for loopback hosts', () => {
    expect(parseSettings(from({ 'deployment-url': '127.0.0.1:4000' })).deploymentUrl).toBe(
      'http://127.0.0.1:4000',
    );
    expect(parseSettings(from({ 'deployment-url': 'localhost:4000/app' })).deploymentUrl).toBe(
      'http://localhost:4000/app',
    );
    expect(parseSettings(from({ 'deployment-url': '127.0.0.1.evil.example' })).deploymentUrl).toBe(
      'https://127.0.0.1.evil.example',
    );
  });
});
