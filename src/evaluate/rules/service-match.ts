import { serviceMetricName, splits } from '../../config/metric-names.js';
import { nearest } from '../../config/suggest.js';
import { SERVICE_METRICS, serviceValueName } from '../../metrics/registry.js';
import type { MetricValue, ServiceHealth } from '../../model/types.js';
import { untrusted } from '../../util/text.js';
import { findValue, noValueReason } from './value-lookup.js';

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

/** `<service>_<detail>` found: the service, how its name was found, and the value with its key as the body spells it. */
export interface ServiceValueMatch extends ServiceMatch {
  valueKey: string;
  value: MetricValue;
}

/** Services whose values a did-you-mean looks through, so a hostile answer cannot make it slow. */
const SUGGEST_SERVICES = 50;

/**
 * `<service>_<detail>` (`database_poolUsage`): each way to cut the name at an `_` whose head finds a service
 * (findService: key, key prefix, provider) and whose tail names one of its values (findValue: exact, then
 * ignoring case, `_` and `-`). Heads that match a key come first, then the others, the longest first within
 * each, so `cache_hit_rate` is `cache_hit`'s `rate` when there is a service `cache_hit`. Undefined for a name
 * without such a cut; otherwise the match, or the problem and whether a service was found at all (`matched`:
 * its reason is about the value, more specific than any other).
 */
export function resolveServiceValue(
  name: string,
  services: readonly ServiceHealth[],
): ServiceValueMatch | { problem: string; matched: boolean } | undefined {
  const cuts = splits(name);
  const first = cuts[0];
  if (!first) return undefined;
  const candidates = cuts
    .map(([head, tail]) => ({ head, tail, found: findService(head, services) }))
    .flatMap(({ head, tail, found }) => ('service' in found ? [{ head, tail, match: found }] : []))
    .sort(
      (a, b) => Number(b.match.by === 'key') - Number(a.match.by === 'key') || b.head.length - a.head.length,
    );
  for (const { tail, match } of candidates) {
    const value = findValue(tail, match.service.values);
    if (value && 'key' in value) return { ...match, valueKey: value.key, value: value.value };
  }
  const best = candidates[0];
  if (best) {
    const what = `service \`${untrusted(best.match.service.key, 40)}\``;
    const aspects = SERVICE_METRICS.map(({ suffix }) => suffix.slice(1));
    return {
      problem: noValueReason(what, best.tail, best.match.service.values, `${best.head}_`, aspects),
      matched: true,
    };
  }
  const found = findService(first[0], services);
  const problem = 'problem' in found ? found.problem : `no service matches \`${untrusted(first[0], 40)}\``;
  const near = nearest(name, valueNames(services));
  const hint = near === undefined || near === name ? '' : `; did you mean \`${untrusted(near, 140)}\`?`;
  return { problem: `${problem}${hint}`, matched: false };
}

/** The canonical names of the values of the first few services, for a did-you-mean. */
function valueNames(services: readonly ServiceHealth[]): string[] {
  return services
    .slice(0, SUGGEST_SERVICES)
    .flatMap((service) => Object.keys(service.values ?? {}).map((key) => serviceValueName(service.key, key)));
}

/** Service keys are remote text: escaped, and only the first few. */
function keys(services: readonly ServiceHealth[]): string {
  const shown = services.slice(0, 8).map((s) => untrusted(s.key, 40));
  return `${shown.join(', ')}${services.length > 8 ? `, … ${services.length - 8} more` : ''}`;
}
