import type { GitHubSim } from '../world/github-api.js';

/** What the simulated GitHub answered: status, headers and the parsed JSON body. */
export interface SimAnswer {
  status: number;
  headers: Headers;
  // biome-ignore lint/suspicious/noExplicitAny: test access to JSON answers
  data: any;
}

/** One request to the simulated GitHub, as a client with a token sends it. */
export async function ghRequest(
  sim: GitHubSim,
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<SimAnswer> {
  const res = await fetch(`${sim.url}${path}`, {
    method,
    headers: {
      authorization: 'Bearer ghs_simulated0123456789',
      accept: 'application/vnd.github+json',
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      ...headers,
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, headers: res.headers, data: text ? JSON.parse(text) : undefined };
}
