import { untrusted } from '../util/text.js';

/**
 * What can go wrong with Rollbar, by what the user would do about it. Each kind becomes one warning at the
 * end of the run, however many calls it spoiled: a bad token refuses the deploy and every item alike.
 */
export type TroubleKind = 'token' | 'refused' | 'rate-limit' | 'unavailable' | 'timeout' | 'unreachable';

export interface Trouble {
  kind: TroubleKind;
  /** What was seen and where, e.g. `401 at POST /api/1/deploy: "invalid access token"` (no secrets). */
  detail: string;
  /** rate-limit: how long until Rollbar takes calls again, when it said. */
  resetInMs?: number | undefined;
}

/** Rollbar's own words in a message: quoted, one line, short (remote text). */
export function quoteRollbar(message: unknown): string {
  const text = untrusted(message, 160);
  return text ? `"${text}"` : '';
}
