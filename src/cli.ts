#!/usr/bin/env node
import { runCli } from './cli/main.js';
import { abortOnSignals } from './runner/signals.js';

const controller = new AbortController();
abortOnSignals(controller);
// The first Ctrl-C lets the gate stop and say so; a second one means now.
let interrupted = false;
process.on('SIGINT', () => {
  if (interrupted) process.exit(130);
  interrupted = true;
});
process.exitCode = await runCli(process.argv.slice(2), {
  env: process.env,
  cwd: process.cwd(),
  stdout: (line) => process.stdout.write(`${line}\n`),
  stderr: (line) => process.stderr.write(`${line}\n`),
  signal: controller.signal,
});
