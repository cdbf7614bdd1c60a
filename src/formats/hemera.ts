import type { HealthDocument, HealthStatus, ServiceHealth, ServiceStatus } from '../model/types.js';
import { flattenDetails, SECRET_KEY } from './details.js';
import {
  expected,
  FieldError,
  fieldPath,
  isRecord,
  optionalCount,
  optionalMilliseconds,
  optionalString,
} from './fields.js';
import { parseJsonDocument } from './json-document.js';
import { MAX_VALUES, type ReadValues, readMetricValues } from './metric-values.js';
import { reconcile } from './reconcile.js';
import type { HealthAnswer, HealthFormat, ParseResult } from './types.js';

// The Hemera format (the original design): `summary.overallStatus` healthy|degraded|unhealthy,
// `services{<key>: {name, status pass|warn|fail, responseTime, details, lastChecked}}`, HTTP 200/206/503.
// Extended metrics: numbers in a service's `details` (`poolUsage: 0.72`) and an optional top-level `metrics`
// object (`cpu: 0.42`, `memory: {value: 512, unit: "MB"}`) — rule metrics `database_poolUsage`, `metrics_cpu`.

const OVERALL: readonly HealthStatus[] = ['healthy', 'degraded', 'unhealthy'];
const SERVICE: readonly ServiceStatus[] = ['pass', 'warn', 'fail'];

export const hemera: HealthFormat<'hemera'> = {
  name: 'hemera',
  looksFor: '`summary.overallStatus` or `services`',

  claims(answer) {
    if (answer.json.kind !== 'parsed' || !isRecord(answer.json.value)) return false;
    const body = answer.json.value;
    return (isRecord(body.summary) && 'overallStatus' in body.summary) || isRecord(body.services);
  },

  parse(answer): ParseResult {
    return parseJsonDocument(answer, readDocument);
  },
};

function readDocument(body: Record<string, unknown>, answer: HealthAnswer): HealthDocument {
  const summary = body.summary;
  if (!isRecord(summary))
    throw new FieldError(expected('summary', summary, 'an object with `overallStatus`'));
  const overall = summary.overallStatus;
  if (typeof overall !== 'string' || !OVERALL.includes(overall as HealthStatus)) {
    throw new FieldError(expected('summary.overallStatus', overall, 'one of healthy, degraded, unhealthy'));
  }
  const counts = {
    totalChecks: optionalCount(summary.totalChecks, 'summary.totalChecks'),
    passedChecks: optionalCount(summary.passedChecks, 'summary.passedChecks'),
    failedChecks: optionalCount(summary.failedChecks, 'summary.failedChecks'),
    warningChecks: optionalCount(summary.warningChecks, 'summary.warningChecks'),
  };

  const warnings: string[] = [];
  const dropped = { count: 0 };
  const services = readServices(body.services, warnings, dropped);
  const metrics = readMetrics(body.metrics, warnings, dropped);
  if (dropped.count > 0) {
    warnings.push(
      `Only the first ${MAX_VALUES} numbers of a service's \`details\` and of \`metrics\` become metrics; ${dropped.count} more were ignored.`,
    );
  }
  const { status, warning } = reconcile('hemera', overall as HealthStatus, answer.httpStatus);
  if (warning) warnings.unshift(warning);

  return {
    format: 'hemera',
    status,
    services,
    summary: withoutUndefined(counts),
    app: readApp(body.deployment),
    ...(metrics ? { metrics } : {}),
    warnings,
  };
}

/** The body's own `metrics`: optional, and a wrong shape only costs the metrics, not the health answer. */
function readMetrics(
  metrics: unknown,
  warnings: string[],
  dropped: { count: number },
): HealthDocument['metrics'] {
  if (metrics === undefined || metrics === null) return undefined;
  if (!isRecord(metrics)) {
    warnings.push(`${expected('metrics', metrics, 'an object of numbers')}; no \`metrics_\` metric is read.`);
    return undefined;
  }
  return keep(readMetricValues(Object.entries(metrics)), dropped);
}

function keep(read: ReadValues, dropped: { count: number }): ReadValues['values'] {
  dropped.count += read.dropped;
  return read.values;
}

function readServices(services: unknown, warnings: string[], dropped: { count: number }): ServiceHealth[] {
  if (services === undefined || services === null) {
    // A body with only a summary still says how the app is; it just cannot say which part is failing.
    warnings.push('The body has no `services`, so no service can be named in the report.');
    return [];
  }
  if (!isRecord(services)) throw new FieldError(expected('services', services, 'an object keyed by service'));
  return Object.entries(services).map(([key, entry]) => readService(key, entry, dropped));
}

/** `provider` names the service's vendor (an alias); secret-looking keys stay out of metrics as out of tables. */
const NOT_A_VALUE = (key: string) => key === 'provider' || SECRET_KEY.test(key);

function readService(key: string, entry: unknown, dropped: { count: number }): ServiceHealth {
  const path = fieldPath('services', key);
  if (!isRecord(entry)) throw new FieldError(expected(path, entry, 'an object with `status`'));
  const status = entry.status;
  if (typeof status !== 'string' || !SERVICE.includes(status as ServiceStatus)) {
    throw new FieldError(expected(`${path}.status`, status, 'one of pass, warn, fail'));
  }
  const details = entry.details;
  const provider = isRecord(details) && typeof details.provider === 'string' ? details.provider : undefined;
  const values = isRecord(details)
    ? keep(readMetricValues(Object.entries(details), NOT_A_VALUE), dropped)
    : undefined;
  return {
    key,
    name: optionalString(entry.name, `${path}.name`) ?? key,
    status: status as ServiceStatus,
    responseTimeMs: optionalMilliseconds(entry.responseTime, `${path}.responseTime`),
    provider,
    detail: flattenDetails(details),
    lastChecked: optionalString(entry.lastChecked, `${path}.lastChecked`),
    ...(values ? { values } : {}),
  };
}

function readApp(deployment: unknown): HealthDocument['app'] {
  if (!isRecord(deployment)) return undefined;
  const pick = (value: unknown) => (typeof value === 'string' && value !== '' ? value : undefined);
  const app = withoutUndefined({
    version: pick(deployment.version),
    deploymentId: pick(deployment.deploymentId),
    region: pick(deployment.region),
  });
  return app && Object.keys(app).length > 0 ? app : undefined;
}

function withoutUndefined<T extends Record<string, unknown>>(
  record: T,
): { [K in keyof T]?: Exclude<T[K], undefined> } | undefined {
  const entries = Object.entries(record).filter(([, value]) => value !== undefined);
  return entries.length > 0
    ? (Object.fromEntries(entries) as { [K in keyof T]?: Exclude<T[K], undefined> })
    : undefined;
}
