import { asString, get } from './sha.js';

/**
 * What one line of `GET /v3/deployments/{id}/events?follow=1` says about the deployment's state. The
 * stream is newline-delimited JSON: build output (`stdout`, `stderr`, `command`, `delimiter`), keep-alive
 * lines without `created`, and `deployment-state` events carrying `info.readyState`. The REST reference
 * wraps fields in `payload`; the CLI reads them flat; older streams sent `{ event: 'state', payload:
 * { value } }`. All three are read.
 */
export interface EventLine {
  /** Upper-case readyState when the line announces one. */
  readyState?: string | undefined;
  /** The line reports a fatal build problem: confirm the state with the API. */
  fatal?: boolean | undefined;
}

export function parseEventLine(line: string): EventLine | undefined {
  const text = line.trim();
  if (!text.startsWith('{')) return undefined;
  let event: unknown;
  try {
    event = JSON.parse(text);
  } catch {
    return undefined;
  }
  const type = asString(get(event, 'type')) ?? asString(get(event, 'event'));
  const state =
    asString(get(event, 'payload', 'info', 'readyState')) ??
    asString(get(event, 'info', 'readyState')) ??
    (type === 'deployment-state' ? asString(get(event, 'payload', 'readyState')) : undefined) ??
    (type === 'state' ? asString(get(event, 'payload', 'value')) : undefined);
  const readyState = state && /^[a-z_]+$/i.test(state) ? state.toUpperCase() : undefined;
  if (readyState) return { readyState };
  if (type === 'fatal') return { fatal: true };
  return undefined;
}
