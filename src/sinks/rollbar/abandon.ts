import http from 'node:http';
import https from 'node:https';

/**
 * Destroys the SDK's requests still in flight to `url`'s host. The Rollbar SDK sends items with Node's
 * `http(s).request` on the global agent and never aborts a request itself (its `timeout` option only
 * emits an event), so a Rollbar that accepts the connection and never answers would keep the process, and
 * the step, alive. Only sockets to that host and port are touched. Returns how many were destroyed.
 */
export function abandonRequestsTo(url: URL): number {
  const secure = url.protocol === 'https:';
  const agent = secure ? https.globalAgent : http.globalAgent;
  const port = url.port || (secure ? '443' : '80');
  // The agent names its pools `host:port:…`; the SDK passes the host as `url.parse` gives it (no brackets).
  const prefix = `${url.hostname.replace(/^\[|\]$/g, '')}:${port}:`;
  let destroyed = 0;
  for (const [name, sockets] of Object.entries(agent.sockets)) {
    if (!name.startsWith(prefix)) continue;
    for (const socket of sockets ?? []) {
      socket.destroy();
      destroyed++;
    }
  }
  return destroyed;
}
