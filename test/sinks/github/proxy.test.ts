import { createServer, type Server } from 'node:http';
import { connect } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import type { Deps } from '../../../src/model/deps.js';
import { createGitHubClient } from '../../../src/sinks/github/index.js';
import { systemClock } from '../../../src/util/clock.js';
import { Agent } from '../../../src/util/undici.js';
import { recordingLogger } from '../../support/recording-logger.js';
import { type GitHubSim, startGitHubApi } from '../../world/github-api.js';
import { contextFor } from './harness.js';

// Behind the runner's proxy (`http_proxy`/`https_proxy`, `no_proxy`), the GitHub client goes through it, as
// `@actions/github`'s client did. The API is named `github.test`: only the proxy knows where that is (the
// simulator), and a loopback address would bypass any proxy by `@actions/http-client`'s rules.

/** A forward proxy that tunnels CONNECT to github.test:<port> to the simulator, and remembers each tunnel. */
async function startProxy(): Promise<{ url: string; tunnels: string[]; server: Server }> {
  const tunnels: string[] = [];
  const server = createServer((_request, response) => response.writeHead(405).end());
  server.on('connect', (request, client, head) => {
    tunnels.push(`${request.url} ${request.headers['proxy-authorization'] ?? ''}`.trim());
    const port = Number(new URL(`http://${request.url}`).port);
    const upstream = connect(port, '127.0.0.1', () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      upstream.write(head);
      upstream.pipe(client);
      client.pipe(upstream);
    });
    upstream.on('error', () => client.destroy());
    client.on('error', () => upstream.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address() as { port: number };
  return { url: `http://127.0.0.1:${address.port}`, tunnels, server };
}

const saved = { http_proxy: process.env.http_proxy, no_proxy: process.env.no_proxy };
let sim: GitHubSim | undefined;
let proxy: Awaited<ReturnType<typeof startProxy>> | undefined;
let dispatcher: InstanceType<typeof Agent> | undefined;
afterEach(async () => {
  for (const [name, value] of Object.entries(saved)) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
  await sim?.close();
  proxy?.server.closeAllConnections();
  await new Promise((resolve) => proxy?.server.close(resolve));
  await dispatcher?.close();
});

async function listDeployments(proxyUrl: string, noProxy?: string) {
  sim = await startGitHubApi();
  process.env.http_proxy = proxyUrl;
  if (noProxy) process.env.no_proxy = noProxy;
  else delete process.env.no_proxy;
  const port = new URL(sim.url).port;
  const context = contextFor({ url: `http://github.test:${port}` });
  dispatcher = new Agent();
  const deps: Deps = {
    clock: systemClock,
    logger: recordingLogger(),
    dispatcher,
    random: () => 0.5,
    signal: new AbortController().signal,
  };
  const octokit = createGitHubClient('ghs_simulated', context, deps, { retries: 0 });
  return octokit.request('GET /repos/{owner}/{repo}/deployments', { owner: 'acme', repo: 'shop' });
}

describe('the GitHub client behind a proxy', () => {
  it('goes through the runner’s proxy, with its credentials', async () => {
    proxy = await startProxy();
    const withCredentials = proxy.url.replace('http://', 'http://user:p%40ss@');
    const answer = await listDeployments(withCredentials);
    expect(answer.status).toBe(200);
    const port = new URL(sim?.url ?? '').port;
    const basic = Buffer.from('user:p@ss').toString('base64');
    expect(proxy.tunnels).toEqual([`github.test:${port} Basic ${basic}`]);
  });

  it('leaves out a host that no_proxy names', async () => {
    proxy = await startProxy();
    // github.test is in no_proxy: the client goes direct, and cannot resolve it.
    await expect(listDeployments(proxy.url, 'example.com,.test')).rejects.toThrow();
    expect(proxy.tunnels).toEqual([]);
  });
});
