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
