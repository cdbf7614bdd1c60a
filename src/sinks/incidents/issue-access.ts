import type { Logger } from '../../model/deps.js';
import { untrusted } from '../../util/text.js';
import { failureOf } from '../github/access.js';

/** Calls that fail in a row (no answer, 5xx, rate limit, each after the client's retries) before giving up. */
const FAILURES_BEFORE_GIVING_UP = 2;

const KEPT =
  'The incident is still kept in the history and the verdict still decides the step; the next run that ' +
  'reports it tries the issue again.';

/**
 * Runs the incident issues' GitHub calls so that nothing escapes the monitor: a failure becomes one warning
 * per kind that says what to do, never a crash. A 401, a 403 that is no rate limit (the token lacks
 * `issues: write`) or a 410 (issues are disabled) switches incident issues off for the rest of the run;
 * so do repeated outages, so a GitHub outage cannot hold the run for minutes per target.
 */
export class IssueAccess {
  private off = false;
  private failuresInARow = 0;
  private readonly warned = new Set<string>();

  constructor(private readonly logger: Logger) {}

  get enabled(): boolean {
    return !this.off;
  }

  /** The call's result, or undefined when incident issues are off or the call failed (already warned). */
  async call<T>(what: string, call: () => Promise<T>): Promise<T | undefined> {
    if (this.off) return undefined;
    try {
      const result = await call();
      this.failuresInARow = 0;
      return result;
    } catch (error) {
      this.report(what, error);
      return undefined;
    }
  }

  private report(what: string, error: unknown): void {
    const { status, message } = failureOf(error);
    const said = untrusted(message, 200);
    if (status === 401) {
      this.off = true;
      this.warnOnce(
        'token',
        `GitHub refused \`github-token\` (401) when trying to ${what}: it is invalid or has expired. No incident ` +
          `issue is written in this run. ${KEPT}`,
      );
      return;
    }
    if (status === 403 && !/rate limit/i.test(message)) {
      this.off = true;
      this.warnOnce(
        'denied',
        `GitHub answered 403 to ${what} (${said}): \`github-token\` may not write issues (it lacks ` +
          "`issues: write`). Add `issues: write` to the job's `permissions:` block (for example " +
          '`permissions: { contents: write, issues: write }`), or set `incidents: none`. Incident issues are off ' +
          `for the rest of this run. ${KEPT}`,
      );
      return;
    }
    if (status === 410) {
      this.off = true;
      this.warnOnce(
        'disabled',
        `GitHub answered 410 to ${what} (${said}): issues are turned off in this repository. Turn Issues on ` +
          `in the repository's settings, or set \`incidents: none\`. ${KEPT}`,
      );
      return;
    }
    const outage = status === undefined || status >= 500 || status === 429 || status === 403;
    this.failuresInARow = outage ? this.failuresInARow + 1 : 0;
    if (this.failuresInARow >= FAILURES_BEFORE_GIVING_UP) this.off = true;
    const answer = status === undefined ? `could not be reached (${said})` : `answered ${status} (${said})`;
    const givingUp = this.off
      ? ' GitHub keeps failing, so incident issues are off for the rest of this run.'
      : '';
    this.warnOnce(
      `${what}:${status ?? 'transport'}`,
      `Could not ${what}: GitHub ${answer}.${givingUp} ${KEPT}`,
    );
  }

  private warnOnce(key: string, message: string): void {
    if (this.warned.has(key)) return;
    this.warned.add(key);
    this.logger.warning(message);
  }
}
