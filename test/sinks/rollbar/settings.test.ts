import { describe, expect, it } from 'vitest';
import { SettingsError, secretsOf } from '../../../src/settings/settings.js';
import { settingsFrom as settingsWith } from '../../support/settings.js';

describe('the Rollbar inputs', () => {
  it('default to no token, the deployment environment and the public API', () => {
    expect(settingsWith().rollbar).toEqual({
      token: undefined,
      environment: undefined,
      endpoint: 'https://api.rollbar.com/api/1/',
    });
  });

  it('normalise the endpoint to end with one slash, so `deploy` and `item/` join onto it', () => {
    const endpoint = (value: string) => settingsWith({ 'rollbar-endpoint': value }).rollbar.endpoint;
    expect(endpoint('https://rollbar.internal/api/1')).toBe('https://rollbar.internal/api/1/');
    expect(endpoint('https://rollbar.internal/api/1//')).toBe('https://rollbar.internal/api/1/');
    expect(endpoint('127.0.0.1:8080/api/1/')).toBe('http://127.0.0.1:8080/api/1/');
    expect(() => settingsWith({ 'rollbar-endpoint': 'ftp://rollbar.internal/' })).toThrow(SettingsError);
    expect(() => settingsWith({ 'rollbar-endpoint': 'https://user:pw@rollbar.internal/' })).toThrow(
      /rollbar-endpoint/,
    );
  });

  it('keep the token as a secret and the environment as given', () => {
    const settings = settingsWith({ 'rollbar-token': ' rb-server-token ', 'rollbar-environment': 'staging' });
    expect(settings.rollbar).toMatchObject({ token: 'rb-server-token', environment: 'staging' });
    expect(secretsOf(settings)).toContain('rb-server-token');
    expect(() => settingsWith({ 'rollbar-environment': 'x'.repeat(256) })).toThrow(/255 characters/);
  });
});
