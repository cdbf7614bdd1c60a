import { backoffDelay } from '../clients/backoff.js';
import { CallScope } from '../clients/call-scope.js';
import { BodyTooLarge, discard, readCapped } from '../clients/http-body.js';
import { serverRequestedDelay } from '../clients/retry-after.js';
import { briefTransportError } from '../clients/transport-error.js';
import type { VercelApi } from '../clients/vercel-api.js';
import { formatDuration, untrusted } from '../util/text.js';
import { BUILD_LOG_LINES, BuildLogTail } from './build-log.js';
import { eventOutput, eventTime, parseEvent } from './vercel-events.js';
import type { WaitContext } from './wait-context.js';

/**
 * Events asked for: more than the lines kept, since state changes and section markers are events too. A
 * build that printed its error and then 70 more lines of clean-up still shows its last 30.
 */
const EVENTS_ASKED = 100;
/** One retry after a 5xx, a 429 or a dropped connection; a failed build's log is a courtesy, not a must. */
const ATTEMPTS = 2;
/** Enough for 100 events of build output; anything larger is not an answer to this question. */
const MAX_ANSWER_BYTES = 512 * 1024;

/**
 * The last lines of a finished build's output, fetched once when the events stream did not deliver them
 * (polling, or a deployment that had already failed when it was found). Bounded by a short budget and the
 * wait deadline; any failure only means there are no lines to show (a debug log says why).
 */
export async function fetchBuildLog(ctx: WaitContext, api: VercelApi, id: string): Promise<string[]> {
  const budgetMs = Math.min(ctx.policy.buildLogBudgetMs, ctx.deadline.remainingMs());
  if (budgetMs <= 0 || ctx.signal.aborted) return [];
  // A scope of its own inside the wait's: its signal ends at this budget, the wait's deadline or a cancel.
  const budget = new CallScope({ ...ctx.deps, signal: ctx.signal }, { ...ctx.limits, budgetMs });
  const stop = budget.signal;
  let problem = 'no answer';
  try {
    for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
      let waitMs = backoffDelay(attempt, ctx.policy.retry, ctx.deps.random);
      try {
        const signal = AbortSignal.any([stop, ctx.requestSignal()]);
        const response = await api.recentEvents(id, EVENTS_ASKED, signal);
        if (response.status === 200) return lastLines(await readCapped(response.body, MAX_ANSWER_BYTES));
        discard(response.body);
        problem = `HTTP ${response.status}`;
        if (response.status === 429) {
          waitMs = serverRequestedDelay(response.headers, ctx.deps.clock.now()) ?? waitMs;
        } else if (response.status < 500) {
          break;
        }
      } catch (error) {
        if (error instanceof SyntaxError || error instanceof BodyTooLarge) {
          problem = `an unreadable answer: ${untrusted(error.message, 120)}`;
          break;
        }
        problem = stop.aborted ? 'no answer in time' : briefTransportError(error);
      }
      if (attempt + 1 < ATTEMPTS) await ctx.deps.clock.sleep(waitMs, stop);
    }
  } catch {
    // A pause cut short by the budget, the deadline or a cancel: the reason is worded below.
  } finally {
    budget.dispose();
  }
  if (ctx.deps.signal.aborted) problem = 'cancelled';
  else if (stop.aborted) problem = `${problem}; stopped after ${formatDuration(budgetMs)}`;
  ctx.deps.logger.debug(
    `Could not fetch the build output of ${untrusted(id, 80)} from the Vercel API (${problem}); the report ` +
      'goes without it.',
  );
  return [];
}

/**
 * The output lines of an events answer, oldest first. Vercel answers a JSON array (newest first when asked
 * `backward`); newline-delimited JSON is read too. The order is taken from the events' times, so an API that
 * ignored `direction` still reads top to bottom.
 */
export function lastLines(text: string): string[] {
  const events = parseEvents(text);
  const times = events.map(eventTime).filter((t) => t !== undefined);
  const first = times[0];
  const last = times.at(-1);
  // Asked for `backward`: newest first unless the times say otherwise (equal times cannot tell).
  const oldestFirst = first !== undefined && last !== undefined && first < last;
  const chronological = oldestFirst ? events : [...events].reverse();
  const tail = new BuildLogTail(BUILD_LOG_LINES);
  for (const event of chronological) {
    const output = eventOutput(event);
    if (output !== undefined) tail.add(output);
  }
  return tail.lines();
}

function parseEvents(text: string): unknown[] {
  const trimmed = text.trim();
  if (trimmed.startsWith('[')) {
    const list: unknown = JSON.parse(trimmed);
    return Array.isArray(list) ? list : [];
  }
  return trimmed
    .split('\n')
    .map(parseEvent)
    .filter((event) => event !== undefined);
}
