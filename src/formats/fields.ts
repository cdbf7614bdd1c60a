import { untrusted } from '../util/text.js';

// Small helpers for reading untrusted JSON with errors that name the exact field.

export { isRecord } from '../util/is-record.js';

/** `services.database`, or `checks["db:responseTime"]` when the key is not a plain identifier. */
export function fieldPath(parent: string, key: string | number): string {
  if (typeof key === 'number') return `${parent}[${key}]`;
  const safeKey = untrusted(key, 60);
  if (/^[A-Za-z_$][\w$-]*$/.test(safeKey)) return parent ? `${parent}.${safeKey}` : safeKey;
  return `${parent}[${JSON.stringify(safeKey)}]`;
}

/** A short, escaped description of a value that was not what the format asks for. */
export function shown(value: unknown): string {
  if (value === undefined) return 'missing';
  if (value === null) return 'null';
  if (typeof value === 'string') return JSON.stringify(untrusted(value, 40));
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return Array.isArray(value) ? 'an array' : 'an object';
}

/** `summary.overallStatus` is "great"; expected one of healthy, degraded, unhealthy */
export function expected(path: string, value: unknown, what: string): string {
  return value === undefined
    ? `\`${path}\` is missing; expected ${what}`
    : `\`${path}\` is ${shown(value)}; expected ${what}`;
}

export class FieldError extends Error {}

export function optionalString(value: unknown, path: string): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw new FieldError(expected(path, value, 'a string'));
  return value;
}

export function optionalCount(value: unknown, path: string): number | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) {
    throw new FieldError(expected(path, value, 'a whole number ≥ 0'));
  }
  return value;
}

export function optionalMilliseconds(value: unknown, path: string): number | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
    throw new FieldError(expected(path, value, 'a number of milliseconds ≥ 0'));
  }
  return value;
}

/** Runs a parser that throws FieldError; any other exception is a bug and propagates. */
export function catchFieldError<T>(parse: () => T): { ok: true; value: T } | { ok: false; error: string } {
  try {
    return { ok: true, value: parse() };
  } catch (error) {
    if (error instanceof FieldError) return { ok: false, error: error.message };
    throw error;
  }
}
