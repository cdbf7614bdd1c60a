import { untrusted } from '../util/text.js';

/**
 * `${base}${path}` without losing a base path: `http://127.0.0.1:3000/app` + `/api/health/deployment` →
 * `http://127.0.0.1:3000/app/api/health/deployment` (`new URL(path, base)` would drop `/app`).
 * Throws on a base that is not an http(s) URL.
 */
export function joinDeploymentUrl(baseUrl: string, path: string): string {
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(baseUrl) ? baseUrl : `https://${baseUrl}`;
  const base = new URL(withScheme);
  if (base.protocol !== 'http:' && base.protocol !== 'https:') {
    throw new TypeError(`${base.protocol} is not an http(s) URL`);
  }
  const basePath = base.pathname.replace(/\/+$/, '');
  const suffix = path === '' ? '' : path.startsWith('/') ? path : `/${path}`;
  return new URL(`${base.origin}${basePath}${suffix}`).toString();
}

/** scheme + host + port: the unit that decides whether secrets may be sent. */
export function originOf(url: string): string {
  return new URL(url).origin;
}

/**
 * Whether `to` is still the deployment at `from`: the same origin, or the plain upgrade of the same host from
 * http to https on the default ports (Vercel, like most hosts, answers `http://` with a redirect to
 * `https://`). Another host, another port, or https → http is another origin, which cannot answer for the
 * deployment and gets none of its secrets.
 */
export function sameDeployment(from: string, to: string): boolean {
  try {
    const a = new URL(from);
    const b = new URL(to);
    if (a.origin === b.origin) return true;
    return (
      a.protocol === 'http:' &&
      b.protocol === 'https:' &&
      a.hostname === b.hostname &&
      a.port === '' &&
      b.port === ''
    );
  } catch {
    return false;
  }
}

/**
 * Where a redirect pointed, for a message: scheme, host, port and path, escaped; credentials, query and
 * fragment left out (a query can carry a token the app echoed).
 */
export function shownLocation(url: string): string {
  try {
    const parsed = new URL(url);
    return untrusted(`${parsed.origin}${parsed.pathname}${parsed.search ? '?…' : ''}`, 160);
  } catch {
    return untrusted(url.replace(/[?#].*$/s, ''), 160);
  }
}
