import { ConfigError } from '../config/config-error.js';
import { loadConfig } from '../config/load.js';
import type { Logger } from '../model/deps.js';
import type { RunContext } from '../model/run-context.js';
import type { InputName } from '../settings/inputs.js';
import { parseSettings, type Settings, SettingsError, secretsOf } from '../settings/settings.js';
import type { RunnerReports } from '../sinks/sink.js';
import { registerSecrets } from '../util/mask.js';
import type { RunReport } from './run-report.js';

/**
 * What an entry point (the action's main step, the CLI) gives the shell: where its inputs come from, where
 * its log goes, and what only it has. Passed in, so the shell never reads its process itself.
 */
export interface AppHost {
  /** An input by its action name (`fail-on`), as the host spells it (runner inputs, flags, environment). */
  readInput: (name: InputName) => string;
  context: RunContext;
  logger: Logger;
  /** Aborted on SIGINT/SIGTERM: the gate stops waiting and reports `cancelled`. */
  signal: AbortSignal;
  /** The post step's memory (the action); the CLI has none. */
  saveState?: ((name: string, value: string) => void) | undefined;
  /** A step of a GitHub Actions job: the job summary, annotations and report files (the action). */
  runner?: RunnerReports | undefined;
  /** The host's own last look at good settings, before anything is contacted: why it cannot go on, if so. */
  vet?: ((settings: Settings) => Promise<string | undefined>) | undefined;
}

/** How a run ended, for its host to write out. */
export type AppOutcome =
  /** The inputs or the config file are wrong; nothing was contacted (and no engine loaded). */
  | { kind: 'invalid'; error: SettingsError | ConfigError }
  /** The host's `vet` said no. */
  | { kind: 'refused'; message: string }
  /** A deployment status this gate wrote itself: nothing to do (no loops). */
  | { kind: 'own-event' }
  | { kind: 'checked'; report: RunReport }
  /** A bug: remote trouble never lands here (every stage turns it into a verdict). */
  | { kind: 'crashed'; error: unknown };

/**
 * The application: settings → config file → the host's vet → (the engine, loaded only now) own-event guard →
 * deps → every project's gate with its sinks → one run report. Throws only for a bug before the gate starts.
 */
export async function runApp(host: AppHost): Promise<AppOutcome> {
  let settings: Settings;
  let config: Awaited<ReturnType<typeof loadConfig>>;
  try {
    settings = parseSettings(host.readInput);
    config = await loadConfig({ configPath: settings.configPath, workspace: host.context.workspace });
  } catch (error) {
    if (!(error instanceof SettingsError) && !(error instanceof ConfigError)) throw error;
    return { kind: 'invalid', error };
  }
  registerSecrets(secretsOf(settings));
  const refusal = await host.vet?.(settings);
  if (refusal !== undefined) return { kind: 'refused', message: refusal };

  // The inputs and the config file are good: only now is the engine loaded (a chunk of its own in dist/).
  const { runEngine } = await import('./engine.js');
  return runEngine(host, settings, config);
}

/** A bug's text for the log: its stack when it has one. */
export function bugText(error: unknown): string {
  return (error as Error).stack ?? String(error);
}
