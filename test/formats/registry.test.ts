import { describe, expect, it } from 'vitest';
import {
  type FormatEntry,
  HEALTH_FORMATS,
  type HealthFormat,
  interpret,
  readHealthAnswer,
} from '../../src/formats/index.js';
import type { HealthFormatName } from '../../src/model/types.js';
import { healthFormatInput } from '../../src/settings/inputs.js';
import { jsonAnswer } from './fixtures.js';

// CONTRIBUTING.md's walkthrough "a new health format", kept honest: one file (here, the object below) and one
// registry entry make a format that `auto` detects, that parses, and that the `health-format` input accepts.

/** A made-up format: a plain-text body `status: ok|degraded|down`. */
const plainStatus: HealthFormat = {
  // A real format's name joins the `HealthFormatName` union through the registry; this one lives in a test.
  name: 'plain-status' as HealthFormatName,
  claims: (answer) => answer.mediaType === 'text/plain' && /^status: /.test(answer.body),
  parse(answer) {
    const word = answer.body.slice('status: '.length).trim();
    const status = ({ ok: 'healthy', degraded: 'degraded', down: 'unhealthy' } as const)[word as 'ok'];
    if (!status) return { ok: false, error: `\`status\` is "${word}"; expected ok, degraded or down` };
    return { ok: true, document: { format: this.name, status, services: [], warnings: [] } };
  },
};
const formats: readonly FormatEntry[] = [...HEALTH_FORMATS, { format: plainStatus, detect: 0 }];
const requested = plainStatus.name;

describe('the health format registry', () => {
  it('is what the health-format input accepts, in its order', () => {
    expect(healthFormatInput().safeParse('bogus').error?.issues[0]?.message).toBe(
      '`health-format` is "bogus"; use one of "auto", "hemera", "health+json", "status-code"',
    );
  });

  it('takes a new format with one entry: detected by auto, parsed, accepted by the input', () => {
    const answer = readHealthAnswer(200, 'text/plain', 'status: degraded');
    expect(interpret(answer, 'auto')).toMatchObject({ document: { format: 'status-code' } });
    expect(interpret(answer, 'auto', formats)).toEqual({
      kind: 'document',
      document: { format: 'plain-status', status: 'degraded', services: [], warnings: [] },
      bodyIgnored: false,
    });
    expect(interpret(readHealthAnswer(200, 'text/plain', 'status: maybe'), 'auto', formats)).toEqual({
      kind: 'broken',
      format: 'plain-status',
      error: '`status` is "maybe"; expected ok, degraded or down',
    });
    expect(interpret(answer, requested, formats)).toMatchObject({ document: { status: 'degraded' } });

    expect(healthFormatInput(formats).parse(' Plain-Status ')).toBe('plain-status');
    expect(healthFormatInput().safeParse('plain-status').success).toBe(false);
  });

  it('keeps the other formats and their order when one joins', () => {
    const json = jsonAnswer(200, { status: 'pass' });
    expect(interpret(json, 'auto', formats)).toMatchObject({ document: { format: 'health+json' } });
    expect(interpret(jsonAnswer(200, { ok: true }), 'auto', formats)).toMatchObject({
      kind: 'broken',
      error:
        'the body is JSON but neither health+json (a top-level `status` of pass, warn or fail) ' +
        'nor hemera (`summary.overallStatus` or `services`)',
    });
  });
});
