// `npm run demo`: starts the simulated world on 127.0.0.1 and runs the real bundle (`node dist/index.js`, as
// the GitHub runner runs it) through four scenarios, printing what a user would see, then the same engine
// from a shell (`dist/cli/index.js`). No accounts needed.
import { existsSync } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import { join, relative, resolve } from 'node:path';
import { type BundleRun, runBundle, runNode } from '../test/support/run-bundle.js';
import { type DeploySpec, startWorld, type World } from '../test/world/index.js';
import type { Mode } from '../test/world/sample-app.js';

const root = resolve(import.meta.dirname, '..');
const out = join(root, '.tmp', 'demo');

interface Scenario {
  title: string;
  story: string;
  app: Mode;
  deploy: Omit<DeploySpec, 'sha'>;
}

const scenarios: Scenario[] = [
  {
    title: 'Healthy preview',
    story:
      'A pull request is pushed; Vercel builds for 3 s. The gate finds the deployment by commit, follows the build, then probes.',
    app: 'healthy',
    deploy: { buildMs: 3000 },
  },
  {
    title: 'Degraded payment',
    story:
      'Stripe is failing, the endpoint answers 206 degraded. With the default `fail-on: unhealthy` the step passes, with a warning.',
    app: 'degraded',
    deploy: { buildMs: 1000 },
  },
  {
    title: 'Database down',
    story:
      'PostgreSQL is unreachable, the endpoint answers 503 unhealthy. The step fails and says what to check.',
    app: 'unhealthy',
    deploy: { buildMs: 1000 },
  },
  {
    title: 'Failed build',
    story:
      'The Vercel build fails. The gate stops at once with Vercel’s error and the inspector link, without probing.',
    app: 'healthy',
    deploy: { buildMs: 1500, outcome: 'ERROR', errorMessage: 'Command "npm run build" exited with 1' },
  },
];

const bold = (s: string) => (process.stdout.isTTY ? `\u001b[1m${s}\u001b[22m` : s);
const dim = (s: string) => (process.stdout.isTTY ? `\u001b[2m${s}\u001b[22m` : s);

/** The step log as the GitHub UI shows it: commands rendered, masks and debug lines hidden. */
function showLog(run: BundleRun): string[] {
  const lines: string[] = [];
  for (const line of run.stdout.split('\n')) {
    if (!line || line.startsWith('::add-mask::') || line.startsWith('::debug::')) continue;
    const command = /^::(error|warning|notice)(?: title=([^:]*))?::(.*)$/.exec(line);
    if (command) {
      const [, level = '', title, message = ''] = command;
      lines.push(
        `${level.toUpperCase()}${title ? ` [${title.replace(/%3A/g, ':').replace(/%2C/g, ',')}]` : ''}: ${message.replace(/%0A/g, ' ')}`,
      );
    } else {
      lines.push(line);
    }
  }
  return lines;
}

async function runScenario(world: World, scenario: Scenario, index: number): Promise<BundleRun> {
  const sha = `${index + 1}`.repeat(7) + 'a'.repeat(33);
  world.app.setMode(scenario.app);
  world.deploy({ ...scenario.deploy, sha });
  const dir = join(out, `${index + 1}-${scenario.title.toLowerCase().replace(/\W+/g, '-')}`);
  await rm(dir, { recursive: true, force: true });
  await mkdir(dir, { recursive: true });

  console.log(`\n${bold(`━━ ${index + 1}. ${scenario.title}`)}`);
  console.log(dim(scenario.story));
  console.log(dim(`$ node dist/index.js   (INPUT_VERCEL-PROJECT=shop, INPUT_SHA=${sha.slice(0, 7)}…)`));
  const run = await runBundle({
    dir,
    inputs: { ...world.vercelInputs({ sha }), 'github-token': world.githubToken },
    env: world.runnerEnv(),
  });
  for (const line of showLog(run)) console.log(`  │ ${line}`);
  const outputs = ['status', 'reason', 'deployment-id', 'sha', 'environment']
    .map((name) => `${name}=${run.outputs[name] ?? ''}`)
    .join('  ');
  console.log(`  outputs: ${outputs}`);
  console.log(
    `  step ${run.code === 0 ? 'passed ✅' : `failed ❌ (exit ${run.code})`} · job summary: ${relative(process.cwd(), join(dir, 'summary.md'))} · JSON report: ${relative(process.cwd(), run.outputs['report-path'] ?? '')}`,
  );
  return run;
}

/** The same engine on the command line (`dist/cli/index.js`, the package's `bin`). */
async function fromAShell(world: World): Promise<void> {
  world.app.setMode('healthy');
  const args = ['dist/cli/index.js', '--deployment-url', world.app.url, '--health-timeout', '5s'];
  console.log(`\n${bold('━━ The same engine from a shell')}`);
  console.log(dim(`$ node ${args.join(' ')}`));
  // A clean environment, as in the scenarios: no token a developer has exported reaches a real service.
  const env = { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? root };
  const { code, stdout } = await runNode(args, { cwd: root, env });
  console.log(stdout.trimEnd());
  console.log(dim(`exit status ${code}`));
}

async function main(): Promise<void> {
  if (!existsSync(join(root, 'dist', 'index.js'))) {
    console.error('dist/index.js is missing: run `npm run build` first.');
    process.exit(1);
  }
  const world = await startWorld();
  console.log(bold('Deployment Health Gate — demo against a simulated world on 127.0.0.1'));
  console.log(
    dim(`Vercel API ${world.vercel.url} · GitHub API ${world.github.url} · sample app ${world.app.url}`),
  );
  try {
    const results: Array<[string, BundleRun]> = [];
    for (const [index, scenario] of scenarios.entries()) {
      results.push([scenario.title, await runScenario(world, scenario, index)]);
    }
    console.log(`\n${bold('Summary')}`);
    for (const [title, run] of results) {
      console.log(
        `  ${run.code === 0 ? '✅' : '❌'} ${title.padEnd(18)} ${run.outputs.status}/${run.outputs.reason}`,
      );
    }
    console.log(
      dim(
        `\nVercel API requests in all: ${world.vercel.requests.length}. Open a summary.md above to see the job summary.`,
      ),
    );
    await fromAShell(world);
  } finally {
    await world.close();
  }
}

await main();
