import { describe, expect, it } from 'vitest';
import { deepEqual, describeExpectation, valueAt } from '../../../src/evaluate/checklist/expectations.js';

describe('expectation helpers', () => {
  it('valueAt follows object keys and array indices, and tells a missing field from a null one', () => {
    const body = { a: { b: [{ c: null }, { c: 0 }] }, 'x.y': 1 };
    expect(valueAt(body, 'a.b.1.c')).toEqual({ exists: true, value: 0 });
    expect(valueAt(body, 'a.b.0.c')).toEqual({ exists: true, value: null });
    expect(valueAt(body, 'a.b.2.c')).toEqual({ exists: false });
    expect(valueAt(body, 'a.b.first')).toEqual({ exists: false });
    expect(valueAt(body, 'a.missing')).toEqual({ exists: false });
    expect(valueAt(body, 'a.b.0.c.d')).toEqual({ exists: false });
    expect(valueAt({}, 'toString')).toEqual({ exists: false }); // own keys only
  });

  it('deepEqual compares JSON structurally', () => {
    expect(deepEqual({ a: [1, { b: 'x' }], c: null }, { c: null, a: [1, { b: 'x' }] })).toBe(true);
    expect(deepEqual([1, 2], [2, 1])).toBe(false);
    expect(deepEqual({ a: 1 }, { a: 1, b: undefined })).toBe(false);
    expect(deepEqual({ a: 1 }, [1])).toBe(false);
    expect(deepEqual(1, '1')).toBe(false);
    expect(deepEqual(null, {})).toBe(false);
    expect(deepEqual(true, true)).toBe(true);
  });

  it('describeExpectation reads like the config', () => {
    expect(
      describeExpectation({ status: [200, 204], json: { path: 'ok', equals: true }, text: 'pong' }),
    ).toBe('HTTP 200 or 204 and `ok` = true and text "pong"');
    expect(describeExpectation({ status: [] })).toBe('HTTP 200');
  });
});
