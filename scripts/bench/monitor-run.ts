// One monitor run as a scheduled workflow makes it: `node dist/monitor/index.js` for one healthy target with the
// default samples (3, 5 s apart), branch history and incident issues, against the simulated world. The first
// run creates the data branch; the figures are those of the runs after it, when nothing changes (no incident
// to open, update or close): wall time of the step and the GitHub requests it made.
import { runBundle } from '../../test/support/run-bundle.js';
import { startWorld } from '../../test/world/index.js';
import { median } from './stats.js';

export interface MonitorRunFigures {
  runs: number;
  wallMs: { median: number; max: number };
  githubRequests: { median: number; max: number; operations: string[] };
}

export async function measureMonitorRun(runs = 3): Promise<MonitorRunFigures> {
  const world = await startWorld();
  const inputs = {
    targets: `shop=${world.app.url}`,
    history: 'branch:deployment-health-data',
    incidents: 'issue',
    'github-token': world.githubToken,
  };
  const run = async () => {
    const before = world.github.requests.length;
    const started = Date.now();
    const result = await runBundle({
      entry: 'monitor',
      event: { name: 'schedule', payload: { schedule: '*/5 * * * *' } },
      inputs,
      env: world.runnerEnv(),
    });
    const wall = Date.now() - started;
    if (result.code !== 0 || !result.outputs['history-commit']) {
      throw new Error(`bench monitor run failed (exit ${result.code}): ${result.stdout}\n${result.stderr}`);
    }
    const requests = world.github.requests.slice(before);
    return {
      wall,
      requests: requests.length,
      operations: requests.map(
        (r) => `${r.method} ${r.path.replace(/^\/repos\/[^/]+\/[^/]+\//, '').replace(/[0-9a-f]{40}/, '…')}`,
      ),
    };
  };
  try {
    await run(); // creates the data branch
    const measured = [];
    for (let i = 0; i < runs; i++) measured.push(await run());
    const walls = measured.map((m) => m.wall);
    const counts = measured.map((m) => m.requests);
    return {
      runs,
      wallMs: { median: median(walls), max: Math.max(...walls) },
      githubRequests: {
        median: median(counts),
        max: Math.max(...counts),
        operations: measured.at(-1)?.operations ?? [],
      },
    };
  } finally {
    await world.close();
  }
}
