// Waiting on GitHub deployments (no Vercel token): how soon after Vercel's `success` status the bundle reaches
// its verdict, and how many requests a 3-minute wait costs against GitHub's rate limit. Measurements, not
// pass/fail checks: each row carries its aim for the reader to compare.
import { readFile } from 'node:fs/promises';
import { runBundle } from '../../test/support/run-bundle.js';
import { GITHUB_BUILD_MS, threeMinuteGitHubWait } from '../../test/support/three-minute-github-wait.js';
import { startWorld } from '../../test/world/index.js';
import { median } from './stats.js';

export interface BenchRow {
  what: string;
  figure: string;
  aim: string;
}

export interface GitHubWaitOptions {
  /** Bundle runs for the median (default 3). */
  runs?: number;
  /** Real length of each run's simulated build, push → `success` (default 30 s, as in the issue). */
  buildMs?: number;
  /** Clock speed-up of the 3-minute wait (default 120, as the Vercel 3-minute bench). */
  speed?: number;
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

/**
 * The bundle with `github-token` and no Vercel token, on a push: Vercel's GitHub integration (simulated)
 * creates the commit's deployment `pending`, marks it `in_progress`, and `success` after `buildMs`. The lag is
 * from that `success` status to the verdict (the moment the JSON report records), as `npm run bench`
 * measures READY → verdict for Vercel.
 */
async function successToVerdict(runs: number, buildMs: number) {
  const world = await startWorld();
  const lags: number[] = [];
  const rateLimited: number[] = [];
  try {
    for (let i = 0; i < runs; i++) {
      const sha = `${i.toString(16).padStart(8, '0')}${'9e'.repeat(16)}`;
      const deployment = world.github.addDeployment({
        sha,
        environment: 'Preview',
        statuses: [{ state: 'pending' }],
      });
      let successAt = 0;
      const building = setTimeout(
        () => world.github.addStatus(deployment.id, { state: 'in_progress' }),
        2000,
      );
      const success = setTimeout(() => {
        world.github.addStatus(deployment.id, { state: 'success', environment_url: world.app.url });
        successAt = Date.now();
      }, buildMs);
      const from = world.github.requests.length;
      try {
        const run = await runBundle({
          inputs: { 'github-token': world.githubToken, sha, 'wait-timeout': '5m', 'health-timeout': '10s' },
          env: world.runnerEnv(),
          timeoutMs: buildMs + 120_000,
        });
        if (run.outputs.status !== 'healthy') {
          throw new Error(`bench run ${i} was ${run.outputs.status} (${run.outputs.reason}): ${run.stdout}`);
        }
        const report = JSON.parse(await readFile(run.outputs['report-path'] as string, 'utf8'));
        lags.push(Date.parse(report.generatedAt) - successAt);
        // The resolver's reads (the reports write check runs and statuses, and read nothing here).
        const reads = world.github.requests
          .slice(from)
          .filter((r) => r.method === 'GET' && r.path.includes('/deployments'));
        rateLimited.push(reads.filter((r) => r.status !== 304).length);
      } finally {
        clearTimeout(building);
        clearTimeout(success);
      }
    }
  } finally {
    await world.close();
  }
  return { lags, rateLimited };
}

/**
 * Runs both measurements and returns the rows for the bench's table. Takes about `runs × (buildMs + 3 s)`
 * plus a few seconds for the 3-minute wait; needs `npm run build` first.
 */
export async function benchGitHubWait(options: GitHubWaitOptions = {}): Promise<BenchRow[]> {
  const runs = options.runs ?? 3;
  const buildMs = options.buildMs ?? 30_000;
  const speed = options.speed ?? 120;
  const { lags, rateLimited } = await successToVerdict(runs, buildMs);
  const wait = await threeMinuteGitHubWait({ speed });
  return [
    {
      what: `GitHub deployment \`success\` → verdict, no Vercel token (bundle, ${runs} runs, ${seconds(buildMs)} builds)`,
      figure:
        `median ${seconds(median(lags))} (min ${seconds(Math.min(...lags))}, max ${seconds(Math.max(...lags))}); ` +
        `${median(rateLimited)} rate-limited GitHub reads a run`,
      aim: '≤ 1 s (wait-for-vercel-preview: median 1.3 s)',
    },
    {
      what: `rate-limited (non-304) GitHub requests, 3-minute wait (clock ×${speed})`,
      // Only the count: on the scaled clock each real millisecond of a request is `speed` ms, so the lag there
      // measures the machine; the bundle's row above measures the lag.
      figure: `${wait.rateLimited} of ${wait.requests} requests (the other ${wait.notModified} answered 304)`,
      aim: `≤ 12 for ${GITHUB_BUILD_MS / 60_000} minutes`,
    },
  ];
}
