import type { Deps } from '../../model/deps.js';
import type { AlertItem } from './alert-items.js';
import { sendAlertItems } from './item-sender.js';
import { itemLabel, type RollbarTroubles } from './troubles.js';
import type { RollbarTuning } from './tuning.js';

/** Field names the SDK masks besides its own (`token`, `password`, `authorization`, …). */
export const EXTRA_SCRUB_FIELDS = [
  'x-vercel-protection-bypass',
  'protection-bypass',
  'protection_bypass',
  'protectionBypass',
  'x-rollbar-access-token',
  'rollbar-token',
  'vercel-token',
  'github-token',
];

export interface AlertDeliveryEnv {
  token: string;
  endpoint: string;
  environment: string;
  sha: string;
  /** Names of the `headers` input: fields with these names are masked too. */
  headerNames: string[];
  tuning: RollbarTuning;
  troubles: RollbarTroubles;
  deps: Deps;
}

/**
 * Sends the run's alert items, at most `maxItems`, unless calling Rollbar is pointless (its token was
 * refused, its rate limit has not reset); what does not arrive is filed as trouble.
 */
export async function deliverAlerts(all: AlertItem[], env: AlertDeliveryEnv): Promise<void> {
  const { deps, tuning, troubles } = env;
  if (all.length === 0) return;
  const items = all.slice(0, tuning.maxItems);
  if (items.length < all.length) {
    deps.logger.warning(
      `${all.length} alert rules with a Rollbar channel triggered; only the first ${items.length} were sent ` +
        'to Rollbar, so one run cannot flood the project. Every rule is in the report and the summary.',
    );
  }
  const skip = troubles.reasonToSkip(deps.clock.now());
  if (skip) {
    for (const item of items) troubles.record(skip, itemLabel(item.ruleId), deps.clock.now());
    return;
  }
  const deliveries = await sendAlertItems(items, {
    token: env.token,
    endpoint: env.endpoint,
    environment: env.environment,
    codeVersion: env.sha,
    scrubFields: [...EXTRA_SCRUB_FIELDS, ...env.headerNames.map((name) => name.toLowerCase())],
    // A cancelled run has seconds left before the runner kills it.
    flushMs: deps.signal.aborted ? Math.min(tuning.flushMs, tuning.cancelledBudgetMs) : tuning.flushMs,
    deps,
  });
  const sent: string[] = [];
  for (const { item, trouble } of deliveries) {
    if (trouble) troubles.record(trouble, itemLabel(item.ruleId), deps.clock.now());
    else sent.push(item.ruleId);
  }
  if (sent.length) deps.logger.info(`Rollbar: alert item sent for ${sent.join(', ')}.`);
}
