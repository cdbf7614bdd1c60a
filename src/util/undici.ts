import { setFlagsFromString } from 'node:v8';
import type { Dispatcher, Agent as UndiciAgent } from 'undici';
import apiRequest from 'undici/lib/api/api-request.js';
import { parseURL } from 'undici/lib/core/util.js';
import AgentClass from 'undici/lib/dispatcher/agent.js';

// The one door to undici. Its index loads all of undici (fetch, WebSocket, EventSource, caches, mocks,
// interceptors) and, through its cookie helpers, Node's own copy of undici as well: more than half of the
// action's JavaScript and a good part of its start-up. The action needs an agent and the request API, so they
// come from their own modules (typed in undici-modules.d.ts); `npm run bench` counts what a run loads, and
// test/e2e/bundle.test.ts checks that undici's index stays out of a plain run.

export type { Dispatcher };

// undici parses HTTP with llhttp compiled to WebAssembly (so does Node's own fetch, which the GitHub client
// uses). After the first answers, Node 20's V8 recompiles llhttp's state machine, one huge function, with its
// optimizing compiler, which takes some 35 MB of memory for a moment: a third of a run's peak memory, for a
// parser that reads a few small answers as well with the baseline compiler's code. So WebAssembly gets the
// baseline compiler only. No WebAssembly is compiled before HTTP is first used, and that goes through this
// module. (Node 24 keeps the flags it started with; its V8 does not spike like this.)
setFlagsFromString('--liftoff-only');

/** undici's `Agent`. */
export const Agent: typeof UndiciAgent = AgentClass;

export type RequestOptions = { dispatcher: Dispatcher } & Omit<
  Dispatcher.RequestOptions,
  'origin' | 'path' | 'method'
> &
  Partial<Pick<Dispatcher.RequestOptions, 'method'>>;

/** undici's `request(url, options)` as its index exports it, on the dispatcher the options name. */
export function request(url: string | URL, options: RequestOptions): Promise<Dispatcher.ResponseData> {
  const { dispatcher, ...rest } = options;
  const target = parseURL(url);
  return apiRequest.call(dispatcher, {
    ...rest,
    origin: target.origin,
    path: target.search ? `${target.pathname}${target.search}` : target.pathname,
    method: rest.method || (rest.body ? 'PUT' : 'GET'),
  });
}
