import type { Trouble, TroubleKind } from '../../clients/rollbar-trouble.js';
import { formatDuration } from '../../util/text.js';

interface Seen {
  first: Trouble;
  /** What was not recorded because of it (`the deploy`, `alert item "error_rate_spike"`). */
  affected: string[];
}

/** Collects Rollbar trouble during the run; `warnings()` turns it into one actionable line per kind. */
export class RollbarTroubles {
  private readonly seen = new Map<TroubleKind, Seen>();
  /** Clock time until which Rollbar asked not to be called (a 429 whose reset lies beyond our budget). */
  private rateLimitedUntil = 0;

  constructor(private readonly endpointOrigin: string) {}

  record(trouble: Trouble, affected: string, nowMs: number): void {
    const entry = this.seen.get(trouble.kind);
    if (entry) entry.affected.push(affected);
    else this.seen.set(trouble.kind, { first: trouble, affected: [affected] });
    if (trouble.kind === 'rate-limit' && trouble.resetInMs !== undefined) {
      this.rateLimitedUntil = Math.max(this.rateLimitedUntil, nowMs + trouble.resetInMs);
    }
  }

  /**
   * Why calling Rollbar again now would be pointless: the token was refused, or the rate limit has not reset.
   * The trouble to file what is skipped under; undefined when a call may go out.
   */
  reasonToSkip(nowMs: number): Trouble | undefined {
    const token = this.seen.get('token');
    if (token) return token.first;
    const limited = this.seen.get('rate-limit');
    if (limited && nowMs < this.rateLimitedUntil) return limited.first;
    return undefined;
  }

  has(kind: TroubleKind): boolean {
    return this.seen.has(kind);
  }

  warnings(): string[] {
    return [...this.seen.values()].map(({ first, affected }) => this.warning(first, affected));
  }

  private warning(trouble: Trouble, affected: string[]): string {
    const lost = `Not recorded: ${describeAffected(affected)}.`;
    const unaffected = "The gate's verdict does not depend on Rollbar.";
    const where = `\`rollbar-endpoint\` (${this.endpointOrigin})`;
    switch (trouble.kind) {
      case 'token':
        return (
          `Rollbar refused the token (${trouble.detail}): use a project access token with the ` +
          `\`post_server_item\` scope as \`rollbar-token\`. ${lost} ${unaffected}`
        );
      case 'refused':
        return `Rollbar rejected the request (${trouble.detail}); check \`rollbar-environment\` and ${where}. ${lost} ${unaffected}`;
      case 'rate-limit': {
        const reset =
          trouble.resetInMs !== undefined ? `; it resets in ${formatDuration(trouble.resetInMs)}` : '';
        return (
          `Rollbar's rate limit was reached (${trouble.detail}${reset}). ${lost} Raise the project's rate ` +
          `limit in Rollbar, or let fewer runs report to it. ${unaffected}`
        );
      }
      case 'unavailable':
        return (
          `Rollbar could not take the request (${trouble.detail}); Rollbar may be having trouble: nothing to ` +
          `change unless it persists. ${lost} ${unaffected}`
        );
      case 'timeout':
        return `Rollbar did not answer in time (${trouble.detail}); check ${where} and the runner's network. ${lost} ${unaffected}`;
      case 'unreachable':
        return `Could not reach Rollbar (${trouble.detail}); check ${where} and the runner's network. ${lost} ${unaffected}`;
    }
  }
}

/** `the deploy and 2 alert items (database_connection_failure, error_rate_spike)`. */
function describeAffected(affected: string[]): string {
  const items = affected.filter((a) => a.startsWith('item:')).map((a) => a.slice('item:'.length));
  const others = [...new Set(affected.filter((a) => !a.startsWith('item:')))];
  const parts = [...others];
  if (items.length === 1) parts.push(`the alert item of rule ${items[0]}`);
  else if (items.length > 1) parts.push(`${items.length} alert items (${items.join(', ')})`);
  return parts.length > 1 ? `${parts.slice(0, -1).join(', ')} and ${parts.at(-1)}` : (parts[0] ?? 'nothing');
}

/** Affected-list entry for an alert item. */
export const itemLabel = (ruleId: string) => `item:${ruleId}`;
