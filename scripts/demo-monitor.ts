// The demo's monitor story: the monitor's bundle (`node dist/monitor/index.js`, as a scheduled workflow runs
// `uses: …/monitor@v0`) checks production five times against the simulated world — healthy, a first failing
// run (not confirmed yet: one bad run is a blip), a second (confirmed: one incident issue and one Rollbar item),
// a first healthy run (the incident stays open), a second (resolved: the issue closed with its duration). Each
// run is one line from its outputs; then what the repository holds: the data branch's commits and files, the
// issue, Rollbar's items and the JSON report. The runs come a second or two apart instead of five minutes.
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';
import { dashboardConfig, siteFiles } from '../src/dashboard/site-files.js';
import { type BundleRun, runBundle } from '../test/support/run-bundle.js';
import type { World } from '../test/world/index.js';
import type { Mode } from '../test/world/sample-app.js';
import { bold, clip, dim, oneLine, plain, row, showLog } from './demo-log.js';

const BRANCH = 'deployment-health-data';
const TARGET = 'shop';

type IncidentState = 'none' | 'opened' | 'ongoing' | 'updated' | 'resolved';

interface MonitorRun {
  app: Mode;
  story: string;
  /** What the run's outputs must say; anything else fails the demo. */
  expect: { status: string; confirmed: string; incident: IncidentState; exit: number; openIssues: number };
}

const runs: MonitorRun[] = [
  {
    app: 'healthy',
    story: 'production is healthy',
    expect: { status: 'healthy', confirmed: 'healthy', incident: 'none', exit: 0, openIssues: 0 },
  },
  {
    app: 'unhealthy',
    story: 'the database goes down: one failing run could be a blip, so nothing is opened yet',
    expect: { status: 'unhealthy', confirmed: 'healthy', incident: 'none', exit: 0, openIssues: 0 },
  },
  {
    app: 'unhealthy',
    story: 'still down: the second failing run in a row confirms it (`failure-threshold: 2`)',
    expect: { status: 'unhealthy', confirmed: 'unhealthy', incident: 'opened', exit: 1, openIssues: 1 },
  },
  {
    app: 'healthy',
    story: 'the database is back: one healthy run is not a recovery yet',
    expect: { status: 'healthy', confirmed: 'unhealthy', incident: 'ongoing', exit: 1, openIssues: 1 },
  },
  {
    app: 'healthy',
    story: 'healthy again (`success-threshold: 2`): the incident is resolved',
    expect: { status: 'healthy', confirmed: 'healthy', incident: 'resolved', exit: 0, openIssues: 0 },
  },
];

interface TargetOutput {
  status?: string;
  reason?: string;
  confirmed?: string;
  incident?: { state?: IncidentState; url?: string | null };
}

/** The target's entry of the `targets` output (JSON), or an empty object when it is missing or not JSON. */
function targetOutput(run: BundleRun): TargetOutput {
  try {
    return (JSON.parse(run.outputs.targets ?? '{}') as Record<string, TargetOutput>)[TARGET] ?? {};
  } catch {
    return {};
  }
}

const issueNumber = (url: string | null | undefined) => /\/issues\/(\d+)$/.exec(url ?? '')?.[1];

/** `run 3 · shop unhealthy · confirmed unhealthy · incident opened #1 · history c122975 · exit 1` */
function runLine(index: number, run: BundleRun, target: TargetOutput): string {
  const number = issueNumber(target.incident?.url);
  const incident =
    {
      none: 'no incident',
      opened: `incident opened #${number}`,
      ongoing: `incident #${number} still open`,
      updated: `incident #${number} updated`,
      resolved: `incident resolved #${number} (issue closed)`,
    }[target.incident?.state ?? 'none'] ?? `incident ${target.incident?.state}`;
  const status = `${target.status ?? '?'}${target.reason && target.reason !== 'ok' ? ` (${target.reason})` : ''}`;
  const commit = run.outputs['history-commit'];
  return [
    `run ${index + 1}`,
    `${TARGET} ${status}`,
    `confirmed ${target.confirmed ?? '?'}`,
    incident,
    commit ? `history ${commit.slice(0, 7)}` : 'no history commit',
    `exit ${run.code}`,
  ].join(' · ');
}

/**
 * What the log says about incidents and the verdict (the lines after the history is written), and any warning:
 * a few lines, not the whole step log.
 */
function logHighlights(stdout: string): string[] {
  const lines = showLog(stdout);
  const written = lines.findIndex((line) => line.startsWith('History written'));
  const incidentLines = lines.filter((line) => /^(Opened|Closed|Commented on) incident|^Rollbar:/.test(line));
  const warnings = lines.filter((line) => line.startsWith('WARNING'));
  const verdict = written < 0 ? [] : lines.slice(written + 1);
  return [...new Set([...warnings, ...incidentLines, ...verdict])].map((line) => clip(line, 150));
}

/** One scheduled run of the monitor's bundle, its line, and whether it ended as the story says. */
async function scheduledRun(
  world: World,
  inputs: Record<string, string>,
  step: MonitorRun,
  index: number,
  out: string,
): Promise<[BundleRun, boolean]> {
  world.app.setMode(step.app);
  const dir = join(out, `run-${index + 1}`);
  await rm(dir, { recursive: true, force: true });
  await mkdir(dir, { recursive: true });
  const run = await runBundle({
    entry: 'monitor',
    dir,
    event: { name: 'schedule', payload: { schedule: '*/5 * * * *' } },
    inputs,
    env: world.runnerEnv(),
  });
  const target = targetOutput(run);
  console.log(`\n  ${bold(runLine(index, run, target))}`);
  console.log(dim(`  ${step.story}`));
  for (const line of logHighlights(run.stdout)) console.log(`  │ ${line}`);
  const openIssues = world.github.issues.all().filter((issue) => issue.state === 'open').length;
  const ok =
    target.status === step.expect.status &&
    target.confirmed === step.expect.confirmed &&
    (target.incident?.state ?? 'none') === step.expect.incident &&
    run.code === step.expect.exit &&
    openIssues === step.expect.openIssues;
  if (!ok) {
    console.log(
      `  UNEXPECTED: run ${index + 1} should be ${step.expect.status}, confirmed ${step.expect.confirmed}, ` +
        `incident ${step.expect.incident}, exit ${step.expect.exit}, ${step.expect.openIssues} open issue(s); ` +
        `it is ${target.status}, confirmed ${target.confirmed}, incident ${target.incident?.state}, exit ${run.code}, ${openIssues}.`,
    );
  }
  return [run, ok];
}

/** The incident issue after run 3 and after the last run: number, title, labels, state, closing comment. */
function showIssue(world: World, number: number): boolean {
  const issue = world.github.issues.get(number);
  if (!issue) {
    row('GitHub issue', `#${number} (missing)`);
    return false;
  }
  row(
    'GitHub issue',
    `#${issue.number} "${issue.title}" · label ${issue.labels.join(', ')} · ${issue.state}`,
  );
  const comments = world.github.issues.comments(number);
  for (const comment of comments) {
    const first = plain((comment.body ?? '').split('\n').find((line) => line.trim()) ?? '');
    row('  comment', clip(first, 150));
  }
  return issue.state === 'closed' && comments.length > 0;
}

/** The data branch: one commit per run, each `[skip ci]` (no workflow runs for the monitor's own writes). */
function showDataBranch(world: World, commitsBefore: number, runCount: number): boolean {
  const commits = world.github.git.commits(BRANCH);
  const mine = commits.slice(0, commits.length - commitsBefore);
  const skipCi = mine.every((commit) => commit.message.trimEnd().endsWith('[skip ci]'));
  row(
    'data branch',
    `${BRANCH}: ${mine.length} commits, one per run${skipCi ? ', every message ends in [skip ci]' : ' (NOT all [skip ci])'}`,
  );
  if (mine[0]) row('', dim(`newest: "${oneLine(mine[0].message)}"`));
  row('', dim('squashed to one commit once a day (`history-squash: 24h`), so the repository stops growing'));
  const files = world.github.git.files(BRANCH);
  row('  files', `${files.size}`);
  for (const [path, text] of [...files].sort(([a], [b]) => a.localeCompare(b))) {
    row('', `${path.padEnd(34)} ${Buffer.byteLength(text).toLocaleString('en-US')} bytes`);
  }
  return mine.length === runCount && skipCi;
}

/** Rollbar's items since `itemsBefore`: the incident's (one fingerprint), opened then resolved. */
function showRollbarItems(world: World, itemsBefore: number): boolean {
  const items = world.rollbar.itemData().slice(itemsBefore);
  const fingerprints = new Set(items.map((item) => String(item.fingerprint ?? '')));
  row(
    'Rollbar items',
    `${items.length} occurrences, ${fingerprints.size} fingerprint (one item per incident)`,
  );
  for (const item of items) {
    const notice = String((item.custom as { notice?: string } | undefined)?.notice ?? '');
    row(
      '',
      clip(
        `${String(item.level ?? '').padEnd(6)} ${notice.padEnd(9)} ${item.title ?? ''} · fingerprint ${String(item.fingerprint ?? '')}`,
        150,
      ),
    );
  }
  return items.length >= 2 && fingerprints.size === 1;
}

/**
 * The dashboard of the story: the data branch's files (the page at its root and the `data/` it reads, as
 * GitHub Pages "Deploy from a branch" publishes them) written to `<out>/dashboard/`, and how to open it.
 * True when the folder holds the page and its data.
 */
async function writeDashboard(world: World, out: string): Promise<boolean> {
  const dir = join(out, 'dashboard');
  await rm(dir, { recursive: true, force: true });
  const files = new Map(world.github.git.files(BRANCH));
  // The monitor writes the page at the branch's root (`dashboard: true`); a bundle without it gets the site here.
  if (!files.has('index.html')) {
    const site = siteFiles(
      dashboardConfig({ serverUrl: 'https://github.com', owner: '', repo: '', workflowRef: undefined }),
    );
    for (const [path, text] of Object.entries(site)) files.set(path, text);
  }
  for (const [path, text] of files) {
    await mkdir(dirname(join(dir, path)), { recursive: true });
    await writeFile(join(dir, path), text);
  }
  const near = relative(process.cwd(), dir);
  const shown = near.startsWith('..') ? dir : near;
  row('dashboard', `${shown}/ (index.html, assets/, dashboard.json and data/: the data branch's files)`);
  // The page reads its data with fetch, which browsers refuse for file:// pages: it is opened through our CLI.
  row('  open it', `npx deployment-health-gate dashboard --history dir:${shown} --serve 127.0.0.1:8080`);
  row('', dim('then http://127.0.0.1:8080/ in a browser; on GitHub, Pages publishes the data branch itself'));
  return files.has('index.html') && [...files.keys()].some((path) => path === 'data/state.json');
}

/** Runs the story; true when every run and what it left behind are as the story says. */
export async function monitorStory(world: World, out: string, index: number): Promise<boolean> {
  const dir = join(out, 'monitor');
  const inputs = {
    targets: `${TARGET}=${world.app.url}`,
    history: `branch:${BRANCH}`,
    incidents: 'issue',
    'github-token': world.githubToken,
    'rollbar-token': world.rollbar.token,
    'rollbar-endpoint': world.rollbar.url,
    samples: '2',
    'sample-interval': '1s',
    'request-timeout': '2s',
  };
  console.log(`\n${bold(`━━ ${index}. Monitor production`)}`);
  console.log(
    dim(
      'A scheduled workflow (`on: schedule`, every 5 minutes) runs the monitor: 2 health requests per run, history ' +
        `on the \`${BRANCH}\` branch (written through the GitHub API, no checkout), one GitHub issue per outage. ` +
        'Here the runs follow each other at once.',
    ),
  );
  console.log(
    dim(
      `$ node dist/monitor/index.js   (targets: ${TARGET}=${world.app.url}, history: branch:${BRANCH}, incidents: issue, samples: 2, sample-interval: 1s)`,
    ),
  );
  const itemsBefore = world.rollbar.items.length;
  const issuesBefore = world.github.issues.all().length;
  const commitsBefore = world.github.git.commits(BRANCH).length;
  let allOk = true;
  let last: BundleRun | undefined;
  let opened: number | undefined;
  for (const [i, step] of runs.entries()) {
    const [run, ok] = await scheduledRun(world, inputs, step, i, dir);
    allOk &&= ok;
    last = run;
    if (step.expect.incident === 'opened') {
      const issue = world.github.issues.all().slice(issuesBefore)[0];
      opened = issue?.number;
      if (issue) {
        row(
          'GitHub issue',
          `#${issue.number} "${issue.title}" · label ${issue.labels.join(', ')} · ${issue.state}`,
        );
      }
    }
  }

  console.log(`\n  ${bold('What the repository holds afterwards')}`);
  const newIssues = world.github.issues.all().slice(issuesBefore);
  allOk &&= newIssues.length === 1;
  if (opened === undefined) {
    row('GitHub issue', '(none opened)');
    allOk = false;
  } else {
    allOk &&= showIssue(world, opened);
  }
  allOk &&= showDataBranch(world, commitsBefore, runs.length);
  allOk &&= showRollbarItems(world, itemsBefore);
  if (last) {
    row('JSON report', relative(process.cwd(), last.outputs['report-path'] ?? ''));
    row('job summary', relative(process.cwd(), join(last.dir, 'summary.md')));
  }
  allOk &&= await writeDashboard(world, out);
  if (!allOk) console.log('  UNEXPECTED: the monitor story did not end as the demo expects.');
  return allOk;
}
