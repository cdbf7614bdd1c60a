// `npm run demo`: starts the simulated world on 127.0.0.1 and runs the real bundle (`node dist/index.js`, as
// the GitHub runner runs it) through six scenarios — four previews, then a promotion and a rollback on
// production — printing the step log, then what a reviewer sees afterwards: the GitHub check run (read back
// from the GitHub simulator), the GitHub deployment status, Rollbar's deploy and items (from the Rollbar
// simulator) and, on production, what Vercel did. Then the monitor's story (demo-monitor.ts: scheduled runs of
// `node dist/monitor/index.js`, an outage that opens an incident and a recovery that closes it). Last, the
// same engine from a shell (`dist/cli/index.js`).
// No accounts needed, and nothing leaves 127.0.0.1.
import { existsSync } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import { join, relative, resolve } from 'node:path';
import { type BundleRun, runBundle, runNode } from '../test/support/run-bundle.js';
import { type DeploySpec, startWorld, type World } from '../test/world/index.js';
import type { Mode } from '../test/world/sample-app.js';
import type { SimDeployment } from '../test/world/vercel-api.js';
import { baselineStory } from './demo-baselines.js';
import { bold, clip, dim, oneLine, plain, row, showLog } from './demo-log.js';
import { monitorStory } from './demo-monitor.js';

const root = resolve(import.meta.dirname, '..');
// Where each scenario's runner files go (summary.md, the JSON report); `DEMO_OUT` moves them (the demo's test).
const out = process.env.DEMO_OUT ? resolve(process.env.DEMO_OUT) : join(root, '.tmp', 'demo');
const CHECK_NAME = 'Deployment health';

interface Scenario {
  title: string;
  story: string;
  app: Mode;
  deploy: Omit<DeploySpec, 'sha'>;
  /** Extra inputs of the step (beyond the Vercel lookup, GitHub and Rollbar ones). */
  inputs?: Record<string, string>;
  /** What the world must look like before the gate runs (a live production, a staged build). */
  setUp?: (world: World, deployment: SimDeployment) => Promise<void>;
  /** The `status` output this scenario is meant to show; anything else fails the demo. */
  expect: 'healthy' | 'degraded' | 'unhealthy';
  /** For production scenarios: which deployment must serve production afterwards. */
  expectProduction?: 'this' | 'previous';
}

const production = {
  environment: 'production',
  'vercel-check': CHECK_NAME,
};

const scenarios: Scenario[] = [
  {
    title: 'Healthy preview',
    story:
      'A pull request is pushed; Vercel builds for 3 s. The gate finds the deployment by commit, follows the build, then probes.',
    app: 'healthy',
    deploy: { buildMs: 3000 },
    expect: 'healthy',
  },
  {
    title: 'Degraded payment',
    story:
      'Stripe is failing, the endpoint answers 206 degraded. With the default `fail-on: unhealthy` the step passes, with a warning.',
    app: 'degraded',
    deploy: { buildMs: 1000 },
    expect: 'degraded',
  },
  {
    title: 'Database down',
    story:
      'PostgreSQL is unreachable, the endpoint answers 503 unhealthy. The step fails and says what to check.',
    app: 'unhealthy',
    deploy: { buildMs: 1000 },
    expect: 'unhealthy',
  },
  {
    title: 'Failed build',
    story:
      'The Vercel build fails. The gate stops at once with Vercel’s error and the inspector link, without probing.',
    app: 'healthy',
    deploy: { buildMs: 1500, outcome: 'ERROR', errorMessage: 'Command "npm run build" exited with 1' },
    expect: 'unhealthy',
  },
  {
    title: 'Promote a healthy build',
    story:
      'Production is built with automatic domain assignment off (`vercel deploy --prod --skip-domain`): the build waits, staged. With `promote: true` the gate promotes it once healthy, and completes the Vercel check first.',
    app: 'healthy',
    deploy: { buildMs: 1000, target: 'production' },
    inputs: { ...production, promote: 'true' },
    setUp: async (world, deployment) => {
      world.vercel.production.stage(deployment);
    },
    expect: 'healthy',
    expectProduction: 'this',
  },
  {
    title: 'Roll back a broken build',
    story:
      'A production build goes live on its own (automatic domain assignment) and its database is down. With `rollback-on-unhealthy: true` the gate restores the previous production deployment.',
    app: 'unhealthy',
    deploy: { buildMs: 1000, target: 'production' },
    inputs: { ...production, 'rollback-on-unhealthy': 'true' },
    expect: 'unhealthy',
    expectProduction: 'previous',
  },
];

/** The check run as a reviewer sees it on the pull request's Checks tab, read back from the GitHub simulator. */
function showCheckRun(world: World, sha: string): void {
  const run = world.github.findCheckRun({ head_sha: sha });
  if (!run) {
    row('GitHub check run', '(none)');
    return;
  }
  row(
    'GitHub check run',
    `"${run.name}" · ${run.status}${run.conclusion ? ` · conclusion ${run.conclusion}` : ''} · ${run.history.length} updates`,
  );
  row('  title', run.output.title ?? '');
  // The top of the summary (verdict, what to do, whether the gate passes), then the names of its sections
  // (tables that do not read as terminal text). GitHub's alert markers (`[!CAUTION]`) and the title go.
  const lines = (run.output.summary ?? '').split('\n');
  const firstSection = lines.findIndex((line) => line.startsWith('### '));
  const top = (firstSection < 0 ? lines : lines.slice(0, firstSection))
    .map(plain)
    .filter((line) => line && !/^[|-]|^\[!\w+\]$/.test(line) && line !== run.output.title);
  const sections = lines.filter((line) => line.startsWith('### ')).map(plain);
  for (const [i, line] of top.slice(0, 4).entries()) row(i === 0 ? '  summary' : '', clip(line, 150));
  if (sections.length > 0) row('', dim(`then: ${sections.join(' · ')}`));
  row('  annotations', `${run.annotations.length}`);
  for (const a of run.annotations.slice(0, 6)) {
    row(
      '',
      clip(
        `${a.annotation_level.padEnd(7)} ${a.path}:${a.start_line}  ${a.title ? `${a.title} — ` : ''}${oneLine(a.message)}`,
        150,
      ),
    );
  }
  if (run.annotations.length > 6) row('', dim(`… ${run.annotations.length - 6} more`));
}

/** The deployment the gate reported on in GitHub's Deployments view, with its newest status. */
function showDeploymentStatus(world: World, sha: string): void {
  const deployment = world.github.deployments.find((d) => d.sha === sha);
  const status = deployment?.statuses[0];
  if (!deployment || !status) {
    row('GitHub deployment', '(none)');
    return;
  }
  row(
    'GitHub deployment',
    `${deployment.environment} · ${status.state}${status.description ? ` · "${status.description}"` : ''}`,
  );
  if (status.environment_url) row('', `environment ${status.environment_url} · log ${status.log_url ?? ''}`);
}

/** Rollbar's deploy for `sha` (its statuses as sent) and the items sent since `itemsBefore`, from the Rollbar simulator. */
function showRollbar(world: World, sha: string, itemsBefore: number): void {
  const deploy = [...world.rollbar.deploys.values()].find((d) => d.revision === sha);
  if (!deploy) {
    row('Rollbar deploy', '(none)');
  } else {
    const statuses = world.rollbar.requests
      .filter(
        (r) =>
          (r.method === 'POST' &&
            r.path === '/api/1/deploy' &&
            (r.body as { revision?: string })?.revision === sha) ||
          (r.method === 'PATCH' && r.path === `/api/1/deploy/${deploy.id}`),
      )
      .map((r) => (r.body as { status?: string } | undefined)?.status)
      .filter((s): s is string => typeof s === 'string');
    row('Rollbar deploy', `#${deploy.id} ${deploy.environment} · ${statuses.join(' → ') || deploy.status}`);
    if (deploy.comment) row('', clip(`"${oneLine(deploy.comment)}"`, 150));
  }
  const items = world.rollbar.itemData().slice(itemsBefore);
  row(
    'Rollbar items',
    items.length === 0 ? 'none (no rule with a Rollbar channel triggered)' : `${items.length}`,
  );
  for (const item of items) {
    const title = String(item.title ?? '');
    const fingerprint = String(item.fingerprint ?? '').slice(0, 8);
    row('', clip(`${String(item.level ?? '').padEnd(8)} ${title} · fingerprint ${fingerprint}…`, 150));
  }
}

/** Production on Vercel after the run, and the Vercel check run the gate completed. */
function showVercel(
  world: World,
  deployment: SimDeployment,
  liveBefore: string | undefined,
  requestsBefore: number,
): string {
  const current = world.vercel.production.current('shop')?.id;
  for (const request of world.vercel.production.requests.slice(requestsBefore)) {
    const verb = request.type === 'promote' ? 'PROMOTED' : 'ROLLED BACK';
    row(
      `Vercel ${request.type}`,
      `${verb}: production ${request.fromDeploymentId ?? '(none)'} → ${request.toDeploymentId} (${request.outcome})`,
    );
  }
  row(
    'Vercel production',
    `before ${liveBefore ?? '(none)'} · now ${current ?? '(none)'}${current === deployment.id ? ' (this build)' : current === liveBefore ? ' (the previous build)' : ''}`,
  );
  for (const run of world.vercel.checks.runsOf(deployment)) {
    row('Vercel check', `"${run.check.name}" · ${run.history.join(' → ')} · ${run.conclusion ?? ''}`);
  }
  return current ?? '';
}

async function runScenario(world: World, scenario: Scenario, index: number): Promise<[BundleRun, boolean]> {
  const sha = `${index + 1}`.repeat(7) + 'a'.repeat(33);
  world.app.setMode(scenario.app);
  const liveBefore = world.vercel.production.current('shop')?.id;
  const deployment = world.deploy({ ...scenario.deploy, sha });
  await scenario.setUp?.(world, deployment);
  const itemsBefore = world.rollbar.items.length;
  const vercelRequestsBefore = world.vercel.production.requests.length;
  const dir = join(out, `${index + 1}-${scenario.title.toLowerCase().replace(/\W+/g, '-')}`);
  await rm(dir, { recursive: true, force: true });
  await mkdir(dir, { recursive: true });

  const inputs = {
    ...world.vercelInputs({ sha }),
    'github-token': world.githubToken,
    'rollbar-token': world.rollbar.token,
    'rollbar-endpoint': world.rollbar.url,
    ...scenario.inputs,
  };
  const shown = Object.entries(scenario.inputs ?? {})
    .map(([name, value]) => `${name}: ${value}`)
    .join(', ');
  console.log(`\n${bold(`━━ ${index + 1}. ${scenario.title}`)}`);
  console.log(dim(scenario.story));
  console.log(
    dim(
      `$ node dist/index.js   (vercel-project: shop, sha: ${sha.slice(0, 7)}…${shown ? `, ${shown}` : ''})`,
    ),
  );
  const run = await runBundle({ dir, inputs, env: world.runnerEnv() });
  for (const line of showLog(run.stdout)) console.log(`  │ ${line}`);
  const outputs = ['status', 'reason', 'deployment-id', 'environment']
    .map((name) => `${name}=${run.outputs[name] ?? ''}`)
    .join('  ');
  console.log(`  outputs: ${outputs}`);
  console.log(
    `  step ${run.code === 0 ? 'passed ✅' : `failed ❌ (exit ${run.code})`} · job summary: ${relative(process.cwd(), join(dir, 'summary.md'))} · JSON report: ${relative(process.cwd(), run.outputs['report-path'] ?? '')}`,
  );

  console.log(`\n  ${bold('What a reviewer sees afterwards')}`);
  showCheckRun(world, sha);
  showDeploymentStatus(world, sha);
  showRollbar(world, sha, itemsBefore);
  let ok = run.outputs.status === scenario.expect;
  if (scenario.expectProduction) {
    const current = showVercel(world, deployment, liveBefore, vercelRequestsBefore);
    ok &&= current === (scenario.expectProduction === 'this' ? deployment.id : liveBefore);
  }
  if (!ok) console.log(`  UNEXPECTED: this scenario did not end as the demo expects (${scenario.expect}).`);
  return [run, ok];
}

/** A production deployment serving production, so there is something to promote over and roll back to. */
async function liveProduction(world: World): Promise<void> {
  const live = world.deploy({ sha: `${'0'.repeat(7)}${'b'.repeat(33)}`, target: 'production', buildMs: 50 });
  const deadline = Date.now() + 5000;
  while (world.vercel.production.current('shop')?.id !== live.id && Date.now() < deadline) {
    await new Promise((done) => setTimeout(done, 25));
  }
  world.vercel.checks.add('shop', { name: CHECK_NAME });
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
  const missing = ['index.js', 'monitor/index.js'].find((file) => !existsSync(join(root, 'dist', file)));
  if (missing) {
    console.error(`dist/${missing} is missing: run \`npm run build\` first.`);
    process.exit(1);
  }
  const world = await startWorld();
  console.log(bold('Deployment Health Gate — demo against a simulated world on 127.0.0.1'));
  console.log(
    dim(
      `Vercel API ${world.vercel.url} · GitHub API ${world.github.url} · Rollbar API ${world.rollbar.url} · sample app ${world.app.url}`,
    ),
  );
  let allAsExpected = true;
  try {
    const results: Array<[string, BundleRun]> = [];
    for (const [index, scenario] of scenarios.entries()) {
      if (scenario.expectProduction && !world.vercel.production.current('shop')) await liveProduction(world);
      const [run, ok] = await runScenario(world, scenario, index);
      allAsExpected &&= ok;
      results.push([scenario.title, run]);
    }
    console.log(`\n${bold('Summary')}`);
    for (const [title, run] of results) {
      console.log(
        `  ${run.code === 0 ? '✅' : '❌'} ${title.padEnd(26)} ${run.outputs.status}/${run.outputs.reason}`,
      );
    }
    console.log(
      dim(
        `\nVercel API requests in all: ${world.vercel.requests.length}. Open a summary.md above to see the whole job summary.`,
      ),
    );
    allAsExpected = (await monitorStory(world, out, scenarios.length + 1)) && allAsExpected;
    allAsExpected = (await baselineStory(world, out, scenarios.length + 2)) && allAsExpected;
    await fromAShell(world);
  } finally {
    await world.close();
  }
  if (!allAsExpected) {
    console.error('\nSome scenario did not end as expected (see UNEXPECTED above).');
    process.exitCode = 1;
  }
}

await main();
