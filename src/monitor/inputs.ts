import { INPUTS, type InputName, type InputSpec } from '../settings/input-registry.js';

// Every input of monitor/action.yml, once (the gate's registry is src/settings/input-registry.ts). An input
// both actions share is the gate's own entry — same default, secret handling, environment variable and
// parser — unless the monitor means something else by default (`rollbar-environment`, `history`). The
// monitor's settings, the masking of its secrets and the `monitor` command's flags all read this list;
// test/monitor/inputs.test.ts holds it against monitor/action.yml.

/** The gate's entry for `name`, with the monitor's own default where it differs. */
function shared<N extends InputName>(name: N, monitorDefault?: string): InputSpec & { name: N } {
  const spec = INPUTS.find((input) => input.name === name) as InputSpec & { name: N };
  if (monitorDefault === undefined) return spec;
  const { runnerDefault: _runner, ...rest } = spec;
  return { ...rest, default: monitorDefault };
}

/** Inputs the monitor shares with the gate, parsed by the gate's own schemas (settings/inputs.ts). */
export const SHARED_INPUTS = [
  shared('vercel-token'),
  shared('vercel-team'),
  shared('vercel-project'),
  shared('vercel-api-url'),
  shared('health-path'),
  shared('health-format'),
  shared('headers'),
  shared('request-timeout'),
  shared('protection-bypass'),
  shared('config'),
  shared('github-token'),
  shared('rollbar-token'),
  shared('rollbar-endpoint'),
  shared('rollbar-environment', 'production'),
  shared('fail-on'),
] as const;

/** The monitor's own inputs (parsed in monitor/settings.ts). */
export const OWN_INPUTS = [
  { name: 'targets', default: '' },
  { name: 'samples', default: '3' },
  { name: 'sample-interval', default: '5s' },
  { name: 'history', default: 'branch:deployment-health-data' },
  { name: 'history-squash', default: '24h' },
  { name: 'failure-threshold', default: '2' },
  { name: 'success-threshold', default: '2' },
  { name: 'incidents', default: 'issue' },
  { name: 'incident-label', default: 'deployment-health' },
  { name: 'reminder-interval', default: '24h' },
  { name: 'dashboard', default: 'true', switch: true },
  { name: 'dashboard-dir', default: '' },
] as const satisfies readonly InputSpec[];

/** In the order the `monitor` command's --help lists them: targets first, then how they are checked. */
export const MONITOR_INPUTS: readonly (InputSpec & { name: MonitorInputName })[] = [
  OWN_INPUTS[0],
  ...SHARED_INPUTS.slice(0, 11),
  OWN_INPUTS[1],
  OWN_INPUTS[2],
  ...SHARED_INPUTS.slice(11),
  ...OWN_INPUTS.slice(3),
];

export type SharedInputName = (typeof SHARED_INPUTS)[number]['name'];
export type OwnInputName = (typeof OWN_INPUTS)[number]['name'];
export type MonitorInputName = SharedInputName | OwnInputName;

export const MONITOR_INPUT_NAMES: readonly MonitorInputName[] = MONITOR_INPUTS.map((input) => input.name);

const byName = new Map<string, InputSpec & { name: MonitorInputName }>(
  MONITOR_INPUTS.map((input) => [input.name, input]),
);

export const monitorInputSpec = (name: string) => byName.get(name);

export const isMonitorInputName = (name: string): name is MonitorInputName => byName.has(name);

export const isSharedInput = (name: string): name is SharedInputName =>
  SHARED_INPUTS.some((input) => input.name === name);

/** Defaults as monitor/action.yml declares them (the runner's own expressions apply only on the runner). */
export const monitorInputDefaults = Object.fromEntries(
  MONITOR_INPUTS.map((input) => [input.name, input.default]),
) as Record<MonitorInputName, string>;

/** The monitor's secret inputs, whole values first, then header values (the order of the gate's masking). */
export const MONITOR_SECRET_INPUTS = [
  ...MONITOR_INPUTS.filter((input) => input.secret?.in === 'value'),
  ...MONITOR_INPUTS.filter((input) => input.secret?.in === 'header-values'),
] as (InputSpec & { name: MonitorInputName; secret: NonNullable<InputSpec['secret']> })[];

/** Environment variables the `monitor` command reads for its secrets, by input name. */
export const MONITOR_INPUT_ENV: Readonly<Partial<Record<MonitorInputName, string>>> = Object.fromEntries(
  MONITOR_INPUTS.flatMap((input) => (input.env ? [[input.name, input.env]] : [])),
);
