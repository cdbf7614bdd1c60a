import { CallScope, defaultRetryLimits, type RetryLimits } from '../../clients/call-scope.js';
import { Interrupted, RequestRefused, TransientFailure } from '../../clients/errors.js';
import { VercelApi, type VercelEnvName } from '../../clients/vercel-api.js';
import type { Deps } from '../../model/deps.js';
import type { Target } from '../../model/types.js';
import type { Settings } from '../../settings/settings.js';
import { formatDuration, untrusted } from '../../util/text.js';
import { failed, type ItemOutcome, type ItemSpec, notChecked, passed, skipped } from './item.js';

export const VERCEL_ENV: ItemSpec = {
  id: 'vercel_env',
  name: 'Environment variables on Vercel',
  required: true,
};

/** What a look-up of a project's variable names came to. Never carries a value. */
export type EnvLookup =
  | { kind: 'found'; names: VercelEnvName[] }
  | { kind: 'project-not-found' }
  /** The API refused (token, team, access): a setup problem with a message that says what to do. */
  | { kind: 'refused'; message: string }
  /** The API could not be asked (5xx, transport, time budget): nothing was checked. */
  | { kind: 'unavailable'; message: string }
  | { kind: 'cancelled' };

/** Names (and targets) of a Vercel project's environment variables. */
export interface VercelEnvSource {
  listEnvNames(project: string): Promise<EnvLookup>;
}

/** A look-up must not hold up the verdict long: retries included, this is all it gets. */
const DEFAULT_BUDGET_MS = 20_000;

/**
 * The Vercel client (token sent to the API base only, team scope, retries with backoff and jitter,
 * Retry-After on 429), with a time budget of its own. `policy` overrides how hard each request tries.
 */
export function vercelEnvSource(
  settings: Settings,
  deps: Deps,
  options: { policy?: Partial<RetryLimits>; budgetMs?: number } = {},
): VercelEnvSource | undefined {
  const { token, team, apiUrl } = settings.vercel;
  if (!token) return undefined;
  const { retry, maxAttempts } = { ...defaultRetryLimits, ...options.policy };
  return {
    async listEnvNames(project) {
      const budget = options.budgetMs ?? DEFAULT_BUDGET_MS;
      const ctx = new CallScope(deps, {
        budgetMs: budget,
        requestTimeoutMs: settings.requestTimeoutMs,
        retry,
        maxAttempts,
      });
      try {
        const names = await new VercelApi(ctx, { token, team, apiUrl }, deps.dispatcher).listEnvNames(
          project,
        );
        return names ? { kind: 'found', names } : { kind: 'project-not-found' };
      } catch (error) {
        const interrupted = error instanceof Interrupted ? error : ctx.interruption();
        if (interrupted?.why === 'cancelled') return { kind: 'cancelled' };
        if (interrupted) {
          const last = ctx.lastProblem ? ` (last problem: ${ctx.lastProblem})` : '';
          return {
            kind: 'unavailable',
            message: `no answer from the Vercel API within ${formatDuration(budget)}${last}`,
          };
        }
        if (error instanceof RequestRefused) return { kind: 'refused', message: error.message };
        if (error instanceof TransientFailure) return { kind: 'unavailable', message: error.message };
        return {
          kind: 'unavailable',
          message: untrusted(error instanceof Error ? error.message : error, 200),
        };
      } finally {
        ctx.dispose();
      }
    },
  };
}

export interface VercelEnvInput {
  /** Names from `checklist.env`. */
  required: string[];
  /** Undefined when no `vercel-token` was given. */
  source: VercelEnvSource | undefined;
  /** `vercel-project`, else the project the resolver learnt. */
  project: string | undefined;
  target: Target;
  deps: Deps;
}

/**
 * The checklist's "all environment variables configured", checked by name on the Vercel project for this
 * deployment's target. Values are never asked for, kept or shown.
 */
export async function vercelEnv(input: VercelEnvInput): Promise<ItemOutcome> {
  const { required, source, project, target } = input;
  if (required.length === 0) return { result: skipped(VERCEL_ENV, 'no `checklist.env` names in the config') };
  // Without a token there is no source (an injected one stands in for it).
  if (!source) return { result: skipped(VERCEL_ENV, 'no `vercel-token` given') };
  if (!project) {
    return {
      result: skipped(VERCEL_ENV, 'no Vercel project known; set `vercel-project` to check the variables'),
    };
  }
  const shownProject = `\`${untrusted(project, 80)}\``;
  const lookup = await source.listEnvNames(project);
  switch (lookup.kind) {
    case 'cancelled':
      return { result: notChecked(VERCEL_ENV, 'cancelled with the run') };
    case 'unavailable': {
      // Vercel's trouble is not the deployment's: the verdict stands (an unhealthy verdict would fail the
      // check and could roll a working production back), but the item is not checked, and a deployment with
      // a required item unchecked is not promoted and its Vercel check does not succeed.
      const detail = `not checked: ${lookup.message}`;
      input.deps.logger.warning(
        `Checklist: the environment variables of Vercel project ${shownProject} were ${detail}. ` +
          'The deployment is not fully checked, so `promote` does not promote it and `vercel-check` does not ' +
          'succeed; re-run the job once Vercel answers.',
      );
      return { result: notChecked(VERCEL_ENV, detail) };
    }
    case 'refused':
      return {
        result: failed(VERCEL_ENV, `could not read the variables of project ${shownProject}`),
        advice: lookup.message,
      };
    case 'project-not-found':
      return {
        result: failed(VERCEL_ENV, `the Vercel API does not know project ${shownProject} (404)`),
        advice:
          'Check `vercel-project` (the project name or `prj_…` id) and that `vercel-team` names the team that ' +
          'owns it.',
      };
    case 'found':
      return judgeNames(required, lookup.names, target, shownProject);
  }
}

function judgeNames(
  required: string[],
  names: VercelEnvName[],
  target: Target,
  shownProject: string,
): ItemOutcome {
  const forTarget = names.filter((n) => n.targets.includes(target));
  const everywhere = new Set(forTarget.filter((n) => !n.gitBranch).map((n) => n.key));
  const branchOnly = new Map<string, string[]>();
  for (const n of forTarget) {
    if (n.gitBranch && !everywhere.has(n.key)) {
      branchOnly.set(n.key, [...(branchOnly.get(n.key) ?? []), n.gitBranch]);
    }
  }
  const unique = [...new Set(required)];
  const missing = unique.filter((key) => !everywhere.has(key) && !branchOnly.has(key));
  const notes = unique
    .filter((key) => branchOnly.has(key))
    .map(
      (key) =>
        `${shown(key)} only for branch ${(branchOnly.get(key) ?? []).map((b) => untrusted(b, 60)).join(', ')}`,
    );
  const noteText = notes.length ? `; ${notes.join('; ')}` : '';
  if (missing.length === 0) {
    return {
      result: passed(
        VERCEL_ENV,
        `all ${unique.length} present for ${target} on project ${shownProject}${noteText}`,
      ),
    };
  }
  const elsewhere = missing
    .map((key) => {
      const targets = [...new Set(names.filter((n) => n.key === key).flatMap((n) => n.targets))];
      return targets.length
        ? `${shown(key)} exists for ${targets.map((t) => untrusted(t, 20)).join(', ')} only`
        : '';
    })
    .filter(Boolean);
  const elsewhereText = elsewhere.length ? ` (${elsewhere.join('; ')})` : '';
  const label = target === 'production' ? 'Production' : 'Preview';
  return {
    result: failed(
      VERCEL_ENV,
      `missing for ${target} on project ${shownProject}: ${missing.map(shown).join(', ')}${elsewhereText}${noteText}`,
    ),
    // Vercel answered and the names are not there: confirmed missing, the deployment runs without them.
    blame: 'deployment',
    advice:
      `Add ${missing.length === 1 ? 'it' : 'them'} in Vercel → Project Settings → Environment Variables with ` +
      `the ${label} environment ticked (or \`vercel env add <NAME> ${target}\`), then redeploy: variables ` +
      'reach new deployments only.',
  };
}

function shown(key: string): string {
  return untrusted(key, 80);
}
