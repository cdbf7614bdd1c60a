import { z } from 'zod';
import { HistoryConfigError, parseSquashAfter } from '../history/spec.js';
import { parseDuration } from '../settings/duration.js';
import { type HistorySpec, historyInput, inputDefaults } from '../settings/inputs.js';
import { parseSettings, type Settings, SettingsError, secretsOf } from '../settings/settings.js';
import {
  isSharedInput,
  MONITOR_INPUT_NAMES,
  type MonitorInputName,
  monitorInputDefaults,
  type OwnInputName,
} from './inputs.js';

/** The monitor's inputs, typed. The inputs it shares with the gate sit in `gate`, parsed by the gate's schemas. */
export interface MonitorSettings {
  /** The gate's settings from the shared inputs (the rest at the gate's defaults): each target's template. */
  gate: Settings;
  /** The `targets` text as given (parsed with its lines in monitor/targets.ts). */
  targets: string;
  samples: number;
  sampleIntervalMs: number;
  history: HistorySpec;
  /** How often the data branch is squashed to one commit. */
  historySquashMs: number;
  failureThreshold: number;
  successThreshold: number;
  incidents: 'issue' | 'none';
  incidentLabel: string;
  reminderIntervalMs: number;
  failOn: Settings['failOn'];
  dashboard: boolean;
  dashboardDir: string | undefined;
}

const durationInput = (input: string, min: number, max: number) =>
  z.string().transform((text, ctx) => {
    const ms = parseDuration(text);
    if (ms === undefined || ms < min || ms > max) {
      ctx.addIssue({
        code: 'custom',
        message: `\`${input}\` is "${text.trim()}"; give a duration between ${min / 1000}s and ${max / 1000}s, e.g. "90s", "5m", "1h" or plain seconds`,
      });
      return z.NEVER;
    }
    return ms;
  });

const wholeNumber = (input: string, min: number, max: number, example: string) =>
  z.string().transform((text, ctx) => {
    const n = Number(text.trim());
    if (!Number.isInteger(n) || n < min || n > max) {
      ctx.addIssue({
        code: 'custom',
        message: `\`${input}\` is "${text.trim()}"; give a whole number from ${min} to ${max}, e.g. ${example}`,
      });
      return z.NEVER;
    }
    return n;
  });

/** One schema per monitor-only input (the compiler holds it to the registry's names). */
const ownShape = {
  targets: z.string(),
  samples: wholeNumber('samples', 1, 20, '3'),
  'sample-interval': durationInput('sample-interval', 1000, 600_000),
  history: historyInput('history'),
  // `never` (or 0): the data branch is never squashed; at least an hour otherwise (a squash force-moves the ref).
  'history-squash': z.string().transform((text, ctx) => {
    try {
      return parseSquashAfter(text);
    } catch (error) {
      if (!(error instanceof HistoryConfigError)) throw error;
      ctx.addIssue({ code: 'custom', message: error.message });
      return z.NEVER;
    }
  }),
  'failure-threshold': wholeNumber('failure-threshold', 1, 100, '2'),
  'success-threshold': wholeNumber('success-threshold', 1, 100, '2'),
  incidents: z
    .string()
    .transform((s) => s.trim().toLowerCase())
    .pipe(z.enum(['issue', 'none'], { error: () => '`incidents` must be "issue" or "none"' })),
  'incident-label': z
    .string()
    .transform((s) => s.trim())
    .refine((s) => s.length > 0 && s.length <= 50 && !s.includes(','), {
      message: '`incident-label` must be a GitHub label name: 1 to 50 characters, no comma',
    }),
  'reminder-interval': durationInput('reminder-interval', 60_000, 365 * 86_400_000),
  dashboard: z
    .string()
    .transform((s) => s.trim().toLowerCase())
    .pipe(z.enum(['true', 'false'], { error: () => '`dashboard` must be "true" or "false"' }))
    .transform((s) => s === 'true'),
  'dashboard-dir': z.string().transform((s) => s.trim() || undefined),
} satisfies Record<OwnInputName, z.ZodType>;

const ownSchema = z.object(ownShape);

/**
 * Reads every monitor input through `getInput` (empty when unset) and validates them all at once: the shared
 * ones by the gate's own parser (so an error reads the same in both actions), the monitor's by its own.
 */
export function parseMonitorSettings(getInput: (name: MonitorInputName) => string): MonitorSettings {
  const given = (name: MonitorInputName) => {
    const value = getInput(name);
    return value.trim() === '' ? monitorInputDefaults[name] : value;
  };
  const problems: string[] = [];
  let gate: Settings | undefined;
  try {
    gate = parseSettings((name) => (isSharedInput(name) ? given(name) : inputDefaults[name]));
  } catch (error) {
    if (!(error instanceof SettingsError)) throw error;
    problems.push(...error.problems);
  }
  const own = ownSchema.safeParse(
    Object.fromEntries(MONITOR_INPUT_NAMES.filter((n) => !isSharedInput(n)).map((n) => [n, given(n)])),
  );
  if (!own.success) problems.push(...own.error.issues.map((issue) => issue.message));
  if (problems.length || !gate || !own.success) throw new SettingsError(problems);
  const i = own.data;
  return {
    gate,
    targets: i.targets,
    samples: i.samples,
    sampleIntervalMs: i['sample-interval'],
    history: i.history,
    historySquashMs: i['history-squash'],
    failureThreshold: i['failure-threshold'],
    successThreshold: i['success-threshold'],
    incidents: i.incidents,
    incidentLabel: i['incident-label'],
    reminderIntervalMs: i['reminder-interval'],
    failOn: gate.failOn,
    dashboard: i.dashboard,
    dashboardDir: i['dashboard-dir'],
  };
}

/** Every secret the monitor's settings hold (the shared inputs carry them all), for masking. */
export const monitorSecretsOf = (settings: MonitorSettings): string[] => secretsOf(settings.gate);

/**
 * The gate's settings for checking one target: its URL as `deployment-url`, production, `samples` requests
 * spaced `sample-interval` (the first answer, then an observation window of the rest), no gate reports.
 * The health endpoint gets at most twice the request timeout (at least 10 s) to give a first answer: a
 * scheduled check that waited the gate's two minutes on a dead target would eat the schedule.
 */
export function targetSettings(settings: MonitorSettings, url: string, sha: string | undefined): Settings {
  const { gate } = settings;
  return {
    ...gate,
    deploymentUrl: url,
    deploymentId: undefined,
    sha,
    environment: 'production',
    waitTimeoutMs: Math.min(gate.waitTimeoutMs, 30_000),
    healthTimeoutMs: Math.max(2 * gate.requestTimeoutMs, 10_000),
    // The window's end is exclusive: half an interval more keeps the last sample's slot inside it.
    observeMs: settings.samples > 1 ? (settings.samples - 0.5) * settings.sampleIntervalMs : 0,
    observeIntervalMs: settings.sampleIntervalMs,
    reports: new Set(),
    forceCheck: false,
    startMonitoringMinutes: undefined,
    vercelCheck: undefined,
    promote: false,
    rollbackOnUnhealthy: false,
    history: { kind: 'none' },
  };
}
