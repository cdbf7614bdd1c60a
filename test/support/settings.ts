import type { ProbeSettings } from '../../src/probe/index.js';
import type { InputName } from '../../src/settings/inputs.js';
import { parseSettings, type Settings } from '../../src/settings/settings.js';

/** The action's inputs by their kebab-case names; an input left out is empty, as on the runner. */
export type Inputs = Partial<Record<InputName, string>>;

/** Settings exactly as the action parses them, from its inputs. */
export function settingsFrom(inputs: Inputs = {}): Settings {
  return parseSettings((name) => inputs[name] ?? '');
}

/** Probe settings with short timeouts and backoffs, so that every waiting test stays well under a second or two. */
export function fastProbeSettings(overrides: Partial<ProbeSettings> = {}): ProbeSettings {
  return {
    healthPath: '/api/health/deployment',
    healthFormat: 'auto',
    headers: [],
    protectionBypass: undefined,
    requestTimeoutMs: 300,
    healthTimeoutMs: 2000,
    backoff: { initialMs: 40, factor: 2, maxMs: 300, jitter: 0.5 },
    ...overrides,
  };
}
