/**
 * Vercel names deployments by bare host and serves them over https only. A bare loopback host can only be a
 * local app (a developer's machine, the simulated world), which speaks plain http.
 */
export function withDefaultScheme(value: string): string {
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(value)) return value;
  const loopback = /^(localhost|127(\.\d{1,3}){3}|\[::1\])(:\d+)?(\/|$)/i.test(value);
  return `${loopback ? 'http' : 'https'}://${value}`;
}
