import { asString, get } from '../clients/untyped.js';

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

/** Event types whose text is the build's own output (a `delimiter` only marks a section). */
const OUTPUT_TYPES = new Set(['stdout', 'stderr', 'command']);

/** One line of the stream as JSON; undefined for keep-alive blanks and anything that is not an object. */
export function parseEvent(line: string): unknown {
  const text = line.trim();
  if (!text.startsWith('{')) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

export function parseEventLine(line: string): EventLine | undefined {
  const event = parseEvent(line);
  return event === undefined ? undefined : eventState(event);
}

/** The state change (or fatal problem) an event announces, if any. */
export function eventState(event: unknown): EventLine | undefined {
  const type = eventType(event);
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

/** The text of a build-output event (`stdout`, `stderr`, `command`), in `payload.text` or flat `text`. */
export function eventOutput(event: unknown): string | undefined {
  const type = eventType(event);
  if (!type || !OUTPUT_TYPES.has(type)) return undefined;
  // Not trimmed: the indentation of a stack trace is part of what it says.
  const text = get(event, 'payload', 'text') ?? get(event, 'text');
  return typeof text === 'string' ? text : undefined;
}

/** When the event happened (ms since epoch), for putting a list back in order. */
export function eventTime(event: unknown): number | undefined {
  const created = get(event, 'created') ?? get(event, 'payload', 'date') ?? get(event, 'date');
  return typeof created === 'number' && Number.isFinite(created) ? created : undefined;
}

function eventType(event: unknown): string | undefined {
  return asString(get(event, 'type')) ?? asString(get(event, 'event'));
}
