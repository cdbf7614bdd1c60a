import { mkdir, mkdtemp, symlink, writeFile } from 'node:fs/promises';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DashboardServer, parseListen, serveDashboard } from '../../src/dashboard/serve.js';
import { dashboardConfig, siteFiles } from '../../src/dashboard/site-files.js';

// The CLI's live dashboard server: the site from memory, the history's data/ from disk, nothing else.

let server: DashboardServer;
let root: string;
const site = siteFiles(
  dashboardConfig({ serverUrl: 'https://github.com', owner: '', repo: '' }, { refreshSeconds: 1 }),
);

beforeAll(async () => {
  const parent = await mkdtemp(join(tmpdir(), 'dhg-serve-'));
  root = join(parent, 'history');
  await mkdir(join(root, 'data', 'runs', '2024-03-10'), { recursive: true });
  await writeFile(join(root, 'data', 'state.json'), '{"schemaVersion":1,"states":[]}\n');
  await writeFile(join(root, 'data', 'runs', '2024-03-10', '07.json'), '{"schemaVersion":1,"runs":[]}\n');
  await writeFile(join(root, 'index.html'), 'stale copy on disk');
  await writeFile(join(root, '.history.lock'), 'lock');
  await writeFile(join(parent, 'secret.json'), '{"secret":true}');
  await symlink(join(parent, 'secret.json'), join(root, 'data', 'leak.json'));
  server = await serveDashboard({ root, site, port: 0 });
});
afterAll(async () => {
  await server?.close();
});

/** A raw request (no URL normalisation on the way, as an attacker would send it). */
function get(path: string, method = 'GET') {
  const { hostname, port } = new URL(server.url);
  return new Promise<{ status: number; headers: Record<string, unknown>; body: string }>((done, fail) => {
    const req = request({ host: hostname, port, path, method }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk) => {
        body += chunk;
      });
      res.on('end', () => done({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', fail);
    req.end();
  });
}

describe('the live dashboard server', () => {
  it('listens on 127.0.0.1 and serves the site from memory with its content types', async () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    const page = await get('/');
    expect(page.status).toBe(200);
    expect(page.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(page.body).toBe(site['index.html']);
    expect((await get('/index.html')).body).toBe(site['index.html']);
    expect((await get('/assets/dashboard.js')).headers['content-type']).toBe(
      'text/javascript; charset=utf-8',
    );
    expect((await get('/assets/dashboard.css')).headers['content-type']).toBe('text/css; charset=utf-8');
    const config = await get('/dashboard.json?t=1');
    expect(config.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(JSON.parse(config.body)).toMatchObject({ refreshSeconds: 1 });
  });

  it('serves the data files from disk, read at each request', async () => {
    const runs = await get('/data/runs/2024-03-10/07.json');
    expect(runs.status).toBe(200);
    expect(runs.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(runs.body).toBe('{"schemaVersion":1,"runs":[]}\n');
    await writeFile(join(root, 'data', 'state.json'), '{"schemaVersion":1,"states":[1]}\n');
    expect((await get('/data/state.json')).body).toBe('{"schemaVersion":1,"states":[1]}\n');
    expect((await get('/data/state.json', 'HEAD')).body).toBe('');
  });

  it('sends the CSP and no-store on every answer, the 404 too', async () => {
    for (const path of [
      '/',
      '/assets/dashboard.js',
      '/data/state.json',
      '/data/hourly/2020-01-01.json',
      '/nope',
    ]) {
      const answer = await get(path);
      expect(answer.headers['content-security-policy'], path).toBe("default-src 'self'");
      expect(answer.headers['cache-control'], path).toBe('no-store');
      expect(answer.headers['x-content-type-options'], path).toBe('nosniff');
    }
  });

  it('answers 404 for what does not exist, and lists no folder', async () => {
    expect((await get('/data/hourly/2020-01-01.json')).status).toBe(404);
    expect((await get('/data/')).status).not.toBe(200);
    expect((await get('/data')).status).toBe(404);
    expect((await get('/data/runs')).status).toBe(404);
    expect((await get('/assets/')).status).not.toBe(200);
    expect((await get('/.history.lock')).status).not.toBe(200);
  });

  it('refuses paths out of the folder, encoded or through a symbolic link', async () => {
    for (const path of [
      '/../secret.json',
      '/data/../../secret.json',
      '/data/%2e%2e/%2e%2e/secret.json',
      '/data%2f..%2f..%2fsecret.json',
      '/data/..%5c..%5csecret.json',
      '/data/leak.json',
      '//etc/passwd',
      '/data/state.json%00.html',
    ]) {
      const answer = await get(path);
      expect([400, 404], path).toContain(answer.status);
      expect(answer.body, path).not.toContain('secret');
    }
  });

  it('answers only GET and HEAD', async () => {
    const answer = await get('/data/state.json', 'POST');
    expect(answer.status).toBe(405);
  });

  it('parses --serve values', () => {
    expect(parseListen('127.0.0.1:8080')).toEqual({ host: '127.0.0.1', port: 8080 });
    expect(parseListen('8080')).toEqual({ host: '127.0.0.1', port: 8080 });
    expect(parseListen('[::1]:9000')).toEqual({ host: '::1', port: 9000 });
    expect(parseListen('localhost:0')).toEqual({ host: 'localhost', port: 0 });
    expect(parseListen('127.0.0.1:99999')).toBeUndefined();
    expect(parseListen('http://x:80')).toBeUndefined();
  });
});
