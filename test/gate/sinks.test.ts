import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultConfig } from '../../src/config/defaults.js';
import { checkAllProjects } from '../../src/gate/check-all.js';
import { createGitHubClient } from '../../src/sinks/github/index.js';
import type { Ledger } from '../../src/sinks/ledger.js';
import { SINKS } from '../../src/sinks/registry.js';
import { noSink, type SinkEntry } from '../../src/sinks/sink.js';
import { appForTest, depsForTest } from '../support/per-test.js';
import { githubRunContext, SHA } from '../support/run-context.js';
import { settingsFrom } from '../support/settings.js';
import { type GitHubSim, startGitHubApi } from '../world/github-api.js';

// A report target is one folder and one entry in sinks/registry.ts. This test adds a target of its own to
// the list and holds what the list promises it: live progress, then `finish` with what earlier sinks learnt.

let sim: GitHubSim;
beforeAll(async () => {
  sim = await startGitHubApi();
});
afterAll(async () => {
  await sim.close();
});

/** A sink that records what it is told, and a copy of the ledger as `finish` finds it. */
function recorder() {
  const calls: string[] = [];
  let seen: Omit<Ledger, 'rollbarDeploy'> | undefined;
  const entry: SinkEntry = {
    name: 'test-recorder',
    create: () => ({
      started: async (info) => void calls.push(`started ${info.sha}`),
      phase: async (phase) => void calls.push(`phase ${phase}`),
      resolved: async (outcome) => void calls.push(`resolved ${outcome.kind}`),
      finish: async (run, ledger) => {
        calls.push(`finish ${run.verdict.status}`);
        // Functions do not clone: the ledger's data as this sink found it.
        const { rollbarDeploy: _live, ...data } = ledger;
        seen = structuredClone(data);
      },
    }),
  };
  return { entry, calls, ledger: () => seen };
}

async function gate(sinks: readonly SinkEntry[]) {
  const app = await appForTest({ mode: 'healthy' });
  const deps = depsForTest({ agent: { connect: { timeout: 2000 } }, closeBy: 'close' });
  const context = githubRunContext(sim);
  const settings = settingsFrom({
    'deployment-url': app.url,
    sha: SHA,
    'github-token': 'ghs_simulated',
    'health-timeout': '10s',
  });
  const reportDir = await mkdtemp(join(tmpdir(), 'dhg-sinks-'));
  const all = await checkAllProjects({
    targets: [settings],
    config: defaultConfig(),
    context,
    deps,
    github: createGitHubClient('ghs_simulated', context, deps),
    saveState: () => undefined,
    runner: { reportDir },
    sinks,
  });
  return { all, reportDir };
}

describe('the sink list', () => {
  it('tells a sink added to it every phase, then finishes it with what the sinks before it learnt', async () => {
    const probe = recorder();
    const { all, reportDir } = await gate([...SINKS, probe.entry]);

    expect(probe.calls).toEqual([
      `started ${SHA}`,
      'phase waiting',
      'resolved ready',
      'phase probing',
      'phase evaluating',
      'finish healthy',
    ]);
    const ledger = probe.ledger();
    // The GitHub sink's check run, the JSON report's file, the job summary: all there before it.
    const checkRun = sim.findCheckRun({ head_sha: SHA });
    expect(checkRun?.id).toBeDefined();
    expect(ledger?.checkRun.checkRunId).toBe(checkRun?.id);
    expect(ledger?.reportPath?.startsWith(reportDir)).toBe(true);
    expect(JSON.parse(await readFile(ledger?.reportPath ?? '', 'utf8'))).toEqual(ledger?.jsonReport);
    expect(ledger?.jsonReport?.verdict.status).toBe('healthy');
    expect(ledger?.summary).toContain('Healthy');
    // The run's outcome carries the same ledger.
    expect(all.worst.ledger.checkRun.checkRunId).toBe(checkRun?.id);
  });

  it('finishes the sinks in list order: one before the GitHub sink finds no check run yet', async () => {
    const first = recorder();
    await gate([first.entry, ...SINKS]);
    expect(first.calls.at(-1)).toBe('finish healthy');
    expect(first.ledger()?.checkRun).toEqual({});
    expect(first.ledger()?.jsonReport).toBeUndefined();
  });

  it('needs no progress of a sink that only writes at the end', async () => {
    let finished = false;
    const quiet: SinkEntry = {
      name: 'quiet',
      create: () => ({
        ...noSink,
        finish: async () => {
          finished = true;
        },
      }),
    };
    await gate([quiet]);
    expect(finished).toBe(true);
  });
});
