// The demo's baselines story: a day of production's history (as the monitor writes it every 5 minutes, here
// written at once into a folder), then a preview three times slower than production judged by a baseline rule
// (the gate's bundle fails it, saying by how much), then a scheduled monitor run whose third slow run in a row
// trips an anomaly rule (reason `anomaly`, with what was expected and what was seen).
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { type BundleRun, runBundle } from '../test/support/run-bundle.js';
import { seedDirHistory, seededRun, seededRuns } from '../test/support/seed-history.js';
import type { World } from '../test/world/index.js';
import { bold, clip, dim, showLog } from './demo-log.js';

const TARGET = 'shop';
const MIN = 60_000;

const RULES = `rules:
  - id: slower_than_production
    name: Slower than production
    condition: { metric: p95_response_time, operator: gt, baseline: production, factor: 1.5, window: 24h }
    severity: critical
  - id: latency_anomaly
    name: Latency anomaly
    anomaly: { metric: avg_response_time, sensitivity: 3.5, window: 24h, trigger: 3/4 }
    severity: warning
`;

/** 90–110 ms every 5 minutes for a day, and the last two runs slow already (the monitor's part of the story). */
async function seedProduction(root: string): Promise<void> {
  const now = Date.now();
  const day = seededRuns(TARGET, now - 10 * MIN, 24 * 60 * MIN, 5 * MIN, (i) => 90 + ((i * 7) % 21));
  const slow = [seededRun(TARGET, now - 10 * MIN, 320), seededRun(TARGET, now - 5 * MIN, 330)];
  await seedDirHistory(root, [...day, ...slow]);
}

/** The rule's sentence from a bundle's JSON report, or why there is none. */
async function ruleNote(run: BundleRun, id: string, monitor = false): Promise<string> {
  const { readFile } = await import('node:fs/promises');
  try {
    const report = JSON.parse(await readFile(run.outputs['report-path'] ?? '', 'utf8'));
    const rules = monitor
      ? Object.values(report.targets ?? {}).flatMap((t) => (t as { rules?: unknown[] }).rules ?? [])
      : (report.evaluation?.rules ?? []);
    const rule = (rules as { id?: string; state?: string; note?: string }[]).find((r) => r.id === id);
    return rule ? `${rule.state}: ${rule.note ?? ''}` : '(rule not in the report)';
  } catch (error) {
    return `(no report: ${(error as Error).message})`;
  }
}

/** Runs the story; true when the gate failed the slow preview and the monitor saw the anomaly. */
export async function baselineStory(world: World, out: string, index: number): Promise<boolean> {
  const dir = join(out, 'baselines');
  await rm(dir, { recursive: true, force: true });
  await mkdir(dir, { recursive: true });
  const history = join(dir, 'history');
  const config = join(dir, 'deployment-health.yml');
  await writeFile(config, RULES);
  await mkdir(join(dir, 'gate'));
  await mkdir(join(dir, 'monitor'));
  await seedProduction(history);
  world.app.setMode('slow', { delayMs: 300 });

  console.log(`\n${bold(`━━ ${index}. Judge against production's own history`)}`);
  console.log(
    dim(
      "A day of production's history (288 monitor runs at ~100 ms, in a folder here; a data branch on GitHub). " +
        'A pull request makes every request take 300 ms: under any fixed threshold, but 3× production.',
    ),
  );
  const sha = `${index}`.repeat(7) + 'c'.repeat(33);
  world.deploy({ sha, buildMs: 500 });
  console.log(
    dim(
      `$ node dist/index.js   (history: dir:…/history, config with a baseline rule: p95 > 1.5× production's 24 h)`,
    ),
  );
  const gate = await runBundle({
    dir: join(dir, 'gate'),
    inputs: {
      ...world.vercelInputs({ sha }),
      'github-token': world.githubToken,
      history: `dir:${history}`,
      config,
    },
    env: world.runnerEnv(),
  });
  for (const line of showLog(gate.stdout).filter((l) => /production|Verdict|unhealthy/i.test(l))) {
    console.log(`  │ ${clip(line, 170)}`);
  }
  console.log(`  slower_than_production → ${clip(await ruleNote(gate, 'slower_than_production'), 170)}`);
  console.log(`  outputs: status=${gate.outputs.status} reason=${gate.outputs.reason} · exit ${gate.code}`);

  console.log(
    dim(
      "\nThe monitor's next scheduled run: production has been slow for two runs already; this is the third.",
    ),
  );
  const monitor = await runBundle({
    entry: 'monitor',
    dir: join(dir, 'monitor'),
    event: { name: 'schedule', payload: { schedule: '*/5 * * * *' } },
    inputs: {
      targets: `${TARGET}=${world.app.url}`,
      history: `dir:${history}`,
      config,
      samples: '1',
      'failure-threshold': '1',
      incidents: 'none',
      dashboard: 'false',
    },
    env: world.runnerEnv(),
  });
  let target: { status?: string; reason?: string } = {};
  try {
    target = JSON.parse(monitor.outputs.targets ?? '{}')[TARGET] ?? {};
  } catch {}
  console.log(`  latency_anomaly → ${clip(await ruleNote(monitor, 'latency_anomaly', true), 170)}`);
  console.log(`  outputs: ${TARGET} ${target.status}/${target.reason} · exit ${monitor.code}`);
  world.app.setMode('healthy');

  const ok =
    gate.outputs.status === 'unhealthy' &&
    gate.outputs.reason === 'rules' &&
    target.reason === 'anomaly' &&
    target.status === 'degraded';
  if (!ok) console.log('  UNEXPECTED: the baselines story did not end as the demo expects.');
  return ok;
}
