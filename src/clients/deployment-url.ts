import { withDefaultScheme } from '../util/url.js';

/**
 * A deployment URL from an event or API answer as an absolute http(s) base URL without a trailing slash:
 * bare hosts (`app-abc.vercel.app`, as Vercel sends them) become https; anything else yields undefined.
 */
export function normalizeDeploymentUrl(raw: unknown): string | undefined {
  if (typeof raw !== 'string' || raw.trim() === '') return undefined;
  const value = raw.trim();
  const withScheme = withDefaultScheme(value);
  let url: URL;
  try {
    url = new URL(withScheme);
  } catch {
    return undefined;
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return undefined;
  // Credentials in a URL from an event would travel with every probe and end up in reports: refuse them.
  if (url.username || url.password) return undefined;
  url.search = '';
  url.hash = '';
  return url.toString().replace(/\/+$/, '');
}

/** The Vercel dashboard (inspector links) is never the deployment itself. */
export function isVercelDashboard(url: string): boolean {
  try {
    const host = new URL(url).hostname.toLowerCase();
    return host === 'vercel.com' || host.endsWith('.vercel.com');
  } catch {
    return false;
  }
}
