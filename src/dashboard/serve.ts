import { readFile, realpath, stat } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join, resolve, sep } from 'node:path';
import { STATE_PATH } from '../history/layout.js';
import { parseStateFile, serializeStateFile } from '../history/state-file.js';

/** The page's Content-Security-Policy: its own files only, no inline script or style. */
export const DASHBOARD_CSP = "default-src 'self'";

const TYPES: Record<string, string> = {
  html: 'text/html; charset=utf-8',
  js: 'text/javascript; charset=utf-8',
  css: 'text/css; charset=utf-8',
  json: 'application/json; charset=utf-8',
  svg: 'image/svg+xml',
  png: 'image/png',
  ico: 'image/x-icon',
};

/** Where the live dashboard listens: `127.0.0.1:8080`, `8080` (on 127.0.0.1), `[::1]:8080`, `0.0.0.0:80`. */
export function parseListen(text: string): { host: string; port: number } | undefined {
  const match = /^(?:(?:\[([0-9a-fA-F:.]+)\]|([A-Za-z0-9.-]+)):)?(\d{1,5})$/.exec(text.trim());
  if (!match) return undefined;
  const port = Number(match[3]);
  if (!Number.isInteger(port) || port > 65_535) return undefined;
  return { host: match[1] ?? match[2] ?? '127.0.0.1', port };
}

export interface DashboardServer {
  /** `http://127.0.0.1:8080/`. */
  url: string;
  close(): Promise<void>;
}

export interface ServeOptions {
  /** The folder whose `data/` is served: a `dir:` history's root. */
  root: string;
  /** The site's files (`siteFiles`), served from memory whatever the folder holds. */
  site: Readonly<Record<string, string>>;
  host?: string | undefined;
  port?: number | undefined;
}

/**
 * The live dashboard: a small static server for the CLI's `monitor --serve`. It answers GET and HEAD for
 * the site's files (from memory) and the history's `data/*.json` files (from disk, read at each request so a
 * new sample shows at the page's next refresh), every answer with `Content-Security-Policy: default-src
 * 'self'` and `Cache-Control: no-store`. Nothing else: no directory listing, no path outside `data/`, no
 * `..`, no hidden file, no symbolic link out of the folder. Listens on 127.0.0.1 unless told otherwise.
 */
export async function serveDashboard(options: ServeOptions): Promise<DashboardServer> {
  const root = resolve(options.root);
  const server = createServer((request, response) => {
    answer(root, options.site, request, response).catch(() => {
      if (!response.headersSent) send(response, 500, 'text/plain; charset=utf-8', 'Internal error\n');
      else response.destroy();
    });
  });
  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((done, fail) => {
    server.once('error', fail);
    server.listen(options.port ?? 8080, host, () => {
      server.off('error', fail);
      done();
    });
  });
  const address = server.address() as AddressInfo;
  const shownHost = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return {
    url: `http://${shownHost}:${address.port}/`,
    close: () =>
      new Promise<void>((done) => {
        server.close(() => done());
        server.closeAllConnections();
      }),
  };
}

async function answer(
  root: string,
  site: Readonly<Record<string, string>>,
  request: IncomingMessage,
  response: ServerResponse,
): Promise<void> {
  if (request.method !== 'GET' && request.method !== 'HEAD') {
    response.setHeader('Allow', 'GET, HEAD');
    return send(response, 405, 'text/plain; charset=utf-8', 'Method not allowed\n');
  }
  const path = requestPath(request.url ?? '/');
  if (path === undefined) return send(response, 400, 'text/plain; charset=utf-8', 'Bad path\n');
  const file = path === '' ? 'index.html' : path;
  const head = request.method === 'HEAD';
  const inMemory = site[file];
  if (inMemory !== undefined) return send(response, 200, typeOf(file), inMemory, head);
  if (!/^data\/[A-Za-z0-9_-]+(?:\/[A-Za-z0-9_-]+)*\.json$/.test(file)) return notFound(response);
  const full = join(root, ...file.split('/'));
  try {
    // A symbolic link may not lead out of the folder.
    const real = await realpath(full);
    const realRoot = await realpath(root);
    if (!real.startsWith(`${realRoot}${sep}`) || !(await stat(real)).isFile()) return notFound(response);
    return send(response, 200, typeOf(file), await readFile(real), head);
  } catch {
    // No run has written the history yet: the page says "no checks recorded yet" rather than meeting a 404.
    if (file === STATE_PATH) return send(response, 200, typeOf(file), EMPTY_STATE, head);
    return notFound(response);
  }
}

const EMPTY_STATE = serializeStateFile(parseStateFile(undefined));

/** The request's path without its leading `/`, or undefined when it is no plain relative path. */
function requestPath(url: string): string | undefined {
  const raw = url.split(/[?#]/, 1)[0] ?? '';
  if (!raw.startsWith('/')) return undefined;
  let decoded: string;
  try {
    decoded = decodeURIComponent(raw.slice(1));
  } catch {
    return undefined;
  }
  if (decoded === '') return '';
  if (/[\\\0]/.test(decoded)) return undefined;
  const parts = decoded.split('/');
  if (parts.some((part) => part === '' || part === '.' || part === '..' || part.startsWith('.')))
    return undefined;
  return decoded;
}

const typeOf = (file: string) =>
  TYPES[file.slice(file.lastIndexOf('.') + 1).toLowerCase()] ?? 'application/octet-stream';

const notFound = (response: ServerResponse) =>
  send(response, 404, 'text/plain; charset=utf-8', 'Not found\n');

function send(
  response: ServerResponse,
  status: number,
  type: string,
  body: string | Buffer,
  headOnly = false,
): void {
  const bytes = typeof body === 'string' ? Buffer.from(body, 'utf8') : body;
  response.writeHead(status, {
    'Content-Type': type,
    'Content-Length': bytes.length,
    'Content-Security-Policy': DASHBOARD_CSP,
    'Cache-Control': 'no-store',
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
  });
  response.end(headOnly ? undefined : bytes);
}
