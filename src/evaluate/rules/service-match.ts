import { serviceMetricName } from '../../config/metric-names.js';
import type { ServiceHealth } from '../../model/types.js';
import { untrusted } from '../../util/text.js';

export interface ServiceMatch {
  service: ServiceHealth;
  /** How the name in the metric found the service (`auth` finds `authentication` by `prefix`). */
  by: 'key' | 'prefix' | 'provider';
}

/**
 * The service a metric's name means (SPEC "Metrics"): the service with exactly that key, else the one key it
 * is a prefix of (`auth` → `authentication`), else the one whose `details.provider` it is (`stripe` →
 * `payment`). Several candidates at one step are ambiguous, not a guess.
 */
export function findService(
  wanted: string,
  services: readonly ServiceHealth[],
): ServiceMatch | { problem: string } {
  const lower = wanted.toLowerCase();
  const exact = services.find((s) => s.key === wanted) ?? services.find((s) => s.key.toLowerCase() === lower);
  if (exact) return { service: exact, by: 'key' };

  const byPrefix = services.filter((s) => s.key.toLowerCase().startsWith(lower));
  if (byPrefix.length === 1 && byPrefix[0]) return { service: byPrefix[0], by: 'prefix' };
  if (byPrefix.length > 1) {
    return {
      problem: `\`${wanted}\` is the start of several services (${keys(byPrefix)}); write the full key`,
    };
  }

  const byProvider = services.filter((s) => s.provider?.toLowerCase() === lower);
  if (byProvider.length === 1 && byProvider[0]) return { service: byProvider[0], by: 'provider' };
  if (byProvider.length > 1) {
    return {
      problem: `several services use the provider \`${wanted}\` (${keys(byProvider)}); write the service key`,
    };
  }

  if (services.length === 0) return { problem: `the health answer lists no services to match \`${wanted}\`` };
  return { problem: `no service matches \`${wanted}\` (services: ${keys(services)})` };
}

/** For `<service>_health` / `<service>_response_time`: the aspect and the service; undefined for other metrics. */
export function resolveServiceMetric(
  metric: string,
  services: readonly ServiceHealth[],
): ({ aspect: 'health' | 'response_time' } & (ServiceMatch | { problem: string })) | undefined {
  const name = serviceMetricName(metric);
  if (!name) return undefined;
  return { aspect: name.aspect, ...findService(name.service, services) };
}

/** Service keys are remote text: escaped, and only the first few. */
function keys(services: readonly ServiceHealth[]): string {
  const shown = services.slice(0, 8).map((s) => untrusted(s.key, 40));
  return `${shown.join(', ')}${services.length > 8 ? `, … ${services.length - 8} more` : ''}`;
}
