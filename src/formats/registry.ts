import { healthJson } from './health-json.js';
import { hemera } from './hemera.js';
import { statusCode } from './status-code.js';
import type { HealthFormat } from './types.js';

// Every health format the gate reads, once. The `health-format` input's values and its message, the
// `HealthFormatName` type and the order `auto` asks the formats in all come from this list; a new format is a
// file of its own (see hemera.ts) plus one entry here.

export interface FormatEntry {
  readonly format: HealthFormat;
  /**
   * Where `auto` asks this format whether an answer is its own: lower first. `fallback`: the one format of an
   * answer that says nothing in JSON (an HTML page, plain "OK", empty), asked after the JSON formats.
   */
  readonly detect: number | 'fallback';
}

/** In the order the `health-format` input lists them. */
export const HEALTH_FORMATS = [
  { format: hemera, detect: 2 },
  { format: healthJson, detect: 1 },
  { format: statusCode, detect: 'fallback' },
] as const;

export type HealthFormatName = (typeof HEALTH_FORMATS)[number]['format']['name'];

/** The values of the `health-format` input besides `auto`. */
export const healthFormatNames = (formats: readonly FormatEntry[] = HEALTH_FORMATS): HealthFormatName[] =>
  formats.map((entry) => entry.format.name);

/** The format of that name; a name the settings let through is always one. */
export function formatNamed(name: string, formats: readonly FormatEntry[] = HEALTH_FORMATS): HealthFormat {
  const entry = formats.find((candidate) => candidate.format.name === name);
  if (!entry) throw new Error(`no health format is called "${name}"`);
  return entry.format;
}

/** The formats `auto` asks in turn, by priority; the fallback is not among them. */
export function detectionOrder(formats: readonly FormatEntry[] = HEALTH_FORMATS): HealthFormat[] {
  return formats
    .filter((entry): entry is FormatEntry & { detect: number } => entry.detect !== 'fallback')
    .sort((a, b) => a.detect - b.detect)
    .map((entry) => entry.format);
}

/** What `auto` falls back to for an answer without JSON. */
export function fallbackFormat(formats: readonly FormatEntry[] = HEALTH_FORMATS): HealthFormat {
  const entry = formats.find((candidate) => candidate.detect === 'fallback');
  if (!entry) throw new Error('the health formats name no fallback for answers without JSON');
  return entry.format;
}
