#!/usr/bin/env node
import { runCli } from './cli/main.js';
import { abortOnSignals } from './runner/signals.js';

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
  stdout: (line) => process.stdout.write(`${line}\n`),
  stderr: (line) => process.stderr.write(`${line}\n`),
  signal: controller.signal,
});
