import type { HealthFormatName } from '../model/types.js';
import { INPUT_NAMES, type InputName, inputDefaults, SECRET_INPUTS } from './input-registry.js';
import { type HistorySpec, inputSchema, type Report } from './inputs.js';

/** The typed, validated form of the action's inputs. Durations are milliseconds. */
export interface Settings {
  deploymentUrl: string | undefined;
  /** A Vercel deployment id given as `deployment-url` (`dpl_…`): looked up through the Vercel API. */
  deploymentId: string | undefined;
  sha: string | undefined;
  vercel: {
    token: string | undefined;
    team: string | undefined;
    /** The project this run checks (undefined: any, or several — see `projects`). */
    project: string | undefined;
    /** Every project named; more than one makes a monorepo run, one gate per project. */
    projects: string[];
    apiUrl: string;
  };
  environment: 'auto' | 'preview' | 'production';
  waitTimeoutMs: number;
  protectionBypass: string | undefined;
  healthPath: string;
  healthFormat: 'auto' | HealthFormatName;
  headers: Array<[string, string]>;
  requestTimeoutMs: number;
  healthTimeoutMs: number;
  failOn: 'unhealthy' | 'degraded' | 'never';
  githubToken: string | undefined;
  /** The config file input; undefined means `.github/deployment-health.yml` when that file exists. */
  configPath: string | undefined;
  /** Observation window after the first definitive answer (0 = none). */
  observeMs: number;
  /** Spacing of observation samples, start to start. */
  observeIntervalMs: number;
  /** POST `{"action":"force_check"}` to the health endpoint before probing. */
  forceCheck: boolean;
  /** After a healthy verdict, POST `{"action":"start_monitoring","intervalMinutes":N}`. */
  startMonitoringMinutes: number | undefined;
  /** Name of the check run (what branch protection and Vercel Deployment Checks match on). */
  checkName: string;
  /** Which GitHub reports to write. */
  reports: ReadonlySet<Report>;
  /** Rollbar deploys and alert items; nothing is sent without a token. */
  rollbar: {
    token: string | undefined;
    /** Undefined: the deployment's environment (`preview`/`production`). */
    environment: string | undefined;
    /** API base, ending with `/` (`https://api.rollbar.com/api/1/`). */
    endpoint: string;
  };
  /** Name or id of a Vercel project check whose run on this deployment carries the verdict (issue #6). */
  vercelCheck?: string | undefined;
  /** Promote a healthy, staged production deployment through the Vercel API. */
  promote: boolean;
  /** Roll production back to the previous deployment when the live production deployment is unhealthy. */
  rollbackOnUnhealthy: boolean;
  /** Where a verdict on a production deployment is recorded as a deployment marker (`none`: nowhere). */
  history: HistorySpec;
}

export class SettingsError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid input${problems.length > 1 ? 's' : ''}:\n${problems.map((p) => `- ${p}`).join('\n')}`);
    this.name = 'SettingsError';
  }
}

/** Reads each input through `getInput` (empty string when unset) and validates them all at once. */
export function parseSettings(getInput: (name: InputName) => string): Settings {
  const raw = Object.fromEntries(
    INPUT_NAMES.map((name) => {
      const given = getInput(name);
      return [name, given.trim() === '' ? inputDefaults[name] : given];
    }),
  );
  const parsed = inputSchema.safeParse(raw);
  if (!parsed.success) {
    throw new SettingsError(parsed.error.issues.map((issue) => issue.message));
  }
  const i = parsed.data;
  const target = i['deployment-url'];
  const needToken = [
    target && 'id' in target && '`deployment-url` as a deployment id',
    i['vercel-check'] !== undefined && '`vercel-check`',
    i.promote && '`promote`',
    i['rollback-on-unhealthy'] && '`rollback-on-unhealthy`',
  ].filter((name): name is string => typeof name === 'string');
  if (needToken.length && !i['vercel-token']) {
    // Fail before anything is contacted: a gate that silently skipped its promotion would look healthy.
    const many = needToken.length > 1;
    throw new SettingsError([
      `${needToken.join(', ')} ${many ? 'work' : 'works'} through the Vercel API and ${many ? 'need' : 'needs'} ` +
        `\`vercel-token\`; pass a Vercel access token (\`vercel-token: \${{ secrets.VERCEL_TOKEN }}\`) or drop ${many ? 'them' : 'it'}`,
    ]);
  }
  if (target && i['vercel-project'].length > 1) {
    // One deployment cannot be every project's: each would check and report the same thing.
    throw new SettingsError([
      `\`deployment-url\` names one deployment, but \`vercel-project\` names ${i['vercel-project'].length} projects; ` +
        "drop `deployment-url` to check each project's deployment of the commit, or name just its project",
    ]);
  }
  return {
    deploymentUrl: target && 'url' in target ? target.url : undefined,
    deploymentId: target && 'id' in target ? target.id : undefined,
    sha: i.sha,
    vercel: {
      token: i['vercel-token'],
      team: i['vercel-team'],
      project: i['vercel-project'].length === 1 ? i['vercel-project'][0] : undefined,
      projects: i['vercel-project'],
      apiUrl: i['vercel-api-url'],
    },
    environment: i.environment,
    waitTimeoutMs: i['wait-timeout'],
    protectionBypass: i['protection-bypass'],
    healthPath: i['health-path'],
    healthFormat: i['health-format'],
    headers: i.headers,
    requestTimeoutMs: i['request-timeout'],
    healthTimeoutMs: i['health-timeout'],
    failOn: i['fail-on'],
    githubToken: i['github-token'],
    configPath: i.config,
    observeMs: i.observe,
    observeIntervalMs: i['observe-interval'],
    forceCheck: i['force-check'],
    startMonitoringMinutes: i['start-monitoring'],
    checkName: i['check-name'],
    reports: i.report,
    rollbar: {
      token: i['rollbar-token'],
      environment: i['rollbar-environment'],
      endpoint: i['rollbar-endpoint'],
    },
    vercelCheck: i['vercel-check'],
    promote: i.promote,
    rollbackOnUnhealthy: i['rollback-on-unhealthy'],
    history: i.history,
  };
}

/** Every secret the settings hold, for masking in the log (the registry's secret inputs, in its order). */
export function secretsOf(settings: Settings): string[] {
  return SECRET_INPUTS.flatMap((input) => input.secret.inSettings(settings)).filter(
    (s): s is string => typeof s === 'string' && s.length > 0,
  );
}
