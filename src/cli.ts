#!/usr/bin/env node
import { runCli } from './cli/main.js';
import { abortOnSignals } from './runner/signals.js';

const controller = new AbortController();
abortOnSignals(controller);
// The first Ctrl-C (or SIGTERM) lets the gate stop and say so; a second one means now.
let interrupted = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (interrupted) process.exit(signal === 'SIGINT' ? 130 : 143);
    interrupted = true;
  });
}
process.exitCode = await runCli(process.argv.slice(2), {
  env: process.env,
  cwd: process.cwd(),
  stdout: (line) => process.stdout.write(`${line}\n`),
  stderr: (line) => process.stderr.write(`${line}\n`),
  signal: controller.signal,
});
