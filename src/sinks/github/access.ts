import type { Logger } from '../../model/deps.js';
import type { RunContext } from '../../model/run-context.js';
import { untrusted } from '../../util/text.js';
import { type Area, areaReport, missingPermissionMessage } from './permissions.js';

/**
 * Calls of one report that fail in a row (no answer, 5xx, rate limit, each after its retries) before that
 * report is skipped for the rest of the run: an outage must not hold the job for minutes.
 */
const FAILURES_BEFORE_GIVING_UP = 2;

/** A failed GitHub call, as far as a report cares. */
export interface CallFailure {
  /** The HTTP status GitHub answered with; undefined when no answer came (timeout, connection refused). */
  status: number | undefined;
  message: string;
}

/**
 * Runs the reports' GitHub calls so that nothing escapes: a failure becomes a warning (once per kind, never
 * once per call), a 403 switches that report off for the rest of the run, a 401 switches every report off.
 * Once `cutOff` aborts (the reports' time is up) no call starts, the calls in flight are aborted through the
 * signal each call is handed, and their failures are not warned about one by one: the owner of `cutOff`
 * says once what was not written. The verdict never depends on what happens here.
 */
export class GitHubAccess {
  private readonly off = new Set<Area>();
  private readonly warned = new Set<string>();
  private readonly failuresInARow = new Map<Area, number>();
  private tokenRefused = false;

  constructor(
    private readonly context: RunContext,
    private readonly logger: Logger,
    private readonly cutOff?: AbortSignal,
  ) {}

  enabled(area: Area): boolean {
    return !this.refused(area) && !this.cutOff?.aborted;
  }

  /** Whether GitHub refused the area for good (a 401, a 403, an outage): already warned about. */
  refused(area: Area): boolean {
    return this.tokenRefused || this.off.has(area);
  }

  /**
   * The call's result, or undefined when the report is off or the call failed (already reported). `call` is
   * handed the signal that ends its request when the reports' time is up (pass it as `request.signal`).
   * `expected` lets a caller take a status as an answer rather than a failure (a 404 when looking something up).
   */
  async call<T>(
    area: Area,
    what: string,
    call: (signal: AbortSignal | undefined) => Promise<T>,
    expected: (failure: CallFailure) => boolean = () => false,
  ): Promise<T | undefined> {
    if (!this.enabled(area)) return undefined;
    try {
      const result = await call(this.cutOff);
      this.failuresInARow.set(area, 0);
      return result;
    } catch (error) {
      if (this.cutOff?.aborted) return undefined;
      const failure = failureOf(error);
      if (expected(failure)) return undefined;
      this.report(area, what, failure);
      return undefined;
    }
  }

  private report(area: Area, what: string, failure: CallFailure): void {
    const { status, message } = failure;
    if (status === 401) {
      this.tokenRefused = true;
      this.warnOnce(
        'token',
        `GitHub refused \`github-token\` (401) when trying to ${what}: it is invalid or has expired. No check run ` +
          'or deployment status is written for this run; the job summary and annotations still report. Pass the ' +
          'workflow token (`github.token`) or another valid token.',
      );
      return;
    }
    if (status === 403 && !/rate limit/i.test(message)) {
      this.off.add(area);
      this.warnOnce(`denied:${area}`, missingPermissionMessage(area, what, this.context));
      return;
    }
    const answer =
      status === undefined
        ? `could not be reached (${untrusted(message, 200)})`
        : `answered ${status} (${untrusted(message, 200)})`;
    const outage = status === undefined || status >= 500 || status === 429 || status === 403;
    const inARow = outage ? (this.failuresInARow.get(area) ?? 0) + 1 : 0;
    this.failuresInARow.set(area, inARow);
    const givingUp = inARow >= FAILURES_BEFORE_GIVING_UP;
    if (givingUp) this.off.add(area);
    const advice =
      status === 422
        ? 'GitHub rejected the request as invalid; please report this with the log.'
        : `${givingUp ? `GitHub keeps failing, so the ${areaReport[area]} report is off for the rest of this run. ` : ''}` +
          'The job summary and annotations still report, and the verdict is unchanged.';
    this.warnOnce(
      `${area}:${what}:${status ?? 'transport'}`,
      `Could not ${what}: GitHub ${answer}. ${advice}`,
    );
  }

  private warnOnce(key: string, message: string): void {
    if (this.warned.has(key)) return;
    this.warned.add(key);
    this.logger.warning(message);
  }
}

export function failureOf(error: unknown): CallFailure {
  const response = (error as { response?: { status?: unknown; data?: unknown } }).response;
  // Octokit reports a request that got no answer as status 500 without a response; that is no HTTP 500.
  const status = typeof response?.status === 'number' ? response.status : undefined;
  const data = response?.data;
  const apiMessage =
    data && typeof data === 'object' && typeof (data as { message?: unknown }).message === 'string'
      ? (data as { message: string }).message
      : undefined;
  const message = apiMessage ?? (error instanceof Error ? error.message : String(error));
  return { status, message };
}
