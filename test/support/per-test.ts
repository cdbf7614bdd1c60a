import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { onTestFinished } from 'vitest';
import { type SampleApp, type SampleAppOptions, startSampleApp } from '../world/sample-app.js';
import { type TestDeps, type TestDepsOptions, testDeps } from './deps.js';

// Things a test starts for itself and must not outlive it: each is closed when the test that made it
// finishes, pass or fail, so a file needs no `afterEach` that remembers what to close. Call these inside a
// test (or a function a test calls), never at a file's top level or in `beforeAll`.

/** `testDeps`, closed when the test ends. */
export function depsForTest(options: TestDepsOptions = {}): TestDeps {
  const deps = testDeps(options);
  onTestFinished(() => deps.close());
  return deps;
}

/** The sample app, closed when the test ends. */
export async function appForTest(options: SampleAppOptions = {}): Promise<SampleApp> {
  const app = await startSampleApp(options);
  onTestFinished(() => app.close());
  return app;
}

const rawServers = new Set<Server>();

async function closeRawServer(server: Server): Promise<void> {
  if (!rawServers.delete(server)) return;
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
}

/**
 * A bare loopback server for transport corner cases the sample app has no mode for, closed (with its open
 * connections) when the test ends; returns its URL.
 */
export async function rawServer(handler: Parameters<typeof createServer>[1]): Promise<string> {
  const server = createServer(handler);
  rawServers.add(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  onTestFinished(() => closeRawServer(server));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

/** Closes every `rawServer` now, e.g. to leave a port that refuses connections. */
export async function closeRawServers(): Promise<void> {
  for (const server of [...rawServers]) await closeRawServer(server);
}
