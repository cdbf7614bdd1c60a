import type { HealthDocument, HealthStatus, ServiceHealth, ServiceStatus } from '../model/types.js';
import { untrusted } from '../util/text.js';
import { expected, FieldError, fieldPath, isRecord } from './fields.js';
import { parseJsonDocument } from './json-document.js';
import { isValueKey, MAX_VALUES, metricValue } from './metric-values.js';
import { reconcile } from './reconcile.js';
import type { HealthAnswer, HealthFormat, ParseResult } from './types.js';

// IETF draft "Health Check Response Format for HTTP APIs" (draft-inadarei-api-health-check),
// media type `application/health+json`: `status` pass|warn|fail, `checks` {"component:measurement": [...]}.
// Extended metrics: each measurement's `observedValue` (in `observedUnit`) is a value of its component
// (`database:connections` → rule metric `database_connections`); a check without a measurement (`uptime`)
// gives the value `value` (`uptime_value`). Response-time measurements are the component's response time
// (`database_response_time`) and not also a value: one number, one name.

/** The draft's status words, with the aliases it allows for existing libraries (Node: ok/error, Spring: up/down). */
const STATUS_WORDS: Record<string, ServiceStatus> = {
  pass: 'pass',
  ok: 'pass',
  up: 'pass',
  warn: 'warn',
  fail: 'fail',
  error: 'fail',
  down: 'fail',
};
const STATUS_CHOICES = 'pass, warn or fail (or the aliases ok, up, error, down)';

const VERDICT: Record<ServiceStatus, HealthStatus> = { pass: 'healthy', warn: 'degraded', fail: 'unhealthy' };
const RANK: Record<ServiceStatus, number> = { pass: 0, warn: 1, fail: 2 };

/** Measurements whose observed value is the component's response time. */
const RESPONSE_TIME = /^(responsetime|response_time|response-time|latency)$/i;

export const healthJson: HealthFormat<'health+json'> = {
  name: 'health+json',
  looksFor: 'a top-level `status` of pass, warn or fail',

  claims(answer) {
    if (answer.mediaType === 'application/health+json') return true;
    if (answer.json.kind !== 'parsed' || !isRecord(answer.json.value)) return false;
    return statusWord(answer.json.value.status) !== undefined;
  },

  parse(answer): ParseResult {
    return parseJsonDocument(answer, readDocument);
  },
};

function statusWord(value: unknown): ServiceStatus | undefined {
  return typeof value === 'string' ? STATUS_WORDS[value.trim().toLowerCase()] : undefined;
}

function readDocument(body: Record<string, unknown>, answer: HealthAnswer): HealthDocument {
  const overall = statusWord(body.status);
  if (!overall) throw new FieldError(expected('status', body.status, STATUS_CHOICES));

  const warnings: string[] = [];
  const { status, warning } = reconcile('health+json', VERDICT[overall], answer.httpStatus);
  if (warning) warnings.push(warning);
  if (overall !== 'pass' && typeof body.output === 'string' && body.output.trim() !== '') {
    warnings.push(`The endpoint's \`output\`: ${untrusted(body.output, 200)}`);
  }

  const version = [body.version, body.releaseId].find((v): v is string => typeof v === 'string' && v !== '');
  return {
    format: 'health+json',
    status,
    services: readChecks(body.checks, overall),
    app: version ? { version } : undefined,
    warnings,
  };
}

interface Entry {
  measurement: string;
  status: ServiceStatus | undefined;
  observedValue: unknown;
  observedUnit: unknown;
  time: string | undefined;
  output: string | undefined;
}

/**
 * One ServiceHealth per component: `database:responseTime` and `database:connections` both describe
 * `database`, and metric names (`database_health`) and the original design's rules speak of components, not of
 * measurements. The component's status is the worst of its entries.
 */
function readChecks(checks: unknown, overall: ServiceStatus): ServiceHealth[] {
  if (checks === undefined || checks === null) return [];
  if (!isRecord(checks)) throw new FieldError(expected('checks', checks, 'an object of arrays'));
  const components = new Map<string, Entry[]>();
  for (const [key, list] of Object.entries(checks)) {
    const path = fieldPath('checks', key);
    if (!Array.isArray(list)) throw new FieldError(expected(path, list, 'an array of check objects'));
    const colon = key.indexOf(':');
    const component = colon > 0 ? key.slice(0, colon) : key;
    const measurement = colon > 0 ? key.slice(colon + 1) : '';
    const entries = components.get(component) ?? [];
    list.forEach((item, index) => {
      entries.push(readEntry(item, `${path}[${index}]`, measurement));
    });
    components.set(component, entries);
  }
  return [...components].map(([component, entries]) => toService(component, entries, overall));
}

function readEntry(item: unknown, path: string, measurement: string): Entry {
  if (!isRecord(item)) throw new FieldError(expected(path, item, 'a check object'));
  let status: ServiceStatus | undefined;
  if (item.status !== undefined && item.status !== null) {
    status = statusWord(item.status);
    if (!status) throw new FieldError(expected(`${path}.status`, item.status, STATUS_CHOICES));
  }
  return {
    measurement,
    status,
    observedValue: item.observedValue,
    observedUnit: item.observedUnit,
    time: typeof item.time === 'string' ? item.time : undefined,
    output: typeof item.output === 'string' && item.output.trim() !== '' ? item.output : undefined,
  };
}

function toService(component: string, entries: Entry[], overall: ServiceStatus): ServiceHealth {
  const stated = entries.map((e) => e.status).filter((s): s is ServiceStatus => s !== undefined);
  // Entries without a status of their own share the document's.
  const status = (stated.length > 0 ? stated : [overall]).reduce((a, b) => (RANK[b] > RANK[a] ? b : a));
  const responseTimes = entries
    .filter((e) => RESPONSE_TIME.test(e.measurement))
    .map((e) => toMilliseconds(e.observedValue, e.observedUnit))
    .filter((ms): ms is number => ms !== undefined);
  const times = entries.map((e) => e.time).filter((t): t is string => t !== undefined);
  const values = readValues(entries);
  return {
    key: component,
    name: component,
    status,
    responseTimeMs: responseTimes.length > 0 ? Math.max(...responseTimes) : undefined,
    detail: describeEntries(entries),
    lastChecked: times.length > 0 ? times.sort().at(-1) : undefined,
    ...(values ? { values } : {}),
  };
}

/**
 * The observed numbers of a component's measurements, by measurement. Several entries of one measurement
 * (one per node, say) give the largest, as response times do, among those in the first entry's unit.
 */
function readValues(entries: Entry[]): ServiceHealth['values'] {
  const values: NonNullable<ServiceHealth['values']> = {};
  let kept = 0;
  for (const entry of entries) {
    const key = entry.measurement || 'value';
    if (RESPONSE_TIME.test(key) || !isValueKey(key)) continue;
    const value = metricValue(entry.observedValue, entry.observedUnit);
    if (!value) continue;
    const seen = Object.hasOwn(values, key) ? values[key] : undefined;
    if (seen) {
      if (seen.unit === value.unit && value.value > seen.value) values[key] = value;
    } else if (kept < MAX_VALUES) {
      values[key] = value;
      kept++;
    }
  }
  return kept > 0 ? values : undefined;
}

function toMilliseconds(value: unknown, unit: unknown): number | undefined {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) return undefined;
  const u = typeof unit === 'string' ? unit.trim().toLowerCase() : 'ms';
  if (u === 'ms' || u === 'milliseconds' || u === '') return value;
  if (u === 's' || u === 'sec' || u === 'seconds') return value * 1000;
  if (u === 'us' || u === 'µs' || u === 'microseconds') return value / 1000;
  if (u === 'ns' || u === 'nanoseconds') return value / 1_000_000;
  return undefined;
}

function describeEntries(entries: Entry[]): string | undefined {
  const parts = entries.flatMap((e) => {
    const out: string[] = [];
    if (e.measurement && e.observedValue !== undefined && typeof e.observedValue !== 'object') {
      const unit = typeof e.observedUnit === 'string' ? ` ${e.observedUnit}` : '';
      out.push(`${e.measurement}=${String(e.observedValue)}${unit}`);
    }
    if (e.output) out.push(e.output);
    return out;
  });
  return parts.length > 0 ? untrusted(parts.join(', '), 200) : undefined;
}
