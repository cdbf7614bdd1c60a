import { z } from 'zod';
import { type FormatEntry, healthFormatNames } from '../formats/registry.js';
import { HistoryConfigError, type HistorySpec, parseHistorySpec } from '../history/spec.js';
import { withDefaultScheme } from '../util/url.js';
import { parseDuration } from './duration.js';
import type { InputName } from './input-registry.js';

export { type InputName, inputDefaults } from './input-registry.js';

// Each schema parses once a run: compiling a fast path for it (zod's default, with `new Function`) costs more
// than it saves.
z.config({ jitless: true });

/**
 * Every input of action.yml, parsed once into one typed object before any work starts (actions/checkout's
 * input-helper). Names are the action's kebab-case inputs; a bad value fails here with the input's name,
 * what was given and what would be accepted.
 */

/** The GitHub reports the `report` input can switch on and off. */
export const REPORTS = ['check-run', 'deployment-status', 'summary', 'annotations'] as const;
export type Report = (typeof REPORTS)[number];

const duration = (input: string, { min, max }: { min: number; max: number }) =>
  z.string().transform((text, ctx) => {
    const ms = parseDuration(text);
    if (ms === undefined) {
      ctx.addIssue({
        code: 'custom',
        message: `\`${input}\` is "${text}", which is not a duration; write e.g. "90s", "5m", "1h" or plain seconds`,
      });
      return z.NEVER;
    }
    if (ms < min || ms > max) {
      ctx.addIssue({
        code: 'custom',
        message: `\`${input}\` is ${text}; it must lie between ${min / 1000}s and ${max / 1000}s`,
      });
      return z.NEVER;
    }
    return ms;
  });

const optional = z
  .string()
  .transform((s) => s.trim())
  .transform((s) => (s === '' ? undefined : s));

const choice = <T extends string>(input: string, values: readonly [T, ...T[]]) =>
  z
    .string()
    .transform((s) => s.trim().toLowerCase())
    .pipe(
      z.enum(values, {
        error: (issue) =>
          `\`${input}\` is "${String(issue.input)}"; use one of ${values.map((v) => `"${v}"`).join(', ')}`,
      }),
    );

/** `health-format`: `auto` or a format of the registry (tests pass their own). */
export const healthFormatInput = (formats?: readonly FormatEntry[]) =>
  choice('health-format', ['auto', ...healthFormatNames(formats)]);

/** `true` or `false` (what a YAML boolean becomes in `with:`), any case. */
const flag = (input: string) =>
  z
    .string()
    .transform((s) => s.trim().toLowerCase())
    .pipe(z.enum(['true', 'false'], { error: () => `\`${input}\` must be "true" or "false"` }))
    .transform((s) => s === 'true');

/** The URL in `value`, normalised; `z.NEVER` (with an issue added) when it is not a usable http(s) URL. */
function readHttpUrl(input: string, value: string, ctx: z.RefinementCtx): string {
  // Vercel prints bare hosts (`app-abc.vercel.app`); accept them (https, or http for a loopback host).
  const withScheme = withDefaultScheme(value);
  let url: URL;
  try {
    url = new URL(withScheme);
  } catch {
    ctx.addIssue({ code: 'custom', message: `\`${input}\` is "${value}", which is not a URL` });
    return z.NEVER;
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    ctx.addIssue({ code: 'custom', message: `\`${input}\` must be an http(s) URL, not ${url.protocol}` });
    return z.NEVER;
  }
  if (url.username || url.password) {
    ctx.addIssue({
      code: 'custom',
      message: `\`${input}\` carries credentials in the URL; pass them as \`headers\` or \`protection-bypass\` instead`,
    });
    return z.NEVER;
  }
  url.search = '';
  url.hash = '';
  return url.toString().replace(/\/+$/, '');
}

const httpUrl = (input: string) =>
  optional.transform((value, ctx) => (value === undefined ? undefined : readHttpUrl(input, value, ctx)));

/** Vercel's deployment ids: `dpl_` and letters and digits. */
const VERCEL_DEPLOYMENT_ID = /^dpl_[A-Za-z0-9]+$/;

/** `deployment-url`: a URL, or a Vercel deployment id (`dpl_…`) for a manual recheck of one deployment. */
const deploymentTarget = optional.transform((value, ctx): { url: string } | { id: string } | undefined => {
  if (value === undefined) return undefined;
  if (VERCEL_DEPLOYMENT_ID.test(value)) return { id: value };
  return { url: readHttpUrl('deployment-url', value, ctx) };
});

const headerLines = optional.transform((value, ctx) => {
  const headers: Array<[string, string]> = [];
  if (value === undefined) return headers;
  value.split(/\r?\n/).forEach((line, index) => {
    if (line.trim() === '') return;
    const colon = line.indexOf(':');
    const name = colon > 0 ? line.slice(0, colon).trim() : '';
    if (!/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/.test(name)) {
      ctx.addIssue({
        code: 'custom',
        // The value may be a secret: name the line, never echo it.
        message: `\`headers\` line ${index + 1} is not "Name: value"; write one header a line, e.g. "Authorization: Bearer …"`,
      });
      return;
    }
    headers.push([name, line.slice(colon + 1).trim()]);
  });
  return headers;
});

/** Where the history lives (history/open-store.ts's type; only the type is imported, no store is loaded). */
export type { HistorySpec };

/** What git refuses in a branch name (git check-ref-format), so a bad name fails here, not at the API. */

/** `history` (the gate's and the monitor's): `branch:NAME`, `dir:PATH` or `none`. */
export const historyInput = (input: string) =>
  z.string().transform((raw, ctx): HistorySpec => {
    try {
      return parseHistorySpec(raw, input);
    } catch (error) {
      if (!(error instanceof HistoryConfigError)) throw error;
      ctx.addIssue({ code: 'custom', message: error.message });
      return z.NEVER;
    }
  });

/** One schema per input of the registry: the compiler refuses one missing or one too many. */
export const inputShape = {
  'deployment-url': deploymentTarget,
  sha: optional.pipe(
    z
      .string()
      .regex(/^[0-9a-f]{7,40}$/i, '`sha` must be a commit SHA (7 to 40 hex digits)')
      .transform((s) => s.toLowerCase())
      .optional(),
  ),
  'vercel-token': optional,
  'vercel-team': optional,
  // One project, or several (one a line, or comma-separated) for a monorepo: each is checked on its own.
  'vercel-project': z.string().transform((value) => [
    ...new Set(
      value
        .split(/[\n,]/)
        .map((p) => p.trim())
        .filter(Boolean),
    ),
  ]),
  'vercel-api-url': httpUrl('vercel-api-url').transform((u) => u ?? 'https://api.vercel.com'),
  environment: choice('environment', ['auto', 'preview', 'production']),
  'wait-timeout': duration('wait-timeout', { min: 0, max: 6 * 3_600_000 }),
  'protection-bypass': optional,
  'health-path': z
    .string()
    .transform((s) => s.trim() || '/api/health/deployment')
    .refine((s) => !/^[a-z][a-z0-9+.-]*:/i.test(s) && !s.startsWith('//'), {
      message: '`health-path` must be a path such as /api/health/deployment, not a URL',
    })
    .transform((s) => (s.startsWith('/') ? s : `/${s}`)),
  'health-format': healthFormatInput(),
  headers: headerLines,
  'request-timeout': duration('request-timeout', { min: 100, max: 300_000 }),
  'health-timeout': duration('health-timeout', { min: 0, max: 3_600_000 }),
  'fail-on': choice('fail-on', ['unhealthy', 'degraded', 'never']),
  'github-token': optional,
  config: optional.refine((p) => p === undefined || !/^[a-z][a-z0-9+.-]*:\/\//i.test(p), {
    message: '`config` must be a path in the repository (e.g. .github/deployment-health.yml), not a URL',
  }),
  observe: duration('observe', { min: 0, max: 3_600_000 }),
  'observe-interval': duration('observe-interval', { min: 1000, max: 600_000 }),
  'force-check': z
    .string()
    .transform((s) => s.trim().toLowerCase())
    .pipe(z.enum(['true', 'false'], { error: () => '`force-check` must be "true" or "false"' }))
    .transform((s) => s === 'true'),
  'start-monitoring': optional.transform((value, ctx) => {
    if (value === undefined) return undefined;
    const minutes = Number(value);
    if (!Number.isInteger(minutes) || minutes < 1 || minutes > 1440) {
      ctx.addIssue({
        code: 'custom',
        message: `\`start-monitoring\` is "${value}"; give the monitoring interval in whole minutes (1 to 1440), e.g. 5`,
      });
      return z.NEVER;
    }
    return minutes;
  }),
  'check-name': z
    .string()
    .transform((s) => s.trim())
    .refine((s) => s.length > 0 && s.length <= 100, {
      message:
        '`check-name` must be 1 to 100 characters (branch protection and Vercel match checks by this name)',
    }),
  report: z.string().transform((value, ctx) => {
    const words = value
      .split(/[\s,]+/)
      .map((w) => w.trim().toLowerCase())
      .filter(Boolean);
    const unknown = words.filter((w) => !(REPORTS as readonly string[]).includes(w) && w !== 'none');
    if (unknown.length) {
      ctx.addIssue({
        code: 'custom',
        message: `\`report\` names ${unknown.map((w) => `"${w}"`).join(', ')}; use a comma-separated list of ${REPORTS.map((r) => `"${r}"`).join(', ')}, or "none"`,
      });
      return z.NEVER;
    }
    return new Set(words.filter((w): w is Report => w !== 'none'));
  }),
  'rollbar-token': optional,
  'rollbar-environment': optional.refine((e) => e === undefined || e.length <= 255, {
    message: '`rollbar-environment` must be at most 255 characters (Rollbar\'s limit), e.g. "production"',
  }),
  // Rollbar's API base: deploys go to `{endpoint}deploy`, items to `{endpoint}item/`, so it ends with `/`.
  'rollbar-endpoint': httpUrl('rollbar-endpoint').transform(
    (u) => `${u ?? 'https://api.rollbar.com/api/1'}/`,
  ),
  // The Vercel promotion gate (issue #6): a Vercel deployment check, promotion of a healthy staged production
  // deployment, and rollback of an unhealthy live one.
  'vercel-check': optional.refine((c) => c === undefined || c.length <= 100, {
    message:
      '`vercel-check` must be the name or id of a check of the Vercel project (at most 100 characters)',
  }),
  promote: flag('promote'),
  'rollback-on-unhealthy': flag('rollback-on-unhealthy'),
  history: historyInput('history'),
};

export const inputSchema = z.object(
  inputShape satisfies Record<InputName, z.ZodType> &
    Record<Exclude<keyof typeof inputShape, InputName>, never>,
);
