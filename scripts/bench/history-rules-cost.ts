// What baseline and anomaly rules cost in GitHub requests on a `branch:` history: a day of one target's runs
// on the simulated data branch, then one monitor run without and one with a 24 h anomaly rule, and one gate
// run with a 24 h baseline rule (a preview, so it writes no marker). Requests are counted at the simulator.
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openHistoryStore } from '../../src/history/open-store.js';
import { testDeps } from '../../test/support/deps.js';
import { runBundle } from '../../test/support/run-bundle.js';
import { seededRuns } from '../../test/support/seed-history.js';
import { DEFAULT_OWNER, DEFAULT_REPO } from '../../test/world/github-api.js';
import { startWorld } from '../../test/world/index.js';

const BRANCH = 'deployment-health-data';
const MIN = 60_000;

export interface HistoryRulesCost {
  monitorPlain: number;
  monitorAnomaly: number;
  gateBaseline: number;
  gatePlain: number;
}

export async function measureHistoryRulesCost(): Promise<HistoryRulesCost> {
  const world = await startWorld();
  const deps = testDeps();
  const dir = await mkdtemp(join(tmpdir(), 'dhg-bench-rules-'));
  const anomaly = join(dir, 'anomaly.yml');
  const baseline = join(dir, 'baseline.yml');
  await writeFile(
    anomaly,
    'rules:\n  - id: latency_anomaly\n    anomaly: { metric: avg_response_time, window: 24h }\n    severity: warning\n',
  );
  await writeFile(
    baseline,
    'rules:\n  - id: slower\n    condition: { metric: p95_response_time, operator: gt, baseline: production, factor: 1.5, window: 24h }\n    severity: warning\n',
  );
  try {
    const store = openHistoryStore(`branch:${BRANCH}`, {
      deps,
      github: {
        apiUrl: world.github.url,
        token: world.githubToken,
        owner: DEFAULT_OWNER,
        repo: DEFAULT_REPO,
      },
    });
    const written = await store.write({
      at: Date.now(),
      records: seededRuns('shop', Date.now(), 24 * 60 * MIN, 5 * MIN, (i) => 90 + (i % 20)),
      states: [],
      markers: [],
      incidents: [],
    });
    if (written.warning) throw new Error(written.warning);
    const counted = async (run: () => Promise<{ code: number | null; stdout: string }>) => {
      const before = world.github.requests.length;
      const result = await run();
      if (result.code !== 0) throw new Error(`bench run failed (exit ${result.code}): ${result.stdout}`);
      return world.github.requests.length - before;
    };
    const monitor = (config?: string) =>
      counted(() =>
        runBundle({
          entry: 'monitor',
          event: { name: 'schedule', payload: { schedule: '*/5 * * * *' } },
          inputs: {
            targets: `shop=${world.app.url}`,
            history: `branch:${BRANCH}`,
            incidents: 'none',
            samples: '1',
            dashboard: 'false',
            'github-token': world.githubToken,
            ...(config ? { config } : {}),
          },
          env: world.runnerEnv(),
        }),
      );
    const gate = (config?: string) =>
      counted(() =>
        runBundle({
          inputs: {
            'deployment-url': world.app.url,
            'vercel-project': 'shop',
            environment: 'preview',
            history: `branch:${BRANCH}`,
            report: 'none',
            'github-token': world.githubToken,
            ...(config ? { config } : {}),
          },
          env: world.runnerEnv(),
        }),
      );
    return {
      monitorPlain: await monitor(),
      monitorAnomaly: await monitor(anomaly),
      gatePlain: await gate(),
      gateBaseline: await gate(baseline),
    };
  } finally {
    await deps.close();
    await world.close();
  }
}

export function historyRulesCostLines(cost: HistoryRulesCost): string[] {
  return [
    `history rules on a branch: (one target, a day of 5-minute runs) GitHub requests per monitor run ${cost.monitorPlain} ` +
      `→ ${cost.monitorAnomaly} with a 24 h anomaly rule; per gate run ${cost.gatePlain} → ${cost.gateBaseline} with a 24 h baseline rule`,
  ];
}
