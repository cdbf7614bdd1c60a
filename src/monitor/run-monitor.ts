import { ConfigError } from '../config/config-error.js';
import { loadConfig } from '../config/load.js';
import type { DashboardOptions } from '../dashboard/site-files.js';
import type { Logger } from '../model/deps.js';
import type { RunContext } from '../model/run-context.js';
import { SettingsError } from '../settings/settings.js';
import { registerSecrets } from '../util/mask.js';
import type { MonitorInputName } from './inputs.js';
import type { MonitorReport } from './report.js';
import type { MonitorServices } from './services.js';
import { type MonitorSettings, monitorSecretsOf, parseMonitorSettings } from './settings.js';
import { type MonitorTarget, parseTargets } from './targets.js';

/** What an entry point (the monitor step, the `monitor` command) gives the shell. */
export interface MonitorHost {
  readInput: (name: MonitorInputName) => string;
  context: RunContext;
  logger: Logger;
  /** Aborted on SIGINT/SIGTERM: the checks stop, the history is still written, the verdict says cancelled. */
  signal: AbortSignal;
  /** Unique per run: the key of this run's records (`<runId>-<attempt>` on the runner, random on the CLI). */
  runId: string;
  /** Where the JSON report goes; undefined: none. */
  reportDir?: string | undefined;
  /** The history store and incident reporters; tests and the CLI pass their own defaults. */
  services?: MonitorServices | undefined;
  /** The dashboard's `dashboard.json` beyond its defaults (the CLI's `--every` is the interval). */
  dashboard?: DashboardOptions | undefined;
  /** Settings the host overrides after parsing (the CLI's `--history` default). */
  adjust?: ((settings: MonitorSettings) => MonitorSettings) | undefined;
}

export type MonitorOutcome =
  | { kind: 'invalid'; error: SettingsError | ConfigError }
  | { kind: 'checked'; report: MonitorReport }
  | { kind: 'crashed'; error: unknown };

/**
 * The monitor: settings → the config file (rules and checklist, as the gate's) → the targets (the `targets`
 * lines, checked before any request) → the engine (loaded only now): history, checks, incidents, history
 * write, report. A configuration error contacts nothing.
 */
export async function runMonitor(host: MonitorHost): Promise<MonitorOutcome> {
  let settings: MonitorSettings;
  let targets: MonitorTarget[];
  let config: Awaited<ReturnType<typeof loadConfig>>;
  try {
    settings = parseMonitorSettings(host.readInput);
    settings = host.adjust?.(settings) ?? settings;
    targets = parseTargets(settings.targets);
    if (!targets.length && !(settings.gate.vercel.token && settings.gate.vercel.projects.length)) {
      throw new SettingsError([
        '`targets` is empty and there is no Vercel project to watch; give `targets` (one URL or name=URL a ' +
          "line) or `vercel-project` with `vercel-token` to watch each project's current production",
      ]);
    }
    config = await loadConfig({ configPath: settings.gate.configPath, workspace: host.context.workspace });
  } catch (error) {
    if (error instanceof SettingsError || error instanceof ConfigError) return { kind: 'invalid', error };
    throw error;
  }
  registerSecrets(monitorSecretsOf(settings));
  const { monitorEngine } = await import('./engine.js');
  try {
    return { kind: 'checked', report: await monitorEngine(host, settings, config, targets) };
  } catch (error) {
    return { kind: 'crashed', error };
  }
}
