#!/usr/bin/env node
import { mapStackTraces } from './util/stack-traces.js';

// Stack traces name src/ files and lines (see util/stack-traces.ts), from the start; then the CLI's code is
// loaded.
mapStackTraces(import.meta.url);
const [{ lineWriter }, { runCli }, { abortOnSignals }] = await Promise.all([
  import('./cli/line-writer.js'),
  import('./cli/main.js'),
  import('./util/signals.js'),
]);

const controller = new AbortController();
abortOnSignals(controller);
// The first Ctrl-C (or SIGTERM) lets the gate stop and say so; the same signal again means now. A runner's
// SIGINT-then-SIGTERM is one cancel, and still gets its seconds to complete the reports.
const seen = new Set<NodeJS.Signals>();
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (seen.has(signal)) process.exit(signal === 'SIGINT' ? 130 : 143);
    seen.add(signal);
  });
}
process.exitCode = await runCli(process.argv.slice(2), {
  env: process.env,
  cwd: process.cwd(),
  stdout: lineWriter(process.stdout),
  stderr: lineWriter(process.stderr),
  signal: controller.signal,
});
