// `npm run world`: starts the simulated world (Vercel, GitHub and Rollbar APIs and the sample app, all on
// 127.0.0.1) and keeps it up until it is stopped (SIGINT/SIGTERM), so anything can run the gate against it:
// the self-test workflow (`.github/workflows/self-test.yml`, `uses: ./`), the CLI, or a person trying inputs.
//
// It stages two preview deployments of the project `shop`: `sha` builds and becomes READY, `failed-sha`
// fails its build. The sample app answers healthy; POST `{"mode":"degraded"}` (or unhealthy, flaky, …) to
// `control-url` to change that. What to pass the gate is printed as `key=value` lines on standard output
// and, with `--output <file>`, written to that file once every server listens (so a workflow step can wait
// for the file and append it to `$GITHUB_OUTPUT`).
//
// On SIGINT/SIGTERM it stops every server and exits 0 when every request the Vercel and GitHub simulators saw
// matched their APIs' own descriptions, 1 (naming the request) otherwise.
import { rename, writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { startWorld } from '../test/world/index.js';
import { CONTROL_PATH } from '../test/world/sample-app.js';

const { values } = parseArgs({ options: { output: { type: 'string' } } });

const PROJECT = 'shop';
const SHA = 'c0ffee0000000000000000000000000000000001';
const FAILED_SHA = 'c0ffee0000000000000000000000000000000002';

const world = await startWorld();
world.deploy({ sha: SHA, project: PROJECT, buildMs: 500 });
world.deploy({
  sha: FAILED_SHA,
  project: PROJECT,
  buildMs: 500,
  outcome: 'ERROR',
  errorMessage: 'Command "npm run build" exited with 1',
});

const facts: Record<string, string> = {
  'vercel-api-url': world.vercel.url,
  'vercel-token': world.vercelToken,
  'vercel-project': PROJECT,
  sha: SHA,
  'failed-sha': FAILED_SHA,
  'github-api-url': world.github.url,
  'github-token': world.githubToken,
  'rollbar-endpoint': world.rollbar.url,
  'rollbar-token': world.rollbar.token,
  'app-url': world.app.url,
  'control-url': `${world.app.origin}${CONTROL_PATH}`,
  'protection-bypass': world.bypassSecret,
  pid: String(process.pid),
};
const lines = `${Object.entries(facts)
  .map(([key, value]) => `${key}=${value}`)
  .join('\n')}\n`;

process.stdout.write(lines);
if (values.output) {
  // Written whole, then renamed: a reader waiting for the file never sees half of it.
  const file = resolve(values.output);
  await writeFile(`${file}.partial`, lines);
  await rename(`${file}.partial`, file);
}
console.error('world: up; stop it with SIGINT or SIGTERM');

let stopping = false;
const stop = async (signal: string) => {
  if (stopping) return;
  stopping = true;
  console.error(`world: ${signal}, stopping`);
  try {
    await world.close();
    console.error('world: stopped; every Vercel and GitHub request matched the APIs’ own descriptions');
    process.exit(0);
  } catch (error) {
    console.error(`world: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  }
};
process.on('SIGINT', () => void stop('SIGINT'));
process.on('SIGTERM', () => void stop('SIGTERM'));
