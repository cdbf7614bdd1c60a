import { expect } from 'vitest';
import type { TestDeps } from '../support/deps.js';
import { appForTest, depsForTest } from '../support/per-test.js';
import { fastProbeSettings } from '../support/settings.js';
import type { SampleApp, SampleAppOptions } from '../world/sample-app.js';

/** The protection bypass secret the probe's security tests send; it must never reach a log or an outcome. */
export const BYPASS_SECRET = 'prot3ction-bypass-s3cret';
/** A custom header's secret value, under the same rule. */
export const CUSTOM_HEADER = 'Bearer custom-header-s3cret';

/** Fast probe settings that carry both secrets: the bypass, and the custom header beside a harmless one. */
export const secretSettings = () =>
  fastProbeSettings({
    protectionBypass: BYPASS_SECRET,
    headers: [
      ['Authorization', CUSTOM_HEADER],
      ['X-Team', 'blue'],
    ],
  });

/**
 * A probe test's `setup(options)`: hands fresh deps to `useDeps`, then starts the sample app with `options`
 * and returns it; both close when the test ends.
 */
export function probeSetup(useDeps: (deps: TestDeps) => void) {
  return async (options: SampleAppOptions = {}): Promise<SampleApp> => {
    useDeps(depsForTest());
    return appForTest(options);
  };
}

/** Neither the log of `deps` nor `value` (an outcome, a result) may carry a secret. */
export function expectNoSecrets(deps: TestDeps, value: unknown): void {
  const text = `${deps.logger.text()}\n${JSON.stringify(value)}`;
  expect(text).not.toContain(BYPASS_SECRET);
  expect(text).not.toContain('custom-header-s3cret');
}
