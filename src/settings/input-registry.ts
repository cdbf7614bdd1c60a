import type { Settings } from './settings.js';

// Every input of the action, once: its default, whether it carries a secret, and how the command line takes
// it. The settings' defaults, the masking of secrets, `secretsOf`, the CLI's flags and --help and the README's
// inputs table all read this list; test/settings/input-registry.test.ts holds it against action.yml.
// What an input means is action.yml's `description` (the CLI's --help gets it through `npm run docs`), and
// how its value is read is its schema in inputs.ts, which the compiler holds to these names.

/** How an input carries a secret, and where the same secret sits once the settings are parsed. */
export interface SecretSpec {
  /** `value`: the whole input is one secret; `header-values`: the value of each `Name: value` line is one. */
  readonly in: 'value' | 'header-values';
  readonly inSettings: (settings: Settings) => ReadonlyArray<string | undefined>;
}

export interface InputSpec {
  /** The action's kebab-case input name; the CLI's flag is `--<name>`. */
  readonly name: string;
  /** What an unset (or blank) input means: action.yml's `default`, or '' where action.yml has none. */
  readonly default: string;
  /**
   * action.yml's default when the runner computes it (`${{ github.token }}`); outside the runner (the CLI,
   * tests) `default` applies.
   */
  readonly runnerDefault?: string;
  readonly secret?: SecretSpec;
  /** Environment variable the CLI reads when the flag is not given (where no process list shows a secret). */
  readonly env?: string;
  /** A CLI switch: `--promote` alone means `--promote true`. */
  readonly switch?: boolean;
}

/** In the order the CLI's --help lists them. */
export const INPUTS = [
  { name: 'deployment-url', default: '' },
  { name: 'sha', default: '' },
  {
    name: 'vercel-token',
    default: '',
    secret: { in: 'value', inSettings: (s) => [s.vercel.token] },
    env: 'VERCEL_TOKEN',
  },
  { name: 'vercel-team', default: '' },
  { name: 'vercel-project', default: '' },
  { name: 'vercel-api-url', default: 'https://api.vercel.com' },
  { name: 'environment', default: 'auto' },
  { name: 'wait-timeout', default: '10m' },
  {
    name: 'protection-bypass',
    default: '',
    secret: { in: 'value', inSettings: (s) => [s.protectionBypass] },
    env: 'VERCEL_AUTOMATION_BYPASS_SECRET',
  },
  { name: 'health-path', default: '/api/health/deployment' },
  { name: 'health-format', default: 'auto' },
  {
    name: 'headers',
    default: '',
    secret: { in: 'header-values', inSettings: (s) => s.headers.map(([, value]) => value) },
  },
  { name: 'request-timeout', default: '5s' },
  { name: 'health-timeout', default: '2m' },
  { name: 'fail-on', default: 'unhealthy' },
  {
    name: 'github-token',
    default: '',
    // biome-ignore lint/suspicious/noTemplateCurlyInString: the runner, not JavaScript, fills this in
    runnerDefault: '${{ github.token }}',
    secret: { in: 'value', inSettings: (s) => [s.githubToken] },
    env: 'GITHUB_TOKEN',
  },
  { name: 'config', default: '' },
  { name: 'observe', default: '0' },
  { name: 'observe-interval', default: '15s' },
  { name: 'force-check', default: 'false', switch: true },
  { name: 'start-monitoring', default: '' },
  { name: 'check-name', default: 'Deployment health' },
  { name: 'report', default: 'check-run,deployment-status,summary,annotations' },
  {
    name: 'rollbar-token',
    default: '',
    secret: { in: 'value', inSettings: (s) => [s.rollbar.token] },
    env: 'ROLLBAR_SERVER_ACCESS_TOKEN',
  },
  { name: 'rollbar-environment', default: '' },
  { name: 'rollbar-endpoint', default: 'https://api.rollbar.com/api/1/' },
  { name: 'vercel-check', default: '' },
  { name: 'promote', default: 'false', switch: true },
  { name: 'rollback-on-unhealthy', default: 'false', switch: true },
  { name: 'history', default: 'none' },
] as const satisfies readonly InputSpec[];

export type InputName = (typeof INPUTS)[number]['name'];

export const INPUT_NAMES: readonly InputName[] = INPUTS.map((input) => input.name);

const byName = new Map<string, InputSpec>(INPUTS.map((input) => [input.name, input]));

/** The registry entry of `name`; undefined for a name that is no input. */
export const inputSpec = (name: string): InputSpec | undefined => byName.get(name);

export const isInputName = (name: string): name is InputName => byName.has(name);

/** Defaults as action.yml declares them, so the settings parse the same outside the runner (CLI, tests). */
export const inputDefaults = Object.fromEntries(INPUTS.map((input) => [input.name, input.default])) as Record<
  InputName,
  string
>;

/**
 * The inputs that carry secrets: whole-value secrets first (in registry order), then the header values, the
 * order the runner's `add-mask` lines have always come in.
 */
export const SECRET_INPUTS: readonly (InputSpec & { name: InputName; secret: SecretSpec })[] = [
  ...INPUTS.filter((input) => 'secret' in input && input.secret.in === 'value'),
  ...INPUTS.filter((input) => 'secret' in input && input.secret.in === 'header-values'),
] as (InputSpec & { name: InputName; secret: SecretSpec })[];

/** The secrets `text` holds as the input `spec` carries them (`header-values`: each line's value, trimmed). */
export function secretsInInput(spec: SecretSpec, text: string): Array<{ value: string; header?: string }> {
  if (spec.in === 'value') return [{ value: text }];
  return text.split(/\r?\n/).flatMap((line) => {
    const colon = line.indexOf(':');
    return colon <= 0 ? [] : [{ value: line.slice(colon + 1).trim(), header: line.slice(0, colon).trim() }];
  });
}

/** Inputs the CLI also reads from the environment, by input name. */
export const INPUT_ENV: Readonly<Partial<Record<InputName, string>>> = Object.fromEntries(
  INPUTS.flatMap((input) => ('env' in input ? [[input.name, input.env]] : [])),
);

/** The command line's flag for an input. */
export const cliFlag = (name: InputName): string => `--${name}`;
