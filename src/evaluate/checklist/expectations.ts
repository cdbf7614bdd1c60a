import type { CustomCheckItem } from '../../config/types.js';
import type { HttpAnswer } from '../../probe/index.js';
import { untrusted } from '../../util/text.js';

type Expectation = CustomCheckItem['expect'];

/** What the item wants, as a person reads it: `HTTP 200 and ok = true and text "pong"`. */
export function describeExpectation(expect: Expectation): string {
  const parts = [`HTTP ${expect.status.length ? expect.status.join(' or ') : 200}`];
  if (expect.json) parts.push(`\`${untrusted(expect.json.path, 80)}\` = ${shown(expect.json.equals)}`);
  if (expect.text !== undefined) parts.push(`text ${JSON.stringify(untrusted(expect.text, 80))}`);
  return parts.join(' and ');
}

/**
 * Whether an answer meets the expectation, and what came, in a few words: the status, then the first thing
 * that does not match. Remote text is escaped and short.
 */
export function checkAnswer(expect: Expectation, answer: HttpAnswer): { ok: boolean; got: string } {
  const status = `HTTP ${answer.status}`;
  const accepted = expect.status.length ? expect.status : [200];
  if (!accepted.includes(answer.status)) {
    const snippet = untrusted(answer.body.trim(), 80);
    return { ok: false, got: snippet ? `${status}: ${JSON.stringify(snippet)}` : status };
  }
  const seen: string[] = [status];
  if (expect.json) {
    const path = `\`${untrusted(expect.json.path, 80)}\``;
    if (answer.truncated) return { ok: false, got: `${status}, but the body is too large to read as JSON` };
    let body: unknown;
    try {
      body = JSON.parse(answer.body);
    } catch {
      const type = untrusted(answer.contentType ?? 'no content type', 60);
      return { ok: false, got: `${status}, but the body is not JSON (${type})` };
    }
    const found = valueAt(body, expect.json.path);
    if (!found.exists) return { ok: false, got: `${status}, but ${path} is missing` };
    if (!deepEqual(found.value, expect.json.equals)) {
      return { ok: false, got: `${status}, ${path} = ${shown(found.value)}` };
    }
    seen.push(`${path} = ${shown(found.value)}`);
  }
  if (expect.text !== undefined) {
    const wanted = JSON.stringify(untrusted(expect.text, 80));
    if (!answer.body.includes(expect.text)) {
      return { ok: false, got: `${status}, but the body does not contain ${wanted}` };
    }
    seen.push(`contains ${wanted}`);
  }
  return { ok: true, got: seen.join(', ') };
}

/** `data.items.0.ok`: object keys, and array indices where the value is an array. */
export function valueAt(root: unknown, path: string): { exists: boolean; value?: unknown } {
  let current = root;
  for (const key of path.split('.')) {
    if (Array.isArray(current)) {
      if (!/^\d+$/.test(key) || Number(key) >= current.length) return { exists: false };
      current = current[Number(key)];
    } else if (current !== null && typeof current === 'object' && Object.hasOwn(current, key)) {
      current = (current as Record<string, unknown>)[key];
    } else {
      return { exists: false };
    }
  }
  return { exists: true, value: current };
}

/** Structural equality of JSON values (key order does not matter; `1` and `"1"` differ). */
export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a) && Array.isArray(b)) {
    return a.length === b.length && a.every((item, i) => deepEqual(item, b[i]));
  }
  const left = a as Record<string, unknown>;
  const right = b as Record<string, unknown>;
  const keys = Object.keys(left);
  return (
    keys.length === Object.keys(right).length &&
    keys.every((key) => Object.hasOwn(right, key) && deepEqual(left[key], right[key]))
  );
}

function shown(value: unknown): string {
  return untrusted(JSON.stringify(value) ?? String(value), 60);
}
