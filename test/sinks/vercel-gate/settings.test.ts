import { describe, expect, it } from 'vitest';
import { SettingsError } from '../../../src/settings/settings.js';
import { settingsFrom } from '../../support/settings.js';

describe('Vercel promotion gate inputs', () => {
  it('are off by default', () => {
    const settings = settingsFrom();
    expect(settings).toMatchObject({ vercelCheck: undefined, promote: false, rollbackOnUnhealthy: false });
  });

  it('read the check name and the two switches', () => {
    const settings = settingsFrom({
      'vercel-token': 't',
      'vercel-check': '  Deployment health ',
      promote: 'True',
      'rollback-on-unhealthy': 'true',
    });
    expect(settings).toMatchObject({
      vercelCheck: 'Deployment health',
      promote: true,
      rollbackOnUnhealthy: true,
    });
  });

  it('refuse a switch that is not a boolean, naming the input', () => {
    expect(() => settingsFrom({ 'vercel-token': 't', promote: 'yes' })).toThrow(
      '`promote` must be "true" or "false"',
    );
  });

  it('need `vercel-token`, and say so before anything is contacted', () => {
    let error: unknown;
    try {
      settingsFrom({ promote: 'true', 'rollback-on-unhealthy': 'true' });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(SettingsError);
    expect((error as SettingsError).problems).toEqual([
      // biome-ignore lint/suspicious/noTemplateCurlyInString: the workflow expression the message shows.
      '`promote`, `rollback-on-unhealthy` work through the Vercel API and need `vercel-token`; pass a Vercel access token (`vercel-token: ${{ secrets.VERCEL_TOKEN }}`) or drop them',
    ]);
  });
});
