import { describe, expect, it } from 'vitest';
import { runApp } from '../../src/app/run-app.js';
import type { InputName } from '../../src/settings/inputs.js';
import { SettingsError } from '../../src/settings/settings.js';
import { appForTest } from '../support/per-test.js';
import { recordingLogger } from '../support/recording-logger.js';
import { runContext, SHA } from '../support/run-context.js';

// The shell both entry points call: it reads nothing of its process; what it needs comes from the host.

function host(inputs: Partial<Record<InputName, string>>, extra: Partial<Parameters<typeof runApp>[0]> = {}) {
  return {
    readInput: (name: InputName) => inputs[name] ?? '',
    context: runContext({ owner: '', repo: '' }),
    logger: recordingLogger(),
    signal: new AbortController().signal,
    ...extra,
  };
}

describe('runApp', () => {
  it('says which input is wrong, before anything is contacted', async () => {
    const outcome = await runApp(host({ 'fail-on': 'sometimes' }));
    expect(outcome.kind).toBe('invalid');
    expect(outcome.kind === 'invalid' && outcome.error).toBeInstanceOf(SettingsError);
  });

  it("stops where the host's own look at the settings says no", async () => {
    const outcome = await runApp(
      host({ 'deployment-url': 'https://example.test' }, { vet: async () => 'no' }),
    );
    expect(outcome).toEqual({ kind: 'refused', message: 'no' });
  });

  it('checks the deployment and returns one report for its host to write', async () => {
    const app = await appForTest({ mode: 'healthy' });
    const outcome = await runApp(host({ 'deployment-url': app.url, sha: SHA, 'health-timeout': '10s' }));
    if (outcome.kind !== 'checked') throw new Error(`expected a verdict, got ${outcome.kind}`);
    const { report } = outcome;
    expect(report.worst.result.verdict.status).toBe('healthy');
    expect(report.failures).toEqual([]);
    expect(report.outputs.status).toBe('healthy');
    expect(JSON.parse(report.outputs.projects ?? '{}')).toHaveProperty('default');
    expect(report.consoleLines.length).toBeGreaterThan(0);
    // No job: no summary, no annotations, no report file; the JSON report is there for `--json`.
    expect(report.summary).toBeUndefined();
    expect(report.annotations).toEqual([]);
    expect(report.outputs['report-path']).toBe('');
    expect(report.worst.ledger.jsonReport?.verdict.status).toBe('healthy');
  });
});
