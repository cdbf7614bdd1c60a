import type { Deps } from '../model/deps.js';
import { untrusted } from '../util/text.js';
import { deploymentHeaders } from './headers.js';
import type { HttpAnswer } from './http.js';
import { DEFAULT_PROBE_BACKOFF, type ProbeSettings } from './probe-settings.js';
import { type DeploymentAnswer, requestDeploymentWithRetries, transientAnswer } from './request-retry.js';
import { joinDeploymentUrl } from './url.js';

// The original design's POST API on the health endpoint (`force_check`, `start_monitoring`). Many apps do not implement
// it, and neither action decides anything: every outcome is a result for the report and, when the app could
// not do it, exactly one warning that says what that means. Never a failure, never a throw.

/** What one action came to, for the report. */
export interface HemeraActionResult {
  /** The app accepted the action. */
  ok: boolean;
  /** What happened, in a few words (remote text already escaped). */
  detail: string;
}

/** Attempts per action: only answers that never reached the app (refused, 429, 502/503/504) are repeated. */
const MAX_ATTEMPTS = 3;
const UNSUPPORTED_STATUSES = new Set([400, 404, 405, 501]);
/** Small errors and confirmations only: nothing from these answers is needed beyond a message field. */
const MAX_ANSWER_BYTES = 64 * 1024;

/** `POST {"action":"force_check"}` before probing: the app runs its checks now instead of serving a cache. */
export async function forceCheck(
  baseUrl: string,
  settings: ProbeSettings,
  deps: Deps,
): Promise<HemeraActionResult> {
  const result = await postAction(baseUrl, settings, deps, { action: 'force_check' });
  return conclude(result, deps, {
    name: 'force_check',
    input: '`force-check`',
    accepted: (answer) => {
      // A Hemera endpoint answers force_check like GET: 206 degraded, 503 unhealthy, each with its health document.
      if ((answer.status === 206 || answer.status === 503) && isJson(answer)) {
        return `the app ran its checks and reports ${answer.status === 206 ? 'degraded' : 'unhealthy'}`;
      }
      return answer.status >= 200 && answer.status < 300 ? 'the app ran its checks' : undefined;
    },
    consequence:
      "The probe goes ahead without it, so the health answer may come from the app's cache rather than a " +
      'fresh check. Set `force-check: false` if the app has no POST API.',
  });
}

/** `POST {"action":"start_monitoring","intervalMinutes":N}` after a healthy verdict. */
export async function startMonitoring(
  baseUrl: string,
  settings: ProbeSettings,
  deps: Deps,
  minutes: number,
): Promise<HemeraActionResult> {
  const result = await postAction(baseUrl, settings, deps, {
    action: 'start_monitoring',
    intervalMinutes: minutes,
  });
  return conclude(result, deps, {
    name: 'start_monitoring',
    input: '`start-monitoring`',
    accepted: (answer) =>
      answer.status >= 200 && answer.status < 300
        ? `the app started monitoring every ${minutes} min`
        : undefined,
    consequence:
      'The app is not monitoring itself; to keep watching this deployment, run this action on a schedule ' +
      `(\`on: schedule\` with cron '${cronEvery(minutes)}'), or drop \`start-monitoring\`.`,
  });
}

interface ActionOutcome {
  url: string;
  /** The JSON sent, for messages (no secrets in it). */
  sent: string;
  answer: DeploymentAnswer;
  attempts: number;
}

async function postAction(
  baseUrl: string,
  settings: ProbeSettings,
  deps: Deps,
  body: Record<string, unknown>,
): Promise<ActionOutcome | { url: string; sent: string; invalid: string }> {
  const sent = JSON.stringify(body);
  let url: string;
  try {
    url = joinDeploymentUrl(baseUrl, settings.healthPath);
  } catch (error) {
    return { url: untrusted(baseUrl, 200), sent, invalid: untrusted((error as Error).message, 100) };
  }
  const { answer, attempts } = await requestDeploymentWithRetries(
    { url, method: 'POST', body, scopedHeaders: deploymentHeaders(settings), maxBytes: MAX_ANSWER_BYTES },
    {
      maxAttempts: MAX_ATTEMPTS,
      // A budget of its own: an optional action must never eat much of the run's time.
      budgetMs: settings.requestTimeoutMs * MAX_ATTEMPTS,
      requestTimeoutMs: settings.requestTimeoutMs,
      backoff: settings.backoff ?? DEFAULT_PROBE_BACKOFF,
      // A 503 with a JSON body is the Hemera format's "unhealthy" answer to force_check, not an overloaded edge.
      worthRepeating: (a) => (a.ok && a.status === 503 && isJson(a) ? undefined : transientAnswer(a)),
    },
    deps,
  );
  return { url, sent, answer, attempts };
}

interface ActionSpec {
  name: string;
  /** The input that asked for it, for messages. */
  input: string;
  /** What an accepting answer means, or undefined when the answer is not an acceptance. */
  accepted: (answer: HttpAnswer) => string | undefined;
  /** What it means for the user when the app did not do it, and what to do. */
  consequence: string;
}

function conclude(
  outcome: ActionOutcome | { url: string; sent: string; invalid: string },
  deps: Deps,
  spec: ActionSpec,
): HemeraActionResult {
  if ('invalid' in outcome) {
    const detail = `not sent: the deployment URL is not usable (${outcome.invalid})`;
    deps.logger.warning(`${spec.input}: ${spec.name} ${detail}. ${spec.consequence}`);
    return { ok: false, detail };
  }
  const where = `POST ${outcome.sent} to ${untrusted(outcome.url, 200)}`;
  const { answer } = outcome;
  // A cancelled run has better things to say than a warning about an optional action.
  if (deps.signal.aborted || (!answer.ok && answer.error === 'cancelled')) {
    return { ok: false, detail: `${spec.name} cancelled with the run` };
  }
  if (answer.ok) {
    const meaning = spec.accepted(answer);
    const said = appSays(answer);
    if (meaning) {
      const detail = `${meaning} (HTTP ${answer.status}${said ? `: ${said}` : ''})`;
      deps.logger.info(`${spec.name}: ${detail}.`);
      return { ok: true, detail };
    }
    const detail = refusal(answer.status, said);
    deps.logger.warning(`${spec.input}: ${where} → ${detail}. ${spec.consequence}`);
    return { ok: false, detail };
  }
  const tries = outcome.attempts > 1 ? ` (${outcome.attempts} attempts)` : '';
  const detail = `no answer: ${answer.error} — ${answer.message}${tries}`;
  deps.logger.warning(`${spec.input}: ${where} → ${detail}. ${spec.consequence}`);
  return { ok: false, detail };
}

/** What a non-accepting status means, in the words a person acts on. */
function refusal(status: number, said: string | undefined): string {
  const quoted = said ? `: ${said}` : '';
  if (UNSUPPORTED_STATUSES.has(status)) {
    return `HTTP ${status}${quoted}; the app does not support the Hemera health API's POST for this action`;
  }
  if (status === 401 || status === 403) {
    return (
      `HTTP ${status}${quoted}; the deployment refused the request (Vercel Deployment Protection needs ` +
      '`protection-bypass`; an endpoint that wants credentials needs `headers`)'
    );
  }
  return `HTTP ${status}${quoted}; the app did not accept the action`;
}

function isJson(answer: HttpAnswer): boolean {
  return /json/i.test(answer.contentType ?? '');
}

/** The app's own `message` or `error` field, short and escaped: it may say why (e.g. "Invalid action"). */
function appSays(answer: HttpAnswer): string | undefined {
  if (!isJson(answer) || answer.truncated) return undefined;
  try {
    const parsed: unknown = JSON.parse(answer.body);
    if (!parsed || typeof parsed !== 'object') return undefined;
    const { message, error } = parsed as { message?: unknown; error?: unknown };
    const text = typeof message === 'string' ? message : typeof error === 'string' ? error : undefined;
    return text ? `"${untrusted(text, 120)}"` : undefined;
  } catch {
    return undefined;
  }
}

/** A cron line for "every N minutes" as `on: schedule` takes it (GitHub runs schedules at most every 5). */
function cronEvery(minutes: number): string {
  if (minutes < 60) return `*/${Math.max(5, minutes)} * * * *`;
  const hours = Math.round(minutes / 60);
  return hours >= 24 ? '0 0 * * *' : `0 */${hours} * * *`;
}
