import type { BackoffPolicy } from '../../clients/backoff.js';
import type { CustomCheckItem } from '../../config/types.js';
import type { Deps } from '../../model/deps.js';
import type { Blame } from '../../model/types.js';
import { deploymentHeaders, joinDeploymentUrl } from '../../probe/index.js';
import { DEFAULT_PROBE_BACKOFF } from '../../probe/probe-settings.js';
import {
  type DeploymentAnswer,
  requestDeploymentWithRetries,
  transientAnswer,
} from '../../probe/request-retry.js';
import { formatDuration, untrusted } from '../../util/text.js';
import { checkAnswer, describeExpectation } from './expectations.js';
import { failed, type ItemOutcome, type ItemSpec, passed, skipped } from './item.js';

export const DASHBOARD: ItemSpec = {
  id: 'dashboard',
  name: 'Health dashboard answers',
  required: false,
};

/** What the checklist's requests to the deployment need: the same secrets and timeout as the probe. */
export interface ChecklistHttpSettings {
  headers: Array<[string, string]>;
  protectionBypass: string | undefined;
  requestTimeoutMs: number;
  /** Retry spacing; tests pass shorter ones. */
  backoff?: BackoffPolicy | undefined;
}

export interface HttpItemContext {
  baseUrl: string;
  settings: ChecklistHttpSettings;
  deps: Deps;
  /** The config file, for advice that points at it. */
  file: string | undefined;
}

/** A checklist page is small; a larger answer is read up to here and judged on what was read. */
const MAX_ITEM_BYTES = 256 * 1024;
const MAX_ATTEMPTS = 3;

/**
 * The Hemera checklist's "Health Dashboard erreichbar": the page exists. A login wall (401/403) counts,
 * since the dashboard is meant to sit behind one; a 5xx or no answer does not, nor does a 404 at a path the
 * config file wrote. A 404 at the default path means this app has no Hemera dashboard: skipped, with a note.
 */
export async function dashboardAnswers(
  ctx: HttpItemContext,
  path: string | false,
  written: boolean,
): Promise<ItemOutcome> {
  if (path === false) return { result: skipped(DASHBOARD, 'turned off in the config (`dashboard: false`)') };
  const shownPath = untrusted(path, 120);
  const got = await getPath(ctx, path, transientAnswer);
  const fix = `Deploy the dashboard, or set \`checklist.dashboard\` ${inFile(ctx)} to its path (or \`false\`).`;
  if ('invalid' in got) return { result: failed(DASHBOARD, got.invalid), advice: fix };
  const { answer } = got;
  if (!answer.ok) {
    if (answer.error === 'cancelled') return { result: skipped(DASHBOARD, 'cancelled with the run') };
    return {
      result: failed(DASHBOARD, `GET ${shownPath}: no answer (${answer.error} — ${answer.message})`),
      advice: fix,
    };
  }
  const status = answer.status;
  const redirected = answer.redirects > 0 ? `, after ${answer.redirects} redirect(s)` : '';
  const timing = `in ${formatDuration(got.durationMs)}${redirected}`;
  if (status < 400) return { result: passed(DASHBOARD, `GET ${shownPath}: HTTP ${status} ${timing}`) };
  if (status === 401 || status === 403) {
    return {
      result: passed(
        DASHBOARD,
        `GET ${shownPath}: HTTP ${status} ${timing} (it exists, behind authentication)`,
      ),
    };
  }
  if (status === 404 && !written) {
    return {
      result: skipped(
        DASHBOARD,
        `GET ${shownPath}: HTTP 404 — this app has no dashboard at the default path; to check one, set ` +
          `\`checklist.dashboard\` ${inFile(ctx)} to its path, or \`dashboard: false\` to drop this item`,
      ),
    };
  }
  const meaning =
    status === 404 ? 'not found' : status >= 500 ? 'the page fails; see the function logs' : 'refused';
  return {
    result: failed(DASHBOARD, `GET ${shownPath}: HTTP ${status} (${meaning})`),
    advice: fix,
    blame: answerBlame(status),
  };
}

/** A custom item: GET its path and hold the answer against its expectation. */
export async function customItem(ctx: HttpItemContext, item: CustomCheckItem): Promise<ItemOutcome> {
  const spec: ItemSpec = { id: item.id, name: item.name, required: item.required };
  const shownPath = untrusted(item.path, 120);
  const expected = describeExpectation(item.expect);
  const accepted = item.expect.status.length ? item.expect.status : [200];
  // An expected status is never retried, even a 503 (an item may check that something is switched off).
  const got = await getPath(ctx, item.path, (answer) =>
    answer.ok && accepted.includes(answer.status) ? undefined : transientAnswer(answer),
  );
  const advice =
    `Check GET ${shownPath} on the deployment, or correct the item \`${untrusted(item.id, 60)}\` ` +
    `${inFile(ctx)}.`;
  if ('invalid' in got) return { result: failed(spec, got.invalid), advice };
  const { answer } = got;
  if (!answer.ok) {
    if (answer.error === 'cancelled') return { result: skipped(spec, 'cancelled with the run') };
    return {
      result: failed(
        spec,
        `GET ${shownPath}: expected ${expected}; no answer (${answer.error} — ${answer.message})`,
      ),
      advice,
    };
  }
  const check = checkAnswer(item.expect, answer);
  if (check.ok) {
    return { result: passed(spec, `GET ${shownPath}: ${check.got} in ${formatDuration(got.durationMs)}`) };
  }
  return {
    result: failed(spec, `GET ${shownPath}: expected ${expected}; got ${check.got}`),
    advice,
    blame: answerBlame(answer.status),
  };
}

/**
 * Whose failure an answer that failed its item shows: a 5xx, or a 2xx/3xx with the wrong body, is the
 * deployment's own; a 4xx (refused credentials, a rate limit, a path the config may have wrong) says more
 * about the request than about the deployment. No answer at all never gets here (it is the gate's).
 */
function answerBlame(status: number): Blame {
  return status >= 400 && status < 500 ? 'gate' : 'deployment';
}

async function getPath(
  ctx: HttpItemContext,
  path: string,
  worthRepeating: (answer: DeploymentAnswer) => string | undefined,
): Promise<{ answer: DeploymentAnswer; durationMs: number } | { invalid: string }> {
  let url: string;
  try {
    url = joinDeploymentUrl(ctx.baseUrl, path);
  } catch (error) {
    return { invalid: `the URL is not usable (${untrusted((error as Error).message, 100)})` };
  }
  const { settings, deps } = ctx;
  const started = deps.clock.now();
  const { answer } = await requestDeploymentWithRetries(
    { url, scopedHeaders: deploymentHeaders(settings), maxBytes: MAX_ITEM_BYTES },
    {
      maxAttempts: MAX_ATTEMPTS,
      budgetMs: settings.requestTimeoutMs * MAX_ATTEMPTS,
      requestTimeoutMs: settings.requestTimeoutMs,
      backoff: settings.backoff ?? DEFAULT_PROBE_BACKOFF,
      worthRepeating,
    },
    deps,
  );
  return { answer, durationMs: Math.max(0, deps.clock.now() - started) };
}

function inFile(ctx: HttpItemContext): string {
  return ctx.file ? `in ${untrusted(ctx.file, 120)}` : 'in the config file';
}
